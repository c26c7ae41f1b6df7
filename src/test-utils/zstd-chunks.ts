/** Every compressed chunk of every CPU of a recorded zstd trace.dat in test/traces. */
import { readMetadata } from '../core/trace-dat/read-metadata';
import { memorySource } from '../core/trace-dat/source';
import { traceBytes } from './traces';

export interface ZstdChunk {
  block: Uint8Array;
  /** The chunk header's uncompressed size. */
  size: number;
}

/** The chunk table at each CPU's offset: u32 count, then per chunk u32 zsize, u32 usize, bytes. */
export async function zstdChunks(name: string): Promise<ZstdChunk[]> {
  const bytes = traceBytes(name);
  const { meta } = await readMetadata(memorySource(bytes));
  if (meta.compression !== 'zstd') throw new Error(`${name} is not zstd-compressed (${meta.compression || 'plain'})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZstdChunk[] = [];
  for (const b of meta.buffers) {
    for (const c of b.cpus) {
      if (c.size === 0) continue;
      let p = c.offset;
      const count = view.getUint32(p, meta.littleEndian);
      p += 4;
      for (let k = 0; k < count; k++) {
        const zsize = view.getUint32(p, meta.littleEndian);
        out.push({ block: bytes.subarray(p + 8, p + 8 + zsize), size: view.getUint32(p + 4, meta.littleEndian) });
        p += 8 + zsize;
      }
    }
  }
  return out;
}
