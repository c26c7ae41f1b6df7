/**
 * Where gzip input is inflated (gunzip.ts: every gzip member). Inflating runs on the thread
 * that does it: made in the parser's worker, inflating and parsing took turns on one core
 * (a 1M-call trace loaded in 1.37 s gzipped against 1.0–1.1 s as plain text). In a worker
 * of its own (workers/inflate.worker.ts) it inflates on the other core while the parser
 * reads.
 *
 * The two sides talk in messages, not transferred streams: a transferred stream copies
 * every chunk and waits for the other thread at each one (measured slower than inflating
 * in place). Here the text comes back in 1 MiB buffers that are transferred, not copied,
 * and each side keeps at most AHEAD chunks in flight (credit), so neither floods the other.
 */
import { gunzipStream } from './gunzip';

export interface Inflater {
  /** Compressed bytes in, text bytes out. */
  stream: ReadableWritablePair<Uint8Array, Uint8Array>;
  /** Ends the worker behind it, if any (the load is over). */
  dispose(): void;
}

export type CreateInflater = () => Promise<Inflater>;

export const localInflater: CreateInflater = () =>
  Promise.resolve({
    stream: gunzipStream(),
    dispose() {},
  });

/** Parser → inflater: compressed bytes, their end, and a credit for one more text chunk. */
export type ToInflater = { type: 'data'; chunk: Uint8Array } | { type: 'end' } | { type: 'credit' };
/** Inflater → parser: text bytes, that a compressed chunk was taken, the end, or a failure. */
export type FromInflater =
  | { type: 'data'; chunk: Uint8Array }
  | { type: 'taken' }
  | { type: 'end' }
  | { type: 'error'; message: string };

/** The few members of a Worker, a worker's global scope or a MessagePort used here. */
export interface Port<In, Out> {
  postMessage(message: Out, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<In>) => void) | null;
}

/** Chunks in flight each way. */
const AHEAD = 4;
/** Bytes of text per chunk sent back: each chunk is one message. */
const OUT_CHUNK = 1 << 20;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The inflating worker's side: one gzip stream per worker. */
export function serveInflate(port: Port<ToInflater, FromInflater>): void {
  // Every member of the gzip, not only the first (gunzip.ts).
  const ds = gunzipStream();
  const writer = ds.writable.getWriter();
  let credit = AHEAD;
  let wake: (() => void) | undefined;
  port.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'data') {
      writer.write(m.chunk).then(
        () => port.postMessage({ type: 'taken' }, []),
        () => undefined, // the reading side reports the failure
      );
    } else if (m.type === 'end') {
      writer.close().catch(() => undefined);
    } else {
      credit++;
      wake?.();
      wake = undefined;
    }
  };
  const send = async (chunk: Uint8Array) => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    port.postMessage({ type: 'data', chunk }, [chunk.buffer]);
  };
  void (async () => {
    const reader = ds.readable.getReader();
    // Text is gathered into 1 MiB buffers; what was gathered is sent before a failure too.
    let buf = new Uint8Array(OUT_CHUNK);
    let n = 0;
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        const chunk = r.value;
        for (let i = 0; i < chunk.length; ) {
          const take = Math.min(OUT_CHUNK - n, chunk.length - i);
          buf.set(chunk.subarray(i, i + take), n);
          n += take;
          i += take;
          if (n === OUT_CHUNK) {
            await send(buf);
            buf = new Uint8Array(OUT_CHUNK);
            n = 0;
          }
        }
      }
      if (n > 0) await send(buf.slice(0, n));
      port.postMessage({ type: 'end' }, []);
    } catch (err) {
      if (n > 0) await send(buf.slice(0, n));
      port.postMessage({ type: 'error', message: errorText(err) }, []);
    }
  })();
}

/** The parser's side: the stream pair that sends compressed bytes over and reads text back. */
export function inflateThrough(port: Port<FromInflater, ToInflater>): ReadableWritablePair<Uint8Array, Uint8Array> {
  const arrived: FromInflater[] = [];
  let onArrival: (() => void) | undefined;
  let inFlight = 0;
  let onTaken: (() => void) | undefined;
  let input: WritableStreamDefaultController | undefined;
  let failed = false;
  port.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'taken') {
      inFlight--;
    } else {
      arrived.push(m);
      onArrival?.();
      onArrival = undefined;
      if (m.type === 'error') {
        // Nothing more is taken: end the pipe into the worker (which cancels the source).
        failed = true;
        input?.error(new Error(m.message));
      }
    }
    onTaken?.();
    onTaken = undefined;
  };
  const writable = new WritableStream<Uint8Array>({
    start(controller) {
      input = controller;
    },
    async write(chunk) {
      while (inFlight >= AHEAD && !failed) await new Promise<void>((resolve) => (onTaken = resolve));
      if (failed) return;
      inFlight++;
      // A copy: the reader may fill the chunk's buffer again.
      const copy = chunk.slice();
      port.postMessage({ type: 'data', chunk: copy }, [copy.buffer]);
    },
    close() {
      port.postMessage({ type: 'end' }, []);
    },
  });
  const readable = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (arrived.length === 0) await new Promise<void>((resolve) => (onArrival = resolve));
        const m = arrived.shift()!;
        if (m.type === 'data') {
          controller.enqueue(m.chunk);
          port.postMessage({ type: 'credit' }, []);
        } else if (m.type === 'end') controller.close();
        else if (m.type === 'error') controller.error(new Error(m.message));
      },
    },
    { highWaterMark: 0 },
  );
  return { writable, readable };
}

/** Inflates in a worker made by `makeWorker` (one per load), or here when there is none. */
export function workerInflater(makeWorker: () => Worker): CreateInflater {
  return () => {
    let worker: Worker;
    try {
      worker = makeWorker();
    } catch {
      return localInflater();
    }
    const stream = inflateThrough(worker);
    // A worker that fails to start or dies would leave the reader waiting: say so instead.
    worker.onerror = (e) => {
      e.preventDefault();
      const data: FromInflater = { type: 'error', message: e.message || 'the inflating worker failed' };
      worker.onmessage?.(new MessageEvent('message', { data }));
    };
    return Promise.resolve({ stream, dispose: () => worker.terminate() });
  };
}
