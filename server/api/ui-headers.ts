/**
 * Security headers of the UI's pages and assets (issue 13). The UI shows what any sender put in
 * a log line, a span attribute or a webhook: the Content-Security-Policy is the second line
 * behind Svelte's escaping, so a payload that ever reached the DOM as markup could neither
 * run a script nor send data anywhere but this hub.
 *
 * What the built UI needs (web/dist, checked in real Chromium by test/security-ui.int.test.ts):
 * its own module scripts and stylesheets; `data:` images (the favicon is one); fetches to its
 * own API. Styles Svelte's `style:` directives and uPlot set go through the CSSOM, which
 * style-src does not govern, so no 'unsafe-inline' is needed.
 */
import { secureHeaders } from 'hono/secure-headers';

export const uiContentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The UI's headers: the CSP above, no framing (frame-ancestors and, for older browsers,
 * X-Frame-Options), nosniff, and no Referer to the tools its links open (deploy and incident
 * URLs would otherwise learn hub paths with trace ids). Strict-Transport-Security is left to
 * whatever terminates TLS in front of the hub: set here it would also bind every subdomain.
 */
export const uiSecurityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: uiContentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  });
