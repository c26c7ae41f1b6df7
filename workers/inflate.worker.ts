/** Inflates a gzip input beside the parser (src/service/inflater.ts). */
import { serveInflate, type FromInflater, type Port, type ToInflater } from '../src/service/inflater';

serveInflate(self as unknown as Port<ToInflater, FromInflater>);
