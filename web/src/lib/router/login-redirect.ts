/**
 * Where the login page sends the user: back to the page that needed a login (`?next=`), which
 * must be a path of this hub. `next` comes from the URL, so anyone can craft a link to
 * `/login?next=…`: an unchecked target would make the hub's own login page forward a user who
 * just typed their password to another site (an open redirect).
 */

const loginPath = '/login';

/**
 * The login page for the page at `url`, remembering it in `next` (path and query; `/` is the
 * default, so it is left out). At the login page already, that URL is kept as it is.
 * @example loginHref(new URL('http://hub/services?from=now-6h')) // '/login?next=%2Fservices%3Ffrom%3Dnow-6h'
 */
export function loginHref(url: URL): string {
  if (url.pathname === loginPath) return url.pathname + url.search;
  const here = url.pathname + url.search;
  return here === '/' ? loginPath : `${loginPath}?${new URLSearchParams({ next: here })}`;
}

/**
 * The page to go to after logging in: `next` when it is a path on `origin`, else `/`. A
 * scheme (`https://evil.example`), a protocol-relative `//evil.example`, `/\evil.example`
 * (browsers read `\` as `/`) and tabs or newlines the URL parser drops (`/\t/evil.example`)
 * all fail the same-origin check after parsing; the login page itself and the API are not pages to
 * land on. The parsed, normalised path is returned, never `next` as given.
 * @example nextTarget('/traces?service=pay', 'http://hub') // '/traces?service=pay'
 * @example nextTarget('https://evil.example/', 'http://hub') // '/'
 */
export function nextTarget(next: string | null, origin: string): string {
  if (!next?.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || url.pathname === loginPath || url.pathname.startsWith('/api/')) return '/';
  return url.pathname + url.search + url.hash;
}
