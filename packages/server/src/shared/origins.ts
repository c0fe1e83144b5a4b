/**
 * Whether a browser Origin matches a council's allow-list. An entry is an exact origin
 * (`https://www.rubi.cat`) or a pattern whose `*` stands for one port or one host label
 * (`http://localhost:*`, `https://*.rubi.cat`); a `*` never spans `.`, `:` or `/`, so
 * `http://localhost:*` does not match `http://localhost:80.evil.example`.
 */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => {
    if (!entry.includes('*')) return entry === origin;
    const pattern = entry
      .split('*')
      .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[A-Za-z0-9-]+');
    return new RegExp(`^${pattern}$`).test(origin);
  });
}
