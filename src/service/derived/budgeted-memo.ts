/**
 * A memo table with one eviction rule: values are kept by key, the least recently used
 * first to go once the evictable ones together hold more than the budget (in bytes, as
 * estimated by whoever stores them, from the typed arrays a value holds). Pinned values
 * (what every view needs, like the call topology) are never evicted and not counted
 * against the budget: they live as long as the memo.
 *
 * The value just stored is never evicted by its own insertion, so what `get` returns is
 * always the value kept (a second ask returns the same object unless it was evicted since).
 *
 * Once questions are counted (`newQuestion`, before each of the page's), a value read or
 * stored by this question or the one before is not evicted either: a view's tree larger
 * than the whole budget (a filtered view's at 25.6M calls, 0.6 GB against 512 MiB) was
 * dropped as soon as the next question stored any answer, and built again at the one after.
 */
export interface MemoOptions<T> {
  /** Estimated size of the value in bytes. */
  bytes: (value: T) => number;
  /** Kept for the memo's life, outside the budget. */
  pinned?: boolean;
}

interface Entry {
  value: unknown;
  bytes: number;
  pinned: boolean;
  /** The question that last read, stored or grew it. */
  question: number;
}

export interface MemoStats {
  entries: number;
  /** Bytes of the evictable entries (at most the budget, but for the newest entry). */
  bytes: number;
  pinnedBytes: number;
  evictions: number;
}

export class BudgetedMemo {
  /** In recency order: the first is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private evictableBytes = 0;
  private pinnedBytes = 0;
  private evictions = 0;
  /** Questions counted so far (0: none; then nothing is kept for being in use). */
  private question = 0;

  constructor(readonly budget: number) {}

  /** The page asks a question: what the last one read is still in use during this one. */
  newQuestion(): void {
    this.question++;
  }

  /** The value of `key`, computed (and stored) when it is not kept. */
  get<T>(key: string, compute: () => T, options: MemoOptions<T>): T {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      hit.question = this.question;
      return hit.value as T;
    }
    const value = compute();
    // compute() may have stored the same key (a value made of others): keep the first.
    const raced = this.entries.get(key);
    if (raced) return raced.value as T;
    const entry: Entry = { value, bytes: Math.max(0, options.bytes(value)), pinned: options.pinned ?? false, question: this.question };
    this.entries.set(key, entry);
    if (entry.pinned) this.pinnedBytes += entry.bytes;
    else this.evictableBytes += entry.bytes;
    this.evictBeyondBudget(key);
    return value;
  }

  /** The value kept for `key` (no recency change), or undefined. */
  peek<T>(key: string): T | undefined {
    return this.entries.get(key)?.value as T | undefined;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A kept value grew (something was added to it): re-estimates it, and evicts beyond the budget. */
  resize(key: string, bytes: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const delta = Math.max(0, bytes) - entry.bytes;
    entry.bytes += delta;
    entry.question = this.question;
    if (entry.pinned) this.pinnedBytes += delta;
    else {
      this.evictableBytes += delta;
      this.evictBeyondBudget(key);
    }
  }

  /** Drops the value of `key`, if kept (a value another one replaces). */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    if (entry.pinned) this.pinnedBytes -= entry.bytes;
    else this.evictableBytes -= entry.bytes;
  }

  /** Drops every value. */
  clear(): void {
    this.entries.clear();
    this.evictableBytes = 0;
    this.pinnedBytes = 0;
  }

  stats(): MemoStats {
    return { entries: this.entries.size, bytes: this.evictableBytes, pinnedBytes: this.pinnedBytes, evictions: this.evictions };
  }

  /** Read, stored or grown by this question or the one before (questions counted). */
  private inUse(entry: Entry): boolean {
    return this.question > 0 && entry.question >= this.question - 1;
  }

  private evictBeyondBudget(keep: string): void {
    if (this.evictableBytes <= this.budget) return;
    for (const [key, entry] of this.entries) {
      if (this.evictableBytes <= this.budget) break;
      if (entry.pinned || key === keep || this.inUse(entry)) continue;
      this.entries.delete(key);
      this.evictableBytes -= entry.bytes;
      this.evictions++;
    }
  }
}

/** Bytes held by typed arrays (the sizes the memo's estimates are made of). */
export function bytesOf(...arrays: (ArrayBufferView | undefined | null)[]): number {
  let sum = 0;
  for (const a of arrays) if (a) sum += a.byteLength;
  return sum;
}
