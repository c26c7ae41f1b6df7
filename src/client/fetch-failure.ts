/**
 * Why a `?url=` (or compare mode's side B) could not be fetched, in words a user can act on.
 * A fetch that fails before any response rejects with a TypeError whose message names
 * nothing ("Failed to fetch" in Chromium, "NetworkError when attempting to fetch resource."
 * in Firefox, "Load failed" in Safari): the Fetch standard hands the page a bare network
 * error, whatever the cause (fetch.spec.whatwg.org "network error"), and leaves the cause
 * to the browser's console. The causes a link to a trace meets: the server is not
 * reachable; it does not let other sites read it (no Access-Control-Allow-Origin: CORS);
 * or it redirects to another site, which this page's Content-Security-Policy does not let
 * it fetch from (connect-src names the link's own origin only: state/url/connect-policy.ts;
 * a redirect is checked against it too), as github.com/…/raw/… does to
 * raw.githubusercontent.com.
 */
export function fetchFailureMessage(url: string, err: unknown): string {
  const said = err instanceof Error ? err.message : String(err);
  const head = `Could not fetch ${url}: ${said.replace(/\.$/, '')}.`;
  if (!(err instanceof TypeError)) return head;
  return (
    `${head} The browser does not tell the page why (its console does): the server could not be reached, ` +
    'or it does not let other sites read the file (it must send Access-Control-Allow-Origin), ' +
    'or it redirected to another address, which this page does not fetch from: link the address it ends at. ' +
    'Or download the file and open it here.'
  );
}
