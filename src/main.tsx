/**
 * Bootstrap: start the worker client, hand it to the state actions, render the app, then
 * open what the page URL asks for (`?url=`, `?sample=1`, or the sample by default).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TraceClient } from './client/trace-client';
import { connectTraceClient, openFromLocation } from './state/actions';
import { useAppStore } from './state/store';
import { App } from './ui/app/App';
import './ui/styles.css';

const client = new TraceClient();
connectTraceClient(client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void openFromLocation(window.location);

if (import.meta.env.DEV) {
  // A handle for the console: __ftrace.store.getState().session
  (window as unknown as { __ftrace: unknown }).__ftrace = { store: useAppStore, client };
}
