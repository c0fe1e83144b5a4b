/**
 * The script of the snippet councils paste (`finestreta.js`). It defines each citizen element
 * the first time its tag appears in the document, fetching only that element's code: a page
 * with an `<office-hours>` does not download the video call. Tags added later (a CMS that
 * renders on the client, a tab opened) are seen by a MutationObserver, which stops once every
 * element is loaded. Tags inside another component's shadow root are not in the document: such a
 * page imports the element's own module (`@finestreta/widgets/<tag>`).
 */
const ELEMENTS: Record<string, () => Promise<unknown>> = {
  'finestreta-config': () => import('./finestreta-config/index.js'),
  'office-hours': () => import('./office-hours/index.js'),
  'call-me-form': () => import('./call-me-form/index.js'),
  'video-appointment': () => import('./video-appointment/index.js'),
  'doc-upload': () => import('./doc-upload/index.js'),
  'satisfaction-survey': () => import('./satisfaction-survey/index.js'),
  'screen-help': () => import('./screen-help/index.js'),
  'activity-panel': () => import('./activity-panel/index.js'),
};

const waiting = new Set(Object.keys(ELEMENTS));

function load(tag: string): void {
  waiting.delete(tag);
  ELEMENTS[tag]!().catch((error: unknown) => {
    // The web team's concern, not the citizen's: the element stays as the page wrote it.
    console.error(`Finestreta: could not load <${tag}> from ${import.meta.url}`, error);
  });
}

/** Loads every element not yet loaded whose tag is `root` or inside it. */
function scan(root: ParentNode): void {
  for (const tag of waiting) {
    if ((root instanceof Element && root.localName === tag) || root.querySelector(tag)) load(tag);
  }
}

scan(document);
if (waiting.size > 0) {
  const observer = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) scan(node);
    if (waiting.size === 0) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
}
