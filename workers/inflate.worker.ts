/** Inflates a gzip input beside the parser (src/service/inflater.ts). */
import { serveInflate } from '../src/service/inflater';

// The worker's global scope is the port: it posts to and hears from the page.
serveInflate(self);
