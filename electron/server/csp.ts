/**
 * The Content-Security-Policy of the UI, as both hosts send it in a header. renderer/index.html
 * carries the same policy in a meta tag minus `frame-ancestors`, which a meta tag cannot set
 * (the browser ignores it there and logs an error).
 */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The directives that only work in a header. */
export const headerOnlyDirectives = ['frame-ancestors'] as const;
