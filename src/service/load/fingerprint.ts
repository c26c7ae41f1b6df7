/**
 * The input's fingerprint (input-hasher.ts; its value: core/hash/content-hash.ts), made
 * off the load's critical path: a load never waits for it, `ready` comes first.
 *
 * A File (a Blob) can be read again, so its bytes are hashed only after the load, by a
 * hasher that reads the Blob itself (the hash worker in the browser): during the load the
 * cores parse, and the hashing starts once the worker is idle (trace-service.ts starts it
 * when the opening views are built ahead) or when someone needs the value first (Share,
 * a link that names a trace by its fingerprint). A stream (a `?url=` load) cannot be read
 * again: its bytes were handed to the hasher as they went by, and only the digest is left.
 */
import type { InputHasher } from '../input-hasher';

/** Work that gives the fingerprint ('' when it failed), started at most once. */
export interface FingerprintJob {
  /** The hex digest once made ('' when it failed or was dropped); does not start the work. */
  value(): Promise<string>;
  /**
   * Starts the hashing, if not started yet. `wanted`: someone waits for the value (Share, a
   * link that names a trace by it): the hashing is no longer work ahead, and from then on
   * nothing holds it.
   */
  start(wanted?: boolean): void;
  /** The page is asking questions: hashing done ahead holds off a moment (InputHasher.hold). */
  hold(): void;
  /** Drops the work (the model was replaced): `value()` resolves ''. */
  dispose(): void;
}

class DeferredFingerprint implements FingerprintJob {
  private readonly result: Promise<string>;
  private settle: (hex: string) => void = () => undefined;
  private state: 'waiting' | 'started' | 'done' | 'dropped' = 'waiting';
  private wanted = false;

  /** `hasher`: fed already (a stream's), else made by `makeHasher` when the work starts. */
  constructor(
    private digest: ((hasher: InputHasher) => Promise<string>) | undefined,
    private readonly makeHasher: () => InputHasher,
    private hasher?: InputHasher,
  ) {
    this.result = new Promise<string>((resolve) => (this.settle = resolve));
  }

  value(): Promise<string> {
    return this.result;
  }

  start(wanted = false): void {
    if (wanted) this.wanted = true;
    if (this.state !== 'waiting' || !this.digest) return;
    this.state = 'started';
    const hasher = (this.hasher ??= this.makeHasher());
    const finish = (hex: string): void => {
      if (this.state === 'started') this.state = 'done';
      this.settle(hex);
    };
    this.digest(hasher).then(finish, () => finish(''));
    // What it reads (a Blob) is not held once the reading has started.
    this.digest = undefined;
  }

  hold(): void {
    // Only while the hashing runs (before, nothing reads; after, its worker is gone), and not
    // once the page waits for it: Share's "fingerprinting…" would wait on every hover.
    if (this.state === 'started' && !this.wanted) this.hasher?.hold();
  }

  dispose(): void {
    this.state = 'dropped';
    this.digest = undefined;
    this.hasher?.dispose();
    this.settle('');
  }
}

/** The fingerprint of a Blob's bytes, read again by a hasher of its own once asked. */
export function blobFingerprint(blob: Blob, createHasher: () => InputHasher): FingerprintJob {
  return new DeferredFingerprint((hasher) => hasher.digestBlob(blob), createHasher);
}

/** The fingerprint of the bytes given to `hasher` as they went by (a stream's). */
export function fedFingerprint(hasher: InputHasher): FingerprintJob {
  return new DeferredFingerprint((h) => h.digest(), () => hasher, hasher);
}
