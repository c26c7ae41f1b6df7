/** Load progress, sent to the main thread at a bounded rate. */
import type { LoadProgress, ProgressCallback } from '../api';

/** Progress is reported when this much more input was read… */
const PROGRESS_BYTES = 4 * 1024 * 1024;
/** …or this much time passed since the last report. */
const PROGRESS_MS = 100;

const now = (): number => performance.now();

/**
 * Calls the progress callback at most every PROGRESS_MS or PROGRESS_BYTES. A report it
 * skips is sent PROGRESS_MS later if nothing newer came (so a stalled source still shows
 * the lines parsed so far). `dispose()` drops that pending report. The bytes it reports never
 * go down.
 */
export class ProgressThrottle {
  private lastBytes = -1;
  private lastTime: number;
  private pending: LoadProgress | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly callback: ProgressCallback | undefined,
    private readonly totalBytes: number,
    started: number,
  ) {
    this.lastTime = started;
  }

  report(bytes: number, lines: number, force: boolean): void {
    if (!this.callback) return;
    // Never backwards: a gzipped trace.dat is first counted in bytes of the gzip read (before
    // its head says it is a trace.dat), then as half the work inflating, half reading.
    const p: LoadProgress = { bytes: Math.max(bytes, this.lastBytes), totalBytes: Math.max(this.totalBytes, 0), lines };
    const t = now();
    if (!force && bytes - this.lastBytes < PROGRESS_BYTES && t - this.lastTime < PROGRESS_MS) {
      this.pending = p;
      this.timer ??= setTimeout(() => this.flush(), Math.max(1, PROGRESS_MS - (t - this.lastTime)));
      return;
    }
    this.send(p, t);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const p = this.pending;
    if (p) this.send(p, now());
  }

  private send(p: LoadProgress, t: number): void {
    this.dispose();
    this.lastBytes = p.bytes;
    this.lastTime = t;
    // A progress listener that fails (a closed port) must not stop the load.
    try {
      const r = this.callback?.(p) as unknown;
      if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch(() => undefined);
    } catch {
      /* ignored */
    }
  }
}
