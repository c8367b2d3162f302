/** Schemes a link to another tool may use; anything else (javascript:, data:, vbscript:) would run or render in the hub's page. */
const LINK_SCHEMES = new Set(['http:', 'https:']);

/**
 * A URL a sender gave (a deploy's, an incident's) as a link's href, or undefined when it is not
 * an absolute http(s) URL: the caller shows the text without a link. Svelte sets href as given,
 * so a `javascript:` URL from a webhook would run on click.
 * @example externalHref('https://ci.acme.dev/run/1') // 'https://ci.acme.dev/run/1'
 * @example externalHref('javascript:alert(1)') // undefined
 */
export function externalHref(url: string | null | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return LINK_SCHEMES.has(new URL(url).protocol) ? url : undefined;
}
