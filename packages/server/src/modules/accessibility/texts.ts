import type { Language } from '../councils/schemas.js';

/** The statement’s words, after the EU model (Implementing Decision (EU) 2018/1523), plain text: the page escapes it. */
export interface StatementTexts {
  title: string;
  intro: (council: string) => string;
  scope: string;
  statusHeading: string;
  fully: string;
  partially: string;
  nonAccessibleHeading: string;
  nonCompliant: string;
  noneFound: string;
  violation: (rule: string, views: number) => string;
  outOfScopeHeading: string;
  outOfScope: string[];
  preparationHeading: string;
  prepared: (date: string) => string;
  method: (axe: string, stories: number, pages: number, rules: number) => string;
  reviewed: (date: string) => string;
  feedbackHeading: string;
  feedbackIntro: string;
  contactLabel: string;
  phoneLabel: string;
  deadline: string;
  enforcementHeading: string;
  enforcement: string;
  complaintsLink: string;
  formHeading: string;
  messageLabel: string;
  messageHint: string;
  pageLabel: string;
  nameLabel: string;
  emailLabel: string;
  emailHint: string;
  optional: string;
  submit: string;
  errorSummary: string;
  errorMessage: string;
  errorEmail: string;
  errorPageUrl: string;
  errorPrefix: string;
  receivedTitle: string;
  received: (reference: string, date: string) => string;
  receivedMail: string;
  back: string;
  pickCouncil: string;
  unknownCouncil: string;
}

export const STATEMENT_TEXTS: Record<Language, StatementTexts> = {
  ca: {
    title: "Declaració d’accessibilitat",
    intro: (council) => `${council} s’ha compromès a fer accessible el seu servei d’atenció ciutadana a distància, de conformitat amb el Reial decret 1112/2018, de 7 de setembre, sobre accessibilitat dels llocs web i aplicacions per a dispositius mòbils del sector públic.`,
    scope: "Aquesta declaració s’aplica a les pàgines i als components de Finestreta que el servei fa servir: demanar una trucada, la cita per videotrucada, els documents, l’enquesta, la verificació i el taulell dels agents.",
    statusHeading: 'Situació de compliment',
    fully: 'Aquest lloc web és plenament conforme amb el Reial decret 1112/2018 (norma UNE-EN 301549:2022, WCAG 2.1 nivell AA).',
    partially: 'Aquest lloc web és parcialment conforme amb el Reial decret 1112/2018 (norma UNE-EN 301549:2022, WCAG 2.1 nivell AA) a causa de la manca de conformitat que es detalla a continuació.',
    nonAccessibleHeading: 'Contingut no accessible',
    nonCompliant: 'Manca de conformitat amb el Reial decret 1112/2018:',
    noneFound: "L’avaluació d’aquesta versió no ha trobat cap manca de conformitat.",
    violation: (rule, views) => `${rule} (${views} ${views === 1 ? 'vista' : 'vistes'})`,
    outOfScopeHeading: "Contingut fora de l’àmbit de la legislació aplicable",
    outOfScope: ["Les videotrucades en directe no tenen subtítols: el contingut multimèdia en directe queda fora de l’àmbit (article 3.4 del Reial decret 1112/2018). Si els necessiteu, demaneu una trucada o indiqueu-ho a l’agent."],
    preparationHeading: "Preparació d’aquesta declaració",
    prepared: (date) => `Aquesta declaració es va preparar el ${date}.`,
    method: (axe, stories, pages, rules) => `Mètode: autoavaluació automàtica de cada versió amb axe-core ${axe}, que comprova ${rules} regles de les WCAG 2.1 nivells A i AA sobre ${stories} vistes dels components i ${pages} pàgines, completada amb proves de teclat i de lector de pantalla.`,
    reviewed: (date) => `Darrera revisió de la declaració: ${date}.`,
    feedbackHeading: 'Observacions i dades de contacte',
    feedbackIntro: "Podeu comunicar-nos qualsevol barrera d’accés, demanar en format accessible un contingut que no ho és o presentar una queixa (article 10.2 del Reial decret 1112/2018) amb el formulari d’aquesta pàgina o per aquests mitjans:",
    contactLabel: 'Correu electrònic',
    phoneLabel: 'Telèfon',
    deadline: "Us respondrem en un termini màxim de 20 dies hàbils (article 12 del Reial decret 1112/2018).",
    enforcementHeading: "Procediment d’aplicació",
    enforcement: "Si passats 20 dies hàbils no heu rebut resposta, o la resposta no us satisfà, podeu presentar una reclamació (article 13 del Reial decret 1112/2018) per la seu electrònica de l’Ajuntament o en qualsevol registre, d’acord amb la Llei 39/2015.",
    complaintsLink: 'Com presentar una reclamació',
    formHeading: "Comuniqueu-nos una barrera d’accés",
    messageLabel: 'Què us ha passat?',
    messageHint: 'Expliqueu quin problema heu trobat i què intentàveu fer.',
    pageLabel: "Adreça de la pàgina on l’heu trobat",
    nameLabel: 'Nom',
    emailLabel: 'Correu electrònic',
    emailHint: 'Us hi enviarem un justificant i la resposta.',
    optional: 'opcional',
    submit: 'Envia',
    errorSummary: "Hi ha un problema",
    errorMessage: 'Expliqueu quin problema heu trobat.',
    errorEmail: 'Escriviu una adreça de correu vàlida, com ara nom@exemple.cat, o deixeu-la en blanc.',
    errorPageUrl: "Escriviu l’adreça de la pàgina començant per https://, o deixeu-la en blanc.",
    errorPrefix: 'Error: ',
    receivedTitle: 'Comunicació rebuda',
    received: (reference, date) => `Hem rebut la vostra comunicació amb la referència ${reference}. Us respondrem abans del ${date}.`,
    receivedMail: "Us hem enviat un justificant per correu electrònic.",
    back: "Torna a la declaració d’accessibilitat",
    pickCouncil: 'Trieu un ajuntament:',
    unknownCouncil: 'No trobem aquest ajuntament.',
  },
  es: {
    title: 'Declaración de accesibilidad',
    intro: (council) => `${council} se ha comprometido a hacer accesible su servicio de atención ciudadana a distancia, de conformidad con el Real Decreto 1112/2018, de 7 de septiembre, sobre accesibilidad de los sitios web y aplicaciones para dispositivos móviles del sector público.`,
    scope: 'Esta declaración se aplica a las páginas y los componentes de Finestreta que usa el servicio: solicitar una llamada, la cita por videollamada, los documentos, la encuesta, la verificación y el mostrador de los agentes.',
    statusHeading: 'Situación de cumplimiento',
    fully: 'Este sitio web es plenamente conforme con el Real Decreto 1112/2018 (norma UNE-EN 301549:2022, WCAG 2.1 nivel AA).',
    partially: 'Este sitio web es parcialmente conforme con el Real Decreto 1112/2018 (norma UNE-EN 301549:2022, WCAG 2.1 nivel AA) debido a la falta de conformidad que se detalla a continuación.',
    nonAccessibleHeading: 'Contenido no accesible',
    nonCompliant: 'Falta de conformidad con el Real Decreto 1112/2018:',
    noneFound: 'La evaluación de esta versión no ha encontrado ninguna falta de conformidad.',
    violation: (rule, views) => `${rule} (${views} ${views === 1 ? 'vista' : 'vistas'})`,
    outOfScopeHeading: 'Contenido fuera del ámbito de la legislación aplicable',
    outOfScope: ['Las videollamadas en directo no tienen subtítulos: el contenido multimedia en directo queda fuera del ámbito (artículo 3.4 del Real Decreto 1112/2018). Si los necesita, solicite una llamada o indíqueselo al agente.'],
    preparationHeading: 'Preparación de esta declaración',
    prepared: (date) => `Esta declaración se preparó el ${date}.`,
    method: (axe, stories, pages, rules) => `Método: autoevaluación automática de cada versión con axe-core ${axe}, que comprueba ${rules} reglas de las WCAG 2.1 niveles A y AA sobre ${stories} vistas de los componentes y ${pages} páginas, completada con pruebas de teclado y de lector de pantalla.`,
    reviewed: (date) => `Última revisión de la declaración: ${date}.`,
    feedbackHeading: 'Observaciones y datos de contacto',
    feedbackIntro: 'Puede comunicarnos cualquier barrera de acceso, solicitar en formato accesible un contenido que no lo es o presentar una queja (artículo 10.2 del Real Decreto 1112/2018) con el formulario de esta página o por estos medios:',
    contactLabel: 'Correo electrónico',
    phoneLabel: 'Teléfono',
    deadline: 'Le responderemos en un plazo máximo de 20 días hábiles (artículo 12 del Real Decreto 1112/2018).',
    enforcementHeading: 'Procedimiento de aplicación',
    enforcement: 'Si pasados 20 días hábiles no ha recibido respuesta, o la respuesta no le satisface, puede presentar una reclamación (artículo 13 del Real Decreto 1112/2018) por la sede electrónica del Ayuntamiento o en cualquier registro, de acuerdo con la Ley 39/2015.',
    complaintsLink: 'Cómo presentar una reclamación',
    formHeading: 'Comuníquenos una barrera de acceso',
    messageLabel: '¿Qué le ha pasado?',
    messageHint: 'Explique qué problema ha encontrado y qué intentaba hacer.',
    pageLabel: 'Dirección de la página donde lo ha encontrado',
    nameLabel: 'Nombre',
    emailLabel: 'Correo electrónico',
    emailHint: 'Le enviaremos un justificante y la respuesta.',
    optional: 'opcional',
    submit: 'Enviar',
    errorSummary: 'Hay un problema',
    errorMessage: 'Explique qué problema ha encontrado.',
    errorEmail: 'Escriba una dirección de correo válida, como nombre@ejemplo.es, o déjela en blanco.',
    errorPageUrl: 'Escriba la dirección de la página empezando por https://, o déjela en blanco.',
    errorPrefix: 'Error: ',
    receivedTitle: 'Comunicación recibida',
    received: (reference, date) => `Hemos recibido su comunicación con la referencia ${reference}. Le responderemos antes del ${date}.`,
    receivedMail: 'Le hemos enviado un justificante por correo electrónico.',
    back: 'Volver a la declaración de accesibilidad',
    pickCouncil: 'Elija un ayuntamiento:',
    unknownCouncil: 'No encontramos este ayuntamiento.',
  },
  en: {
    title: 'Accessibility statement',
    intro: (council) => `${council} is committed to making its remote citizen service accessible, in accordance with Royal Decree 1112/2018 of 7 September on the accessibility of public sector websites and mobile applications.`,
    scope: "This statement applies to the Finestreta pages and components the service uses: asking for a callback, the video appointment, documents, the survey, verification and the agents' desk.",
    statusHeading: 'Compliance status',
    fully: 'This website is fully compliant with Royal Decree 1112/2018 (standard EN 301 549:2022, WCAG 2.1 level AA).',
    partially: 'This website is partially compliant with Royal Decree 1112/2018 (standard EN 301 549:2022, WCAG 2.1 level AA) due to the non-compliances listed below.',
    nonAccessibleHeading: 'Non-accessible content',
    nonCompliant: 'Non-compliance with Royal Decree 1112/2018:',
    noneFound: 'The evaluation of this release found no non-compliance.',
    violation: (rule, views) => `${rule} (${views} ${views === 1 ? 'view' : 'views'})`,
    outOfScopeHeading: 'Content not within the scope of the applicable legislation',
    outOfScope: ['Live video calls have no captions: live time-based media is outside the scope (article 3.4 of Royal Decree 1112/2018). If you need them, ask for a callback or tell the agent.'],
    preparationHeading: 'Preparation of this accessibility statement',
    prepared: (date) => `This statement was prepared on ${date}.`,
    method: (axe, stories, pages, rules) => `Method: an automated self-assessment of every release with axe-core ${axe}, checking ${rules} WCAG 2.1 level A and AA rules over ${stories} component views and ${pages} pages, completed with keyboard and screen reader tests.`,
    reviewed: (date) => `The statement was last reviewed on ${date}.`,
    feedbackHeading: 'Feedback and contact information',
    feedbackIntro: 'You can tell us about any barrier you meet, ask for content that is not accessible in an accessible format, or make a complaint (article 10.2 of Royal Decree 1112/2018) with the form on this page or by these means:',
    contactLabel: 'Email',
    phoneLabel: 'Phone',
    deadline: 'We will answer within 20 working days (article 12 of Royal Decree 1112/2018).',
    enforcementHeading: 'Enforcement procedure',
    enforcement: "If you have had no answer after 20 working days, or the answer does not satisfy you, you can file a complaint (article 13 of Royal Decree 1112/2018) through the council’s e-office or at any public registry, under Law 39/2015.",
    complaintsLink: 'How to file a complaint',
    formHeading: 'Tell us about a barrier',
    messageLabel: 'What happened?',
    messageHint: 'Tell us what problem you met and what you were trying to do.',
    pageLabel: 'Address of the page where you met it',
    nameLabel: 'Name',
    emailLabel: 'Email',
    emailHint: 'We will send you a receipt and our answer.',
    optional: 'optional',
    submit: 'Send',
    errorSummary: 'There is a problem',
    errorMessage: 'Tell us what problem you met.',
    errorEmail: 'Enter a valid email address, like name@example.com, or leave it blank.',
    errorPageUrl: 'Enter the page address starting with https://, or leave it blank.',
    errorPrefix: 'Error: ',
    receivedTitle: 'Feedback received',
    received: (reference, date) => `We have received your feedback with the reference ${reference}. We will answer by ${date}.`,
    receivedMail: 'We have emailed you a receipt.',
    back: 'Back to the accessibility statement',
    pickCouncil: 'Choose a council:',
    unknownCouncil: 'We cannot find this council.',
  },
};

/** The acknowledgement emailed to a person who gave an address; it does not repeat their message, so that nobody can send others text of their own through it. */
export interface FeedbackMailTexts {
  subject: (reference: string) => string;
  greeting: (name: string | null) => string;
  received: string;
  referenceLabel: string;
  answerByLabel: string;
  deadline: string;
  enforcement: string;
  signature: (council: string) => string;
}

export const FEEDBACK_MAIL_TEXTS: Record<Language, FeedbackMailTexts> = {
  ca: {
    subject: (reference) => `Hem rebut la vostra comunicació sobre accessibilitat (${reference})`,
    greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    received: "Hem rebut la vostra comunicació sobre l’accessibilitat del nostre servei d’atenció a distància. Gràcies per ajudar-nos a millorar-lo.",
    referenceLabel: 'Referència',
    answerByLabel: 'Resposta abans del',
    deadline: 'Us respondrem en un termini màxim de 20 dies hàbils, tal com estableix l’article 12 del Reial decret 1112/2018.',
    enforcement: "Si passat aquest termini no heu rebut resposta, o la resposta no us satisfà, podeu presentar una reclamació (article 13 del Reial decret 1112/2018).",
    signature: (council) => `Atentament,\n${council}`,
  },
  es: {
    subject: (reference) => `Hemos recibido su comunicación sobre accesibilidad (${reference})`,
    greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    received: 'Hemos recibido su comunicación sobre la accesibilidad de nuestro servicio de atención a distancia. Gracias por ayudarnos a mejorarlo.',
    referenceLabel: 'Referencia',
    answerByLabel: 'Respuesta antes del',
    deadline: 'Le responderemos en un plazo máximo de 20 días hábiles, tal como establece el artículo 12 del Real Decreto 1112/2018.',
    enforcement: 'Si pasado este plazo no ha recibido respuesta, o la respuesta no le satisface, puede presentar una reclamación (artículo 13 del Real Decreto 1112/2018).',
    signature: (council) => `Atentamente,\n${council}`,
  },
  en: {
    subject: (reference) => `We have received your accessibility feedback (${reference})`,
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    received: 'We have received your feedback about the accessibility of our remote citizen service. Thank you for helping us improve it.',
    referenceLabel: 'Reference',
    answerByLabel: 'Answer by',
    deadline: 'We will answer within 20 working days, as article 12 of Royal Decree 1112/2018 requires.',
    enforcement: 'If you have had no answer by then, or the answer does not satisfy you, you can file a complaint (article 13 of Royal Decree 1112/2018).',
    signature: (council) => `Kind regards,\n${council}`,
  },
};
