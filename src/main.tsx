/**
 * Bootstrap: start the worker client, hand it to the state actions, render the app, then
 * open what the page URL asks for (`?url=`, `?sample=1`, or the sample by default).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TraceClient } from './client/trace-client';
import { connectTraceClient } from './state/actions';
import { startPermalinks } from './state/url/permalinks';
import { connectSrcFor } from './state/url/connect-policy';
import { workersFromSearch } from './state/url/start';
import { useAppStore } from './state/store';
import { App } from './ui/app/App';
import { VIEWS } from './ui/app/views';
import { applyTheme, storedTheme } from './ui/app/theme';
import './ui/styles.css';

// Before any request: fetches may go to this origin and to the trace URL the address names.
const csp = document.createElement('meta');
csp.httpEquiv = 'Content-Security-Policy';
csp.content = connectSrcFor(window.location.href);
document.head.appendChild(csp);

// The remembered theme before the first paint, so a dark choice never flashes light.
applyTheme(storedTheme());

// `?workers=N`: the parse threads of a plain text file (the default depends on the cores).
const client = new TraceClient(undefined, { workers: workersFromSearch(window.location.search) });
connectTraceClient(client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

startPermalinks(VIEWS.map((v) => v.id));

if (import.meta.env.DEV) {
  // A handle for the console: __ftrace.store.getState().session
  (window as unknown as { __ftrace: unknown }).__ftrace = { store: useAppStore, client };
}
