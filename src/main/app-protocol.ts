// Runs in: Electron main. Pure. The renderer is served from `app://kiosk/…` rather than file://
// (Electron security checklist #18): file:// pages can read any local file and share one origin.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Origin of a URL for comparison. WHATWG URL reports the opaque origin "null" for schemes it
 * does not know (app:, file:, data:, javascript:), and "null" === "null" would let any of them
 * through, so only our own scheme gets a synthetic origin; every other opaque origin is null.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== 'null') return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host) return `${APP_SCHEME}://${parsed.host}`;
  return null;
}

export function isSameOrigin(url: string, allowedOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === allowedOrigin;
}

/** Maps `app://kiosk/assets/x.js` to a file under `rootDir`, or null (wrong host, traversal). */
export function resolveAppPath(requestUrl: string, rootDir: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(requestUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}
