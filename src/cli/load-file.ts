/** Streams a file (plain or gzip) from disk into the core loader. Node only. */
import { createReadStream } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { TraceLoader } from '../core/load';
import { isGzip } from '../lib/file-magic';
import type { TraceModel } from '../core/model/tables';
import { readFileChunks } from './read-chunks';

const CHUNK = 1 << 20;

export async function loadTraceFile(path: string, chunkSize = CHUNK): Promise<TraceModel> {
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new Error(`${path}: cannot read the file`);
  }
  if ((await stat(path)).isDirectory()) throw new Error(`${path}: is a directory, not a trace file`);
  const head = await readHead(path);
  // A plain file's size is its text size: it sizes the call table once.
  const loader = new TraceLoader(isGzip(head) ? 0 : (await stat(path)).size);
  if (!isGzip(head)) {
    for await (const chunk of readFileChunks(path, chunkSize)) {
      loader.pushBytes(chunk);
      if (loader.isBinary) break; // a trace.dat or the like: the rest says nothing more
    }
    return loader.finish();
  }
  const raw = createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const chunk of raw.pipe(createGunzip({ chunkSize }))) {
      loader.pushBytes(chunk as Uint8Array);
      if (loader.isBinary) break;
    }
  } catch (err) {
    // A truncated or corrupt gzip: keep everything read before the damage.
    loader.addInputError(`the input stopped early: ${err instanceof Error ? err.message : String(err)}`);
    raw.destroy();
  }
  return loader.finish();
}

async function readHead(path: string): Promise<Uint8Array> {
  const stream = createReadStream(path, { start: 0, end: 1 });
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(parts));
}
