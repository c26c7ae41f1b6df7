/** Test helpers: read the real traces in test/traces and load bytes in chunks. */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TraceLoader } from '../core/load';
import type { TraceModel } from '../core/model/tables';
import { loadTraceDat } from '../core/trace-dat/load-trace-dat';
import { memorySource } from '../core/trace-dat/source';

const TRACES = new URL('../../test/traces/', import.meta.url);

/**
 * Where a trace named as in MANIFEST.json is stored: the name itself, or `NAME.gz` for the
 * kernel texts the repository keeps gzipped (test/traces/README.md).
 */
function storedTraceUrl(name: string): URL {
  const plain = new URL(name, TRACES);
  return existsSync(plain) || name.endsWith('.gz') ? plain : new URL(name + '.gz', TRACES);
}

/** The trace's bytes (a MANIFEST.json name or a stored one), decompressed when stored as gzip. */
export function traceBytes(name: string): Uint8Array {
  const url = storedTraceUrl(name);
  const raw = readFileSync(url);
  return url.pathname.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : new Uint8Array(raw);
}

export function traceText(name: string): string {
  return Buffer.from(traceBytes(name)).toString('utf8');
}

/** What the tests read of MANIFEST.json. */
export interface TraceManifest {
  files: { file: string; lines?: number; facts?: { fact: string; value: number; check: string }[] }[];
}

export function traceManifest(): TraceManifest {
  return JSON.parse(readFileSync(new URL('MANIFEST.json', TRACES), 'utf8')) as TraceManifest;
}

/** Loads `bytes` pushed in chunks of `chunkSize` bytes. */
export function loadBytes(bytes: Uint8Array, chunkSize = 1 << 20): TraceModel {
  const loader = new TraceLoader();
  for (let i = 0; i < bytes.length; i += chunkSize) loader.pushBytes(bytes.subarray(i, i + chunkSize));
  return loader.finish();
}

export function loadText(text: string): TraceModel {
  return loadBytes(new TextEncoder().encode(text));
}

/** The model of a real trace in test/traces: its text loaded in chunks, or its trace.dat read. */
export async function loadTraceModel(name: string): Promise<TraceModel> {
  const bytes = traceBytes(name);
  return /\.dat(\.gz)?$/.test(name) ? await loadTraceDat(memorySource(bytes)) : loadBytes(bytes);
}
