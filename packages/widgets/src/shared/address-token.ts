/** A parameter a citizen's or guest's link puts in the page's address: a token, or the screen-help session a code opens. */
export type AddressParam = 'token' | 'invite' | 'help';

/** Who keeps a token for the tab: one element's purpose (`appointment`, `documents`, `survey`) within one council. */
export interface TokenScope {
  purpose: string;
  council: string | undefined;
}

const storageKey = (param: AddressParam, scope: TokenScope) => `finestreta:${param}:${scope.council}:${scope.purpose}`;

/** The address without `param`, every other parameter and the hash byte for byte as they were. */
function withoutParam(param: AddressParam): string {
  const rest = location.search
    .slice(1)
    .split('&')
    .filter((part) => part && [...new URLSearchParams(part).keys()][0] !== param)
    .join('&');
  return `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`;
}

/** Whether the tab keeps `token`; sessionStorage throws where storage is blocked (some private modes, sandboxed frames). */
function remember(key: string, token: string): boolean {
  try {
    sessionStorage.setItem(key, token);
    return true;
  } catch {
    return false;
  }
}

function recall(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token a link put in the page's address as `?param=`. On first read it leaves the address
 * bar (`history.replaceState`), where the council page's analytics, its Referer headers and
 * anyone looking at the screen would see it, and is kept in sessionStorage for this tab and
 * `scope`, so a reload still opens the same case. A newer link in the address replaces it.
 * Until the council is known (a `<finestreta-config>` that upgrades later) the token is read
 * but left in place, so it is kept under the right council once there is one.
 */
export function addressToken(param: AddressParam, scope: TokenScope): string | undefined {
  const inAddress = new URLSearchParams(location.search).get(param) || undefined;
  if (!scope.council) return inAddress;
  const key = storageKey(param, scope);
  if (!inAddress) return recall(key);
  // With nowhere to keep it, the address stays the only copy: a reload must still open the case.
  if (remember(key, inAddress)) history.replaceState(history.state, '', withoutParam(param));
  return inAddress;
}
