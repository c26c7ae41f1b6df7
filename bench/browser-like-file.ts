/**
 * A Blob over bytes in memory that reads like a picked File in the browser's trace worker:
 * its byte stream copies into the reader's own buffers (the BYOB reads of
 * `src/service/chunk-reader.ts`), so reading it touches no fresh memory.
 *
 * Node's own Blob does not: its stream makes a fresh buffer per chunk inside, even for a
 * BYOB reader. On this project's VM, where a first touch of a 4 KiB page costs ~15 µs,
 * reading a 168 MB Blob so took ~0.47 s and 41,000 page faults (this class: ~20 ms and a
 * few hundred), a third of a 1M-call load that the app does not pay: benchmarks of the
 * service's loads (bench/compare.ts) read their input through this instead.
 */
export class BrowserLikeFile extends Blob {
  constructor(private readonly content: Uint8Array) {
    super([]);
  }

  override get size(): number {
    return this.content.byteLength;
  }

  override slice(start?: number, end?: number): Blob {
    return new BrowserLikeFile(this.content.subarray(start ?? 0, end ?? this.content.byteLength));
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const bytes = this.content;
    let at = 0;
    return new ReadableStream({
      type: 'bytes',
      pull(controller) {
        const request = controller.byobRequest;
        if (at >= bytes.byteLength) {
          controller.close();
          request?.respond(0);
          return;
        }
        if (!request?.view) {
          // A default reader: a chunk of its own, as the browser's stream gives (a copy:
          // enqueue transfers its buffer, and a Node Buffer's slice is a view of the whole).
          const n = Math.min(1 << 18, bytes.byteLength - at);
          const chunk = new Uint8Array(n);
          chunk.set(bytes.subarray(at, at + n));
          controller.enqueue(chunk);
          at += n;
          return;
        }
        const view = request.view;
        const n = Math.min(view.byteLength, bytes.byteLength - at);
        new Uint8Array(view.buffer, view.byteOffset, n).set(bytes.subarray(at, at + n));
        at += n;
        request.respond(n);
      },
    });
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.copy().buffer);
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return Promise.resolve(this.copy());
  }

  /** The bytes in a buffer of their own (a Node Buffer's `slice` is a view, not a copy). */
  private copy(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.content.byteLength);
    out.set(this.content);
    return out;
  }

  override text(): Promise<string> {
    return Promise.resolve(new TextDecoder().decode(this.content));
  }
}
