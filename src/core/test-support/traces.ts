/** Test helpers: read the real traces in ../shared/traces and load bytes in chunks. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { TraceLoader } from '../load';
import type { TraceModel } from '../model/tables';

const TRACES = new URL('../../../../shared/traces/', import.meta.url);

/** The file's bytes, decompressed when it is gzip. */
export function sharedTraceBytes(name: string): Uint8Array {
  const raw = readFileSync(new URL(name, TRACES));
  return name.endsWith('.gz') ? new Uint8Array(gunzipSync(raw)) : new Uint8Array(raw);
}

export function sharedTraceText(name: string): string {
  return Buffer.from(sharedTraceBytes(name)).toString('utf8');
}

export function sharedManifest(): {
  files: { file: string; lines?: number; facts?: { fact: string; value: number; check: string }[] }[];
} {
  return JSON.parse(readFileSync(new URL('MANIFEST.json', TRACES), 'utf8'));
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
