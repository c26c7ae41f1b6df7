/**
 * The `connect-src` part of the page's Content-Security-Policy. The static part (in the
 * built index.html, see vite.config.ts) forbids inline scripts and plugins; this part is
 * added at start and allows fetches to the page's own origin and, when the address asks
 * for a trace URL (`?url=` or a link's `u=`, and compare mode's side B: `?vs=` or a link's
 * `bu=`), to that URL's origin. Nothing else: the app makes no other request by itself.
 */
import { decodeView } from './codec';
import { checkTraceUrl } from './start';

/** The CSP directive for a page at `href` (pure, for tests). */
export function connectSrcFor(href: string): string {
  const page = new URL(href);
  const sources = new Set<string>(["'self'"]);
  for (const origin of fetchableOrigins(href)) if (origin !== page.origin) sources.add(origin);
  return `connect-src ${[...sources].join(' ')}`;
}

/**
 * The origins a page started at `href` may fetch from: its own and those of the trace URLs
 * its address names. The policy is set once, at start: a link landed on later without a
 * reload (Back, a link pasted into the address bar) cannot widen it.
 */
export function fetchableOrigins(href: string): Set<string> {
  const page = new URL(href);
  const origins = new Set<string>([page.origin]);
  const checked = (param: string) => {
    const asked = page.searchParams.get(param);
    return asked !== null ? checkTraceUrl(asked, href) : null;
  };
  const link = decodeView(page.hash).view;
  // Side B is fetched by this page too (permalinks.ts: `?url=A&vs=B`, a compare link's
  // side B from its address): without its origin here, its fetch is refused.
  for (const u of [checked('url'), link.traceUrl, checked('vs'), link.compare?.traceUrl]) {
    if (typeof u === 'string') origins.add(new URL(u).origin);
  }
  return origins;
}
