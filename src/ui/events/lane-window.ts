/**
 * The time window an event marker lane shows, set by its chart (the flame chart's draw
 * sets it on every frame, the overview once per timeline) and read by the lane without a
 * React render per frame.
 */
export type Span = readonly [number, number];

export class LaneWindow {
  private span: Span | null = null;
  private readonly listeners = new Set<() => void>();

  get(): Span | null {
    return this.span;
  }

  set(a: number, b: number): void {
    if (this.span && this.span[0] === a && this.span[1] === b) return;
    this.span = [a, b];
    for (const f of this.listeners) f();
  }

  subscribe(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }
}
