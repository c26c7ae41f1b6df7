/** The input bytes of a small trace, kept after a load so a link can carry the trace. */

/** Inputs up to this size are kept after a load, so a link can carry them. */
export const MAX_KEPT_INPUT = 1024 * 1024;

/** Collects the input while it is at most MAX_KEPT_INPUT bytes; gives up (and frees) beyond. */
export class SmallInputKeeper {
  private parts: Uint8Array[] | null = [];
  private size = 0;

  add(chunk: Uint8Array): void {
    if (!this.parts) return;
    this.size += chunk.byteLength;
    if (this.size > MAX_KEPT_INPUT) this.parts = null;
    else this.parts.push(chunk.slice());
  }

  bytes(): Uint8Array | null {
    if (!this.parts) return null;
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}
