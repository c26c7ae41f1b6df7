/**
 * Shrinks a failing case's input while the same property still fails: whole lines first
 * (delta debugging), then the bytes of the lines left. The chunkings stay the case's own.
 */
import type { FuzzCase } from './cases';
import { runCase, type RunOptions } from './run-case';
import { concatBytes } from '../../src/test-utils/concat-bytes';

function splitLines(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, start)) {
    out.push(bytes.subarray(start, i + 1));
    start = i + 1;
  }
  if (start < bytes.length) out.push(bytes.subarray(start));
  return out;
}

export async function minimise(c: FuzzCase, property: string, opts: RunOptions, budgetMs: number): Promise<Uint8Array> {
  const until = Date.now() + budgetMs;
  const fails = async (bytes: Uint8Array): Promise<boolean> => {
    const r = await runCase({ ...c, bytes }, opts);
    return r.failures.some((f) => f.property === property);
  };
  let lines = splitLines(c.bytes);
  // Line-level delta debugging (ddmin).
  let n = 2;
  while (lines.length >= 2 && Date.now() < until) {
    const size = Math.ceil(lines.length / n);
    let shrunk = false;
    for (let i = 0; i < n && Date.now() < until; i++) {
      const candidate = lines.slice(0, i * size).concat(lines.slice((i + 1) * size));
      if (candidate.length < lines.length && (await fails(concatBytes(candidate)))) {
        lines = candidate;
        n = Math.max(2, n - 1);
        shrunk = true;
        break;
      }
    }
    if (!shrunk) {
      if (n >= lines.length) break;
      n = Math.min(lines.length, n * 2);
    }
  }
  // Then each line: cut its tail by halves while the failure stays.
  for (let i = 0; i < lines.length && Date.now() < until; i++) {
    let line = lines[i];
    const nl = line[line.length - 1] === 10 ? 1 : 0;
    for (let cut = (line.length - nl) >> 1; cut > 0 && Date.now() < until; cut >>= 1) {
      while (line.length - nl > cut) {
        const shorter = new Uint8Array(line.length - cut);
        shorter.set(line.subarray(0, line.length - nl - cut));
        if (nl) shorter[shorter.length - 1] = 10;
        const candidate = lines.slice();
        candidate[i] = shorter;
        if (!(await fails(concatBytes(candidate)))) break;
        lines = candidate;
        line = shorter;
      }
    }
  }
  return concatBytes(lines);
}
