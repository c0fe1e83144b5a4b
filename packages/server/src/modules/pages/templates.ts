import type { PageBrand } from '../branding/index.js';
import { LANGUAGES, type Language } from '../councils/schemas.js';
import { SITE_TEXTS, SURVEY_TEXTS } from './texts.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text made safe to place in HTML, in element content and in quoted attributes alike. */
export const escape = (text: string) => text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);

function languageSwitch(path: string, current: Language): string {
  const t = SITE_TEXTS[current];
  const items = LANGUAGES.map((language) => {
    const name = escape(SITE_TEXTS[language].languageName);
    const currentAttr = language === current ? ' aria-current="true"' : '';
    return `<li><a href="${path}?lang=${language}" lang="${language}" hreflang="${language}"${currentAttr}>${name}</a></li>`;
  });
  return `<nav class="language-switch" aria-label="${escape(t.languageNav)}"><ul>${items.join('')}</ul></nav>`;
}

type SitePage = 'home' | 'transparency';

/** The demo site's header: logo, languages and the main menu, whose items lead back home from other pages. */
function siteHeader(language: Language, page: SitePage): string {
  const t = SITE_TEXTS[language];
  const home = page === 'home' ? '' : `/?lang=${language}`;
  const current = page === 'transparency' ? ' aria-current="page"' : '';
  return `<a class="skip-link" href="#main">${escape(t.skipLink)}</a>
<header class="site-header">
  <div class="wrap site-header__top">
    <a class="logo" href="/?lang=${language}"><span class="logo__mark" aria-hidden="true">V</span><span class="logo__text">Ajuntament de Vilademo</span></a>
    ${languageSwitch(page === 'home' ? '/' : '/transparency', language)}
  </div>
  <nav class="main-nav" aria-label="${escape(t.mainNav)}">
    <div class="wrap">
      <ul>
        <li><a href="${home}#serveis">${escape(t.navServices)}</a></li>
        <li><a href="${home}#com-funciona">${escape(t.navHowItWorks)}</a></li>
        <li><a href="${home}#horari">${escape(t.navHours)}</a></li>
        <li><a href="${home}#contacte">${escape(t.navContact)}</a></li>
        <li><a href="/transparency?lang=${language}"${current}>${escape(t.navTransparency)}</a></li>
      </ul>
    </div>
  </nav>
</header>`;
}

/** The address of the accessibility statement every page links to (RD 1112/2018 art. 15 asks for it on each page). */
const accessibilityLink = (language: Language, council?: string) =>
  `/accessibility?${escape(new URLSearchParams({ ...(council && { council }), lang: language }).toString())}`;

/** The footer of the pages without the site's own: the accessibility statement's link. */
const statementFooter = (language: Language, council?: string) =>
  `<footer class="wrap page-footer"><a href="${accessibilityLink(language, council)}">${escape(SITE_TEXTS[language].accessibilityHeading)}</a></footer>`;

function siteFooter(language: Language): string {
  const t = SITE_TEXTS[language];
  return `<footer class="site-footer">
  <div class="wrap">
    <nav aria-label="${escape(t.footerNav)}">
      <ul>
        <li><a href="#avis-legal">${escape(t.legalHeading)}</a></li>
        <li><a href="#privacitat">${escape(t.privacyHeading)}</a></li>
        <li><a href="#accessibilitat">${escape(t.accessibilityHeading)}</a></li>
      </ul>
    </nav>
    <section id="avis-legal" aria-labelledby="avis-legal-title">
      <h2 id="avis-legal-title">${escape(t.legalHeading)}</h2>
      <p>${escape(t.legalBody)}</p>
    </section>
    <section id="privacitat" aria-labelledby="privacitat-title">
      <h2 id="privacitat-title">${escape(t.privacyHeading)}</h2>
      <p>${escape(t.privacyBody)}</p>
    </section>
    <section id="accessibilitat" aria-labelledby="accessibilitat-title">
      <h2 id="accessibilitat-title">${escape(t.accessibilityHeading)}</h2>
      <p>${escape(t.accessibilityBody)}</p>
      <p><a href="${accessibilityLink(language, 'demo')}">${escape(t.accessibilityLink)}</a></p>
    </section>
    <p class="copyright">Ajuntament de Vilademo</p>
  </div>
</footer>`;
}

function siteHead(title: string, description: string, path: string): string {
  return `<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<meta name="description" content="${escape(description)}">
${LANGUAGES.map((other) => `<link rel="alternate" hreflang="${other}" href="${path}?lang=${other}">`).join('\n')}
<link rel="stylesheet" href="/assets/site.css">
<link rel="stylesheet" href="/councils/demo/theme.css">
<link rel="icon" href="/api/councils/demo/logo">
<script type="module" src="/widgets/finestreta.js"></script>
</head>`;
}

/**
 * The demo council's "remote citizen service" page, in the shape of a real council site. The
 * widgets are embedded exactly as a council's web team would paste them: the script tag and
 * the elements, with no `lang` on `<finestreta-config>`, so the widgets follow `<html lang>`.
 */
export function homePage(language: Language): string {
  const t = SITE_TEXTS[language];
  return `<!doctype html>
<html lang="${language}">
${siteHead(t.title, t.description, '/')}
<body>
${siteHeader(language, 'home')}
<main id="main" tabindex="-1">
  <div class="wrap layout">
    <div class="content">
      <h1>${escape(t.heading)}</h1>
      <p class="lead">${escape(t.lead)}</p>
      <section id="serveis" aria-labelledby="serveis-title">
        <h2 id="serveis-title">${escape(t.servicesHeading)}</h2>
        <h3>${escape(t.callbackHeading)}</h3>
        <p>${escape(t.callbackBody)}</p>
        <finestreta-config api="" council="demo">
          <call-me-form></call-me-form>
        </finestreta-config>
        <h3>${escape(t.videoHeading)}</h3>
        <p>${escape(t.videoBody)}</p>
        <finestreta-config api="" council="demo">
          <video-appointment></video-appointment>
        </finestreta-config>
        <h3>${escape(t.documentsHeading)}</h3>
        <p>${escape(t.documentsBody)}</p>
      </section>
      <section id="com-funciona" aria-labelledby="com-funciona-title">
        <h2 id="com-funciona-title">${escape(t.howHeading)}</h2>
        <ol>${t.howSteps.map((step) => `<li>${escape(step)}</li>`).join('')}</ol>
        <p><a href="/transparency?lang=${language}">${escape(t.transparencyLink)}</a></p>
      </section>
      <section id="contacte" aria-labelledby="contacte-title">
        <h2 id="contacte-title">${escape(t.contactHeading)}</h2>
        <p>${escape(t.contactBody)}</p>
      </section>
    </div>
    <aside id="horari" class="sidebar" aria-labelledby="horari-title">
      <h2 id="horari-title">${escape(t.hoursHeading)}</h2>
      <finestreta-config api="" council="demo">
        <office-hours heading-level="3"></office-hours>
      </finestreta-config>
      <p class="note">${escape(t.hoursNote)}</p>
    </aside>
  </div>
</main>
${siteFooter(language)}
</body>
</html>
`;
}

/** The demo council's transparency page: the monthly activity panel, as a transparency portal would embed it. */
export function transparencyPage(language: Language): string {
  const t = SITE_TEXTS[language];
  return `<!doctype html>
<html lang="${language}">
${siteHead(t.transparencyTitle, t.transparencyLead, '/transparency')}
<body>
${siteHeader(language, 'transparency')}
<main id="main" tabindex="-1">
  <div class="wrap layout layout--single">
    <div class="content">
      <h1>${escape(t.transparencyHeading)}</h1>
      <p class="lead">${escape(t.transparencyLead)}</p>
      <finestreta-config api="" council="demo">
        <activity-panel council="demo"></activity-panel>
      </finestreta-config>
    </div>
  </div>
</main>
${siteFooter(language)}
</body>
</html>
`;
}

/**
 * The survey invitation's page: `<satisfaction-survey>` with the link's council and token. The
 * text inside the element is what a browser without JavaScript shows; the element replaces it.
 */
export function surveyPage({ language, council, token, fallback, brand }: { language: Language; council: string; token: string; fallback: string; brand?: PageBrand }): string {
  return simplePage({
    language,
    brand,
    title: SURVEY_TEXTS[language].title,
    widgets: true,
    body: `<satisfaction-survey api="" council="${escape(council)}" token="${escape(token)}" lang="${language}"><p>${escape(fallback)}</p></satisfaction-survey>`,
  });
}

/**
 * The agent desk: a shell for `<agent-desk>`, which draws the sign-in form and the workspace. With
 * `fixed` (the address asked for a language) the desk speaks it; otherwise it follows the agent's
 * last choice or browser. `signIn`, for a council with an identity provider, names the council,
 * its provider, and the code the provider's sign-in came back with.
 */
export function deskPage(
  language: Language,
  fixed = false,
  brand?: PageBrand,
  signIn?: { council: string; identityProvider: string; error: string | undefined },
): string {
  const t = SITE_TEXTS[language];
  const attributes = [
    fixed ? ` lang="${language}"` : '',
    signIn ? ` council="${escape(signIn.council)}"` : '',
    signIn ? ` identity-provider="${escape(signIn.identityProvider)}"` : '',
    signIn?.error ? ` sign-in-error="${escape(signIn.error)}"` : '',
  ].join('');
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t.deskTitle)} — ${escape(brand?.name ?? PRODUCT)}</title>
${stylesheets(brand)}
<script type="module" src="/widgets/elements/agent-desk.js"></script>
</head>
<body class="desk">
${councilHeader(brand)}<main id="main">
  <h1 class="visually-hidden">${escape(t.deskTitle)}</h1>
  <agent-desk${attributes}></agent-desk>
</main>
${statementFooter(language)}
</body>
</html>
`;
}

/** What a page is titled after when it belongs to no one council (a server of several, the demo outbox). */
const PRODUCT = 'Finestreta';

/**
 * The site's stylesheet, then the council's colours over it, and its logo as the tab's icon
 * (without one the browser asks for /favicon.ico, gets a 404 and logs an error).
 */
function stylesheets(brand: PageBrand | undefined): string {
  const site = '<link rel="stylesheet" href="/assets/site.css">';
  if (!brand) return site;
  const icon = brand.logo ? `\n<link rel="icon" href="${escape(brand.logo.url)}">` : '';
  return `${site}\n<link rel="stylesheet" href="/councils/${escape(brand.id)}/theme.css">${icon}`;
}

/**
 * The council's banner: its logo and its name. The logo's text alternative is the name, so the
 * name beside it is hidden from screen readers, which would otherwise read it twice.
 */
function councilHeader(brand: PageBrand | undefined): string {
  if (!brand) return '';
  const name = escape(brand.name);
  const identity = brand.logo
    ? `<img class="council-header__logo" src="${escape(brand.logo.url)}" alt="${name}" width="${brand.logo.width}" height="${brand.logo.height}"><span class="council-header__name" aria-hidden="true">${name}</span>`
    : `<span class="council-header__name">${name}</span>`;
  return `<header class="council-header"><div class="wrap council-header__inner">${identity}</div></header>\n`;
}

const COUNCIL_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The language a page's address asks for; an unknown one shows the default rather than an error. */
export function pageLanguage(query: { lang?: string }): Language | undefined {
  return LANGUAGES.find((language) => language === query.lang);
}

/** The council a page's address names, if it is a council id at all. */
export function pageCouncil(query: { council?: string }): string | undefined {
  return query.council !== undefined && COUNCIL_ID.test(query.council) ? query.council : undefined;
}

/**
 * A small server-rendered page (cancel a callback, the survey link, the demo outbox): the
 * site's stylesheet and no script, so it works without JavaScript under the strict CSP.
 * `body` is HTML the caller has already escaped.
 */
export function simplePage({
  language,
  title,
  body,
  widgets = false,
  documentTitle = title,
  brand,
}: {
  language: Language;
  title: string;
  body: string;
  widgets?: boolean;
  /** The council the page is for: its banner, colours and name at the title's end. */
  brand?: PageBrand;
  /** The window's title when it says more than the heading (an error's "Error: " first). */
  documentTitle?: string;
}): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="same-origin">
<title>${escape(documentTitle)} — ${escape(brand?.name ?? PRODUCT)}</title>
${stylesheets(brand)}
${widgets ? '<script type="module" src="/widgets/finestreta.js"></script>\n' : ''}</head>
<body>
${councilHeader(brand)}<main id="main" class="wrap simple-page">
<h1>${escape(title)}</h1>
${body}
</main>
${statementFooter(language, brand?.id)}
</body>
</html>
`;
}
