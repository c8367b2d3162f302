/**
 * The login page's address for a page that needs a login, and where the login leads after
 * (`nextTarget`, shared with the hub's single sign-on callback: shared/login-redirect.ts).
 */
import { loginPath } from '$shared/login-redirect';

export { nextTarget } from '$shared/login-redirect';

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
