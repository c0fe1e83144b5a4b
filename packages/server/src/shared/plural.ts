/**
 * The form of a counted phrase that `Intl.PluralRules` picks for `count` in `language`, with `{n}`
 * filled in: "1 minut" but "5 minuts". A language with more categories than one and other (none
 * of ours) falls back to `other`.
 */
export function plural(language: string, count: number, forms: { one: string; other: string }): string {
  const form = new Intl.PluralRules(language).select(count) === 'one' ? forms.one : forms.other;
  return form.replace('{n}', new Intl.NumberFormat(language).format(count));
}
