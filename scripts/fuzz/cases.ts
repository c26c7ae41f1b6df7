/**
 * One fuzz case from (seed, index), always the same: a base input, a few mutations and the
 * chunkings to load it with. Cases come in groups of GROUP that share one real trace, so a
 * worker decompresses each big report once per group, not once per case.
 */
import { Rng } from '../../bench/rng';
import { DAT_MUTATORS } from './dat-mutators';
import { DAT_TRACES, datBytes, generated, TEXT_TRACES, traceWindow, type BaseInput } from './inputs';
import { MUTATORS, pickMutator, type Scale } from './mutators';
import { randomSeams, type SeamPlacement } from './seams';

export const GROUP = 16;

export interface FuzzCase {
  seed: number;
  index: number;
  origin: string;
  mutations: string[];
  /** The input bytes. */
  bytes: Uint8Array;
  /** Chunk sizes the core loader reads the input in, one list per chunking. */
  chunkings: number[][];
  /** The chunk sizes of the stream the service reads, or null for a Blob. */
  serviceChunks: number[] | null;
  /** The service gets the input gzipped (sometimes as several members). */
  serviceGzip: 0 | 1 | 2;
  /**
   * A trace.dat: read by the binary reader, and `chunkings` split the file into the pieces
   * of its random-access source (the model must not depend on them).
   */
  binary?: boolean;
  /** Where a text input is cut to be loaded in ranges (seams.ts); none for a trace.dat. */
  seams: SeamPlacement[];
}

/** One group in this many is of trace.dat files (its own draw: the text groups stay as they were). */
const DAT_GROUP_EVERY = 6;

/** A 32-bit seed for (seed, a, b): cases do not depend on the order they are made in. */
export function mix(seed: number, a: number, b = 0): number {
  const r = new Rng((seed ^ Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca77)) >>> 0);
  return r.u32();
}

/**
 * Chunk sizes that cover `bytes`: odd sizes, single bytes, powers of two around the line
 * length; never so many chunks that per-chunk overhead dominates (at most ~20,000).
 */
export function randomChunking(rng: Rng, bytes: number): number[] {
  const floor = Math.max(1, Math.ceil(bytes / 20_000));
  const sizes: number[] = [];
  const style = rng.int(4);
  for (let total = 0; total < bytes; ) {
    let n: number;
    if (style === 0) n = Math.round(rng.logUniform(1, 1 << 20));
    else if (style === 1) n = 1 + rng.int(300);
    else if (style === 2) n = 1 << rng.int(21);
    else n = Math.round(rng.logUniform(1000, 1 << 17));
    n = Math.max(floor, n);
    sizes.push(n);
    total += n;
  }
  return sizes;
}

export function makeCase(seed: number, index: number, scale: Scale): FuzzCase {
  const datRng = new Rng(mix(seed, Math.floor(index / GROUP), 2));
  if (datRng.int(DAT_GROUP_EVERY) === 0) return makeDatCase(seed, index, DAT_TRACES[datRng.int(DAT_TRACES.length)]);
  const rng = new Rng(mix(seed, index));
  const groupRng = new Rng(mix(seed, Math.floor(index / GROUP), 1));
  const file = TEXT_TRACES[groupRng.int(TEXT_TRACES.length)];
  const base: BaseInput = rng.next() < 0.25 ? generated(rng) : traceWindow(rng, file, Math.round(rng.logUniform(10, 5000)));
  let text = base.text;
  const mutations: string[] = [];
  let every = false;
  // One case in ten is a base as it is: the properties hold on real input too.
  const count = rng.next() < 0.1 ? 0 : 1 + rng.int(3);
  for (let k = 0; k < count; k++) {
    const m = pickMutator(rng);
    text = m.apply(rng, text, scale);
    mutations.push(m.name);
    every ||= m.everyChunkSize === true;
  }
  const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
  const chunkings = [randomChunking(rng, bytes.length), [bytes.length || 1]];
  // Every size from 1 to 12 cuts each multi-byte character at each of its inner offsets.
  if (every && bytes.length <= 256 * 1024) for (let n = 1; n <= 12; n++) chunkings.push([n]);
  const serviceChunks = rng.next() < 0.5 ? null : randomChunking(rng, bytes.length);
  const serviceGzip = rng.next() < 0.8 ? 0 : rng.next() < 0.5 ? 1 : 2;
  // Their own stream (draw 3): the case's other draws stay what they were before seams were fuzzed.
  const seams = randomSeams(new Rng(mix(seed, index, 3)));
  return { seed, index, origin: base.origin, mutations, bytes, chunkings, serviceChunks, serviceGzip, seams };
}

/** A trace.dat case: the file as recorded (one in ten) or with one to three binary mutations. */
export function makeDatCase(seed: number, index: number, file: string): FuzzCase {
  const rng = new Rng(mix(seed, index));
  let bytes = datBytes(file);
  const mutations: string[] = [];
  const count = rng.next() < 0.1 ? 0 : 1 + rng.int(3);
  for (let k = 0; k < count; k++) {
    const m = DAT_MUTATORS[rng.int(DAT_MUTATORS.length)];
    bytes = m.apply(rng, bytes);
    mutations.push(m.name);
  }
  // The source's pieces: random sizes (a read across pieces is joined), and one piece.
  const chunkings = [randomChunking(rng, bytes.length), [bytes.length || 1]];
  const serviceChunks = rng.next() < 0.5 ? null : randomChunking(rng, bytes.length);
  const serviceGzip = rng.next() < 0.7 ? 0 : rng.next() < 0.5 ? 1 : 2;
  return { seed, index, origin: file, mutations, bytes, chunkings, serviceChunks, serviceGzip, binary: true, seams: [] };
}

/** The chunk sizes of `chunking`, the last one repeated until `bytes` are covered. */
export function* chunksOf(bytes: Uint8Array, chunking: number[]): Generator<Uint8Array> {
  let k = 0;
  for (let at = 0; at < bytes.length; ) {
    const n = Math.max(1, chunking[Math.min(k++, chunking.length - 1)]);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

export const MUTATOR_NAMES = MUTATORS.map((m) => m.name);
