import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256';

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('Sha256', () => {
  it('known vectors', () => {
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('equals node:crypto for every length around block edges and any chunking', () => {
    const data = new Uint8Array(1000).map((_, i) => (i * 131 + 7) & 255);
    for (const n of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 999]) {
      const part = data.subarray(0, n);
      expect(new Sha256().update(part).hex()).toBe(node(part));
      const h = new Sha256();
      for (let i = 0; i < n; i += 7) h.update(part.subarray(i, i + 7));
      expect(h.hex()).toBe(node(part));
    }
  });

  it('a real trace file', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(new URL('../../../test/traces/02-midstream-nc-fgraph.report.txt.gz', import.meta.url)));
    // The MANIFEST's sha256 of this file.
    expect(new Sha256().update(bytes).hex()).toBe('a5f82d9cf47942d4a0c4788233a06ee04e348bf4a4e643033db29ded040bb5e9');
  });
});
