import { secureHeaders } from 'hono/secure-headers';

/**
 * The Content-Security-Policy of every response. Scripts, fonts, images and connections come from the
 * app's own origin only (the editor and the API docs are bundles it serves, no CDN); styles may also
 * be inline, because antd writes its CSS-in-JS as `<style>` elements and React sets `style`
 * attributes; nothing may frame the app.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The security headers of every response, API and editor alike: the CSP above, `X-Frame-Options: DENY`,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, same-origin opener and resource
 * policies. HSTS is left to the TLS-terminating proxy in front (the server itself speaks HTTP).
 */
export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  });
}
