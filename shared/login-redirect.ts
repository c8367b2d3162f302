/**
 * Where a login sends the user: back to the page that needed it (`?next=`), which must be a
 * path of this hub. `next` comes from a URL, so anyone can craft a link to `/login?next=…` or
 * to the single sign-on start: an unchecked target would make the hub's own login forward a
 * user who just proved who they are to another site (an open redirect). Shared by the UI's
 * login page and the hub's OIDC callback (server/api/routes/session/oidc.ts).
 */

export const loginPath = '/login';

/**
 * The page to go to after logging in: `next` when it is a path on `origin`, else `/`. A
 * scheme (`https://evil.example`), a protocol-relative `//evil.example`, `/\evil.example`
 * (browsers read `\` as `/`) and tabs or newlines the URL parser drops (`/\t/evil.example`)
 * all fail the same-origin check after parsing; the login page itself and the API are not pages to
 * land on. The parsed, normalised path is returned, never `next` as given.
 * @example nextTarget('/traces?service=pay', 'http://hub') // '/traces?service=pay'
 * @example nextTarget('https://evil.example/', 'http://hub') // '/'
 */
export function nextTarget(next: string | null | undefined, origin: string): string {
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
