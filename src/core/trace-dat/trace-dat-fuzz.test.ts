/**
 * Damaged files never crash the reader or hang it: flipped bytes anywhere (headers,
 * sections, options, pages, compressed chunks) end in a model, with the damage reported
 * as an input error naming a place in the file when the reader noticed it. Seeded, so a
 * failure repeats.
 */
import { describe, expect, it } from 'vitest';
import { loadTraceDat } from './load-trace-dat';
import { memorySource } from './source';
import { writeTraceDat, type DatSpec, type PageSpec } from '../../test-utils/trace-dat-writer';

function pages(n: number, cpu: number): PageSpec[] {
  return Array.from({ length: n }, (_, k) => ({
    ts: 1e9 * (k + 1) + cpu,
    missed: k === 1 ? 3 : undefined,
    items: [
      { ts: 1e9 * (k + 1) + 10, event: { kind: 'entry' as const, pid: 139, func: 0xffffffff81000100n, depth: 0 } },
      { padding: 12, delta: 1 },
      { ts: 1e9 * (k + 1) + 40, event: { kind: 'exit' as const, pid: 139, func: 0xffffffff81000100n, depth: 0, calltime: 1e9 * (k + 1) + 11, rettime: 1e9 * (k + 1) + 39 } },
      { ts: 1e9 * (k + 1) + 3e8, event: { kind: 'function' as const, pid: 7, ip: 0xffffffff81000200n, parent: 0xffffffff81000100n } },
    ],
  }));
}

const BASE: DatSpec = {
  version: 7,
  kallsyms: 'ffffffff81000100 T tcp_sendmsg\nffffffff81000200 T tcp_push\nffffffff81000300 T z_end\n',
  cmdlines: '139 curl\n7 sh\n',
  cpus: [
    { cpu: 0, pages: pages(5, 0) },
    { cpu: 1, pages: pages(3, 1) },
  ],
};

/** xorshift32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

describe('flipped bytes in trace.dat files', () => {
  const files: [string, Uint8Array][] = [
    ['v7 uncompressed', writeTraceDat(BASE)],
    ['v7 zlib', writeTraceDat({ ...BASE, compression: 'zlib' })],
    ['v6 big-endian', writeTraceDat({ ...BASE, version: 6, bigEndian: true })],
  ];

  it.each(files)('%s: every damaged copy loads or says where it broke', async (_name, good) => {
    const clean = await loadTraceDat(memorySource(good));
    expect(clean.diagnostics.inputErrors).toEqual([]);
    expect(clean.calls.length).toBe(16);
    const random = rng(good.length);
    for (let round = 0; round < 150; round++) {
      const bytes = good.slice();
      const flips = 1 + Math.floor(random() * 4);
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * bytes.length)] ^= 1 + Math.floor(random() * 255);
      const model = await loadTraceDat(memorySource(bytes));
      for (const e of model.diagnostics.inputErrors) expect(e).toMatch(/^(trace\.dat .* at byte \d+: |the \w+ option)/);
      // Never more calls than records could make.
      expect(model.calls.length).toBeLessThan(10_000);
    }
  }, 60_000);
});
