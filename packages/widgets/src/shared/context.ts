import { ContextRoot, createContext } from '@lit/context';

/** What `<finestreta-config>` shares with the widgets inside it; unset values fall through to defaults. */
export interface FinConfig {
  api?: string;
  council?: string;
  lang?: string;
}

/**
 * A global symbol, not a local object, so widgets and providers from two copies of the bundle
 * still recognise each other's requests.
 */
export const configContext = createContext<FinConfig | undefined>(Symbol.for('finestreta.config'));

const attached = Symbol.for('finestreta.context-root');

/**
 * On a CMS page scripts load in any order, so a `<finestreta-config>` may upgrade after the widgets
 * inside it asked for configuration. A ContextRoot on the document keeps those requests and replays
 * them when the provider appears. Only one per page: two roots would answer every request twice.
 */
export function attachContextRoot(): void {
  const flags = globalThis as typeof globalThis & { [attached]?: true };
  if (flags[attached] || typeof document === 'undefined') return;
  flags[attached] = true;
  new ContextRoot().attach(document.documentElement);
}
