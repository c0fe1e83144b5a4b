import type { Language } from '../councils/schemas.js';

/** Text of the demo council's site, plain text: the templates escape it. */
export interface SiteTexts {
  languageName: string;
  skipLink: string;
  title: string;
  description: string;
  languageNav: string;
  mainNav: string;
  navServices: string;
  navHowItWorks: string;
  navHours: string;
  navContact: string;
  heading: string;
  lead: string;
  servicesHeading: string;
  callbackHeading: string;
  callbackBody: string;
  videoHeading: string;
  videoBody: string;
  documentsHeading: string;
  documentsBody: string;
  howHeading: string;
  howSteps: string[];
  contactHeading: string;
  contactBody: string;
  hoursHeading: string;
  hoursNote: string;
  footerNav: string;
  legalHeading: string;
  legalBody: string;
  privacyHeading: string;
  privacyBody: string;
  accessibilityHeading: string;
  accessibilityBody: string;
  accessibilityLink: string;
  deskTitle: string;
  navTransparency: string;
  transparencyTitle: string;
  transparencyHeading: string;
  transparencyLead: string;
  transparencyLink: string;
}

export const SITE_TEXTS: Record<Language, SiteTexts> = {
  ca: {
    languageName: 'Català',
    skipLink: 'Salta al contingut principal',
    title: 'Atenció ciutadana a distància — Ajuntament de Vilademo',
    description: 'L’Oficina d’Atenció Ciutadana de Vilademo us atén per telèfon i per videotrucada.',
    languageNav: 'Idioma',
    mainNav: 'Menú principal',
    navServices: 'Serveis a distància',
    navHowItWorks: 'Com funciona',
    navHours: 'Horari',
    navContact: 'Contacte',
    heading: 'Atenció ciutadana a distància',
    lead: 'L’Oficina d’Atenció Ciutadana (OAC) us atén sense que us hàgiu de desplaçar: per telèfon, a l’hora que us vagi bé, o per videotrucada, amb la mateixa validesa que un tràmit fet a l’oficina.',
    servicesHeading: 'Serveis a distància',
    callbackHeading: 'Truca’m',
    callbackBody: 'Si us costa fer un tràmit electrònic, trieu el dia i l’hora i un agent de l’OAC us trucarà per guiar-vos-hi pas a pas. Us atenem de dilluns a divendres, de 8 a 20 h.',
    videoHeading: 'Cita per videotrucada',
    videoBody: 'Per a tràmits com l’alta al padró municipal o la sol·licitud d’ajuts socials, demaneu cita i rebreu un correu amb les instruccions i els documents que cal preparar. A l’hora acordada validarem la vostra identitat amb el DNI o el NIE, revisarem la documentació i omplirem la sol·licitud amb vosaltres. En acabar, descarregareu el justificant.',
    documentsHeading: 'Enviament de documents',
    documentsBody: 'Si durant la videotrucada us falta un document, el podeu fotografiar amb el mòbil i enviar-lo en aquell moment, de manera segura.',
    howHeading: 'Com funciona',
    howSteps: [
      'Trieu el servei i una hora lliure.',
      'Rebeu la confirmació per correu electrònic, amb un enllaç personal.',
      'A l’hora acordada, us truquem o us connecteu a la videotrucada.',
      'En acabar, us demanem la vostra opinió per millorar el servei.',
    ],
    contactHeading: 'Contacte',
    contactBody: 'Oficina d’Atenció Ciutadana · Plaça de la Vila, 1 · 08999 Vilademo',
    hoursHeading: 'Horari de l’OAC',
    hoursNote: 'Els dies festius l’oficina és tancada.',
    footerNav: 'Informació legal',
    legalHeading: 'Avís legal',
    legalBody: 'Vilademo és un municipi fictici. Aquest web mostra com un ajuntament pot oferir atenció ciutadana a distància amb Finestreta.',
    privacyHeading: 'Privacitat',
    privacyBody: 'Les dades que ens faciliteu només s’utilitzen per atendre la vostra sol·licitud.',
    accessibilityHeading: 'Declaració d’accessibilitat',
    accessibilityBody: 'Aquest web vol complir el nivell AA de les pautes WCAG 2.1. Si hi trobeu cap barrera, digueu-nos-ho a l’OAC.',
    accessibilityLink: 'Declaració d’accessibilitat i formulari per comunicar barreres',
    deskTitle: 'Escriptori de l’OAC',
    navTransparency: 'Transparència',
    transparencyTitle: 'Activitat de l’atenció a distància — Ajuntament de Vilademo',
    transparencyHeading: 'Activitat de l’atenció ciutadana a distància',
    transparencyLead: 'Xifres mensuals de les trucades i les videotrucades de l’OAC: sol·licituds, ateses, temps d’espera i valoració de la ciutadania. Les dades es poden descarregar en format obert (CSV i JSON).',
    transparencyLink: 'Consulteu l’activitat mensual del servei al portal de transparència.',
  },
  es: {
    languageName: 'Español',
    skipLink: 'Saltar al contenido principal',
    title: 'Atención ciudadana a distancia — Ajuntament de Vilademo',
    description: 'La Oficina de Atención Ciudadana de Vilademo le atiende por teléfono y por videollamada.',
    languageNav: 'Idioma',
    mainNav: 'Menú principal',
    navServices: 'Servicios a distancia',
    navHowItWorks: 'Cómo funciona',
    navHours: 'Horario',
    navContact: 'Contacto',
    heading: 'Atención ciudadana a distancia',
    lead: 'La Oficina de Atención Ciudadana (OAC) le atiende sin que tenga que desplazarse: por teléfono, a la hora que le vaya bien, o por videollamada, con la misma validez que un trámite hecho en la oficina.',
    servicesHeading: 'Servicios a distancia',
    callbackHeading: 'Llámame',
    callbackBody: 'Si le cuesta hacer un trámite electrónico, elija el día y la hora y un agente de la OAC le llamará para guiarle paso a paso. Le atendemos de lunes a viernes, de 8 a 20 h.',
    videoHeading: 'Cita por videollamada',
    videoBody: 'Para trámites como el alta en el padrón municipal o la solicitud de ayudas sociales, pida cita y recibirá un correo con las instrucciones y los documentos que debe preparar. A la hora acordada validaremos su identidad con el DNI o el NIE, revisaremos la documentación y rellenaremos la solicitud con usted. Al terminar, descargará el justificante.',
    documentsHeading: 'Envío de documentos',
    documentsBody: 'Si durante la videollamada le falta un documento, puede fotografiarlo con el móvil y enviarlo en ese momento, de forma segura.',
    howHeading: 'Cómo funciona',
    howSteps: [
      'Elija el servicio y una hora libre.',
      'Reciba la confirmación por correo electrónico, con un enlace personal.',
      'A la hora acordada, le llamamos o se conecta a la videollamada.',
      'Al terminar, le pedimos su opinión para mejorar el servicio.',
    ],
    contactHeading: 'Contacto',
    contactBody: 'Oficina de Atención Ciudadana · Plaça de la Vila, 1 · 08999 Vilademo',
    hoursHeading: 'Horario de la OAC',
    hoursNote: 'Los días festivos la oficina está cerrada.',
    footerNav: 'Información legal',
    legalHeading: 'Aviso legal',
    legalBody: 'Vilademo es un municipio ficticio. Esta web muestra cómo un ayuntamiento puede ofrecer atención ciudadana a distancia con Finestreta.',
    privacyHeading: 'Privacidad',
    privacyBody: 'Los datos que nos facilite solo se utilizan para atender su solicitud.',
    accessibilityHeading: 'Declaración de accesibilidad',
    accessibilityBody: 'Esta web pretende cumplir el nivel AA de las pautas WCAG 2.1. Si encuentra alguna barrera, comuníquelo a la OAC.',
    accessibilityLink: 'Declaración de accesibilidad y formulario para comunicar barreras',
    deskTitle: 'Escritorio de la OAC',
    navTransparency: 'Transparencia',
    transparencyTitle: 'Actividad de la atención a distancia — Ajuntament de Vilademo',
    transparencyHeading: 'Actividad de la atención ciudadana a distancia',
    transparencyLead: 'Cifras mensuales de las llamadas y las videollamadas de la OAC: solicitudes, atendidas, tiempo de espera y valoración de la ciudadanía. Los datos se pueden descargar en formato abierto (CSV y JSON).',
    transparencyLink: 'Consulte la actividad mensual del servicio en el portal de transparencia.',
  },
  en: {
    languageName: 'English',
    skipLink: 'Skip to main content',
    title: 'Remote citizen service — Vilademo Town Council',
    description: 'Vilademo’s Citizen Service Office helps you by phone and by video call.',
    languageNav: 'Language',
    mainNav: 'Main menu',
    navServices: 'Remote services',
    navHowItWorks: 'How it works',
    navHours: 'Opening hours',
    navContact: 'Contact',
    heading: 'Remote citizen service',
    lead: 'The Citizen Service Office (OAC) helps you without a trip to the town hall: by phone, at a time that suits you, or by video call, with the same validity as a procedure done at the office.',
    servicesHeading: 'Remote services',
    callbackHeading: 'Call me',
    callbackBody: 'If an online procedure is giving you trouble, choose a day and time and an OAC agent will call you and guide you step by step. We are available Monday to Friday, 8 am to 8 pm.',
    videoHeading: 'Video appointment',
    videoBody: 'For procedures such as registering on the municipal roll or applying for social aid, book an appointment and you will receive an email with instructions and the documents to prepare. At the agreed time we check your identity with your DNI or NIE, review the documents and fill in the application with you. At the end, you download the receipt.',
    documentsHeading: 'Sending documents',
    documentsBody: 'If a document is missing during the video call, you can photograph it with your phone and send it securely there and then.',
    howHeading: 'How it works',
    howSteps: [
      'Choose the service and a free slot.',
      'Get the confirmation by email, with a personal link.',
      'At the agreed time, we call you or you join the video call.',
      'At the end, we ask for your opinion to improve the service.',
    ],
    contactHeading: 'Contact',
    contactBody: 'Citizen Service Office · Plaça de la Vila, 1 · 08999 Vilademo',
    hoursHeading: 'OAC opening hours',
    hoursNote: 'The office is closed on public holidays.',
    footerNav: 'Legal information',
    legalHeading: 'Legal notice',
    legalBody: 'Vilademo is a fictional town. This site shows how a council can offer remote citizen service with Finestreta.',
    privacyHeading: 'Privacy',
    privacyBody: 'The data you give us is used only to handle your request.',
    accessibilityHeading: 'Accessibility statement',
    accessibilityBody: 'This site aims to meet level AA of WCAG 2.1. If you find any barrier, please tell the OAC.',
    accessibilityLink: 'Accessibility statement and barrier report form',
    deskTitle: 'OAC agent desk',
    navTransparency: 'Transparency',
    transparencyTitle: 'Remote service activity — Vilademo Town Council',
    transparencyHeading: 'Remote citizen service activity',
    transparencyLead: 'Monthly figures of the OAC’s callbacks and video calls: requests, served, waiting times and how citizens rated the service. The data can be downloaded as open data (CSV and JSON).',
    transparencyLink: 'See the service’s monthly activity on the transparency portal.',
  },
};

/** The survey invitation's page; `<satisfaction-survey>` draws the survey, these texts stand in without JavaScript. */
export const SURVEY_TEXTS: Record<
  Language,
  { title: string; noScript: string; answered: string; invalidTitle: string; invalidBody: string; expiredBody: string }
> = {
  ca: {
    title: 'Enquesta de satisfacció',
    noScript: 'Per respondre aquesta enquesta cal activar JavaScript al navegador.',
    answered: 'Ja heu respost aquesta enquesta. Gràcies!',
    invalidTitle: 'Enllaç no vàlid',
    invalidBody: 'Aquest enllaç no és vàlid.',
    expiredBody: 'Aquesta enquesta ja està tancada.',
  },
  es: {
    title: 'Encuesta de satisfacción',
    noScript: 'Para responder esta encuesta hay que activar JavaScript en el navegador.',
    answered: 'Ya ha respondido esta encuesta. ¡Gracias!',
    invalidTitle: 'Enlace no válido',
    invalidBody: 'Este enlace no es válido.',
    expiredBody: 'Esta encuesta ya está cerrada.',
  },
  en: {
    title: 'Satisfaction survey',
    noScript: 'To answer this survey, please turn on JavaScript in your browser.',
    answered: 'You have already answered this survey. Thank you!',
    invalidTitle: 'Link not valid',
    invalidBody: 'This link is not valid.',
    expiredBody: 'This survey has closed.',
  },
};
