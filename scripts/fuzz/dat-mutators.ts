/**
 * Mutations of a binary trace.dat (issue 14: the fuzzing campaign over binary files too):
 * flipped bytes in a chosen part of the file (the initial header, the headers and sections
 * at its start, the pages or compressed chunks in its middle, the options and strings at
 * its end), a zeroed page, a cut. A part is picked by where it lies, not parsed: the
 * mutators share no code with the reader.
 */
import type { Rng } from '../../bench/rng';

export interface DatMutator {
  name: string;
  apply(rng: Rng, bytes: Uint8Array): Uint8Array;
}

/** Flips 1–4 bytes in [from, to) of the file (fractions of its length, or bytes when `absolute`). */
function flipIn(name: string, from: number, to: number, absolute = false): DatMutator {
  return {
    name,
    apply(rng, bytes) {
      const out = bytes.slice();
      const lo = absolute ? Math.min(from, out.length) : Math.floor(from * out.length);
      const hi = absolute ? Math.min(to, out.length) : Math.floor(to * out.length);
      if (hi <= lo) return out;
      const flips = 1 + rng.int(4);
      for (let k = 0; k < flips; k++) out[lo + rng.int(hi - lo)] ^= 1 + rng.int(255);
      return out;
    },
  };
}

export const DAT_MUTATORS: DatMutator[] = [
  // Magic, version, endianness, long size, page size, compression, the first options offset.
  flipIn('dat: flipped bytes in the initial header', 0, 48, true),
  flipIn('dat: flipped bytes in the headers and sections', 0, 0.1),
  flipIn('dat: flipped bytes in the pages or compressed chunks', 0.1, 0.95),
  flipIn('dat: flipped bytes in the options and strings at the end', 0.95, 1),
  {
    name: 'dat: a zeroed page',
    apply(rng, bytes) {
      const out = bytes.slice();
      const pages = Math.floor(out.length / 4096);
      if (pages === 0) return out;
      const at = rng.int(pages) * 4096;
      out.fill(0, at, at + 4096);
      return out;
    },
  },
  {
    name: 'dat: cut',
    apply(rng, bytes) {
      return bytes.slice(0, rng.int(bytes.length));
    },
  },
];
