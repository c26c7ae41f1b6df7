/**
 * Time labels of the time axes (the flame chart's ruler and window label, the overview's
 * ticks), one rule for both so they agree: absolute trace time as the trace prints it
 * (seconds, `11.524982`), or, on request, time since an origin (`+0.009200`, the start of
 * the calls in view: the overview's origin). Labels carry as many decimals as the step
 * between ticks needs (ticks 20 µs apart print to 10 µs: `3.25122`, `3.25124`), at most
 * nine (nanoseconds, the model's unit).
 *
 * Pure: nanoseconds in, strings out. Times are integer ns held in doubles (exact below
 * 2^53 ns), so the seconds and the fraction are split with integer arithmetic, never
 * printed through a float of seconds (which would show 3.2512339999).
 */

export interface TimeTick {
  /** Where the tick is, in absolute ns. */
  ns: number;
  label: string;
}

/** How labels read: absolute trace time, or time since `origin` (absolute ns). */
export type TimeClock = { kind: 'absolute' } | { kind: 'relative'; origin: number };

/** Tick steps: 1, 2, 5 times a power of ten nanoseconds. */
const NICE = [1, 2, 5];

/** The smallest 1/2/5 × 10^k ns step (at least 1 ns) that puts at most `maxTicks` ticks on `span` ns. */
export function tickStep(span: number, maxTicks: number): number {
  const raw = span / Math.max(1, maxTicks);
  if (!(raw > 1)) return 1;
  let power = 10 ** Math.floor(Math.log10(raw));
  for (;;) {
    for (const m of NICE) if (m * power >= raw) return m * power;
    power *= 10;
  }
}

/** Decimals of seconds a step of `stepNs` needs (0 to 9). */
export function decimalsFor(stepNs: number): number {
  if (!(stepNs > 0)) return 9;
  // A step of 2e4 ns is 0.00002 s: 5 decimals. Rounded first: log10 of 1e3 may be 2.9999….
  const d = Math.ceil(9 - Math.log10(stepNs) - 1e-9);
  return Math.max(0, Math.min(9, d));
}

/**
 * `ns` (an integer count, possibly negative) as seconds with `decimals` digits, cut (not
 * rounded). Past 2^53 ns (a tai clock's 1.7e18 ns, trace-cmd --date's epoch times) a double
 * is a multiple of 256 ns or more, up to 128 ns off the time the trace printed: its ns digits
 * are not the trace's and cutting showed a printed `.524982` as `.524981888`; such a time is
 * given to the µs, rounded, with at most 6 decimals.
 */
export function formatSeconds(ns: number, decimals: number): string {
  const sign = ns < 0 ? '-' : '';
  const abs = Math.round(Math.abs(ns));
  if (abs > Number.MAX_SAFE_INTEGER && Number.isFinite(abs)) {
    const us = BigInt(abs) + 500n - ((BigInt(abs) + 500n) % 1000n);
    const digits = Math.min(decimals, 6);
    const frac = String(us % 1_000_000_000n).padStart(9, '0').slice(0, digits);
    return `${sign}${us / 1_000_000_000n}${digits > 0 ? '.' + frac : ''}`;
  }
  const whole = Math.floor(abs / 1e9);
  const frac = abs - whole * 1e9;
  if (decimals <= 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(9, '0').slice(0, decimals)}`;
}

/** A time on `clock` with `decimals`: `11.524982` absolute, `+0.009200` relative. */
export function formatClock(ns: number, clock: TimeClock, decimals: number): string {
  if (clock.kind === 'absolute') return formatSeconds(ns, decimals);
  const rel = ns - clock.origin;
  return rel < 0 ? formatSeconds(rel, decimals) : `+${formatSeconds(rel, decimals)}`;
}

/**
 * The ticks of [v0, v1] ns (absolute): at most `maxTicks`, on round values of the clock
 * (a relative clock's ticks are round from its origin), each labelled with the decimals
 * the step needs.
 */
export function timeTicks(v0: number, v1: number, maxTicks: number, clock: TimeClock): { ticks: TimeTick[]; step: number; decimals: number } {
  const span = v1 - v0;
  if (!(span > 0) || !Number.isFinite(span)) return { ticks: [], step: 0, decimals: 9 };
  // No step finer than the spacing of the doubles the times are held in (256 ns at a tai
  // clock's 1.7e18 ns): the count of 100 ns steps from zero there is past 2^53 itself, so
  // i++ did not move it and one tick was labelled a dozen times over, at one place; and
  // ticks finer than that could not be told apart on the axis, as the calls under them are not.
  const grain = doubleGrain(Math.max(Math.abs(v0), Math.abs(v1)));
  const step = Math.max(tickStep(span, maxTicks), grain > 1 ? tickStep(grain, 1) : 1);
  const decimals = decimalsFor(step);
  const zero = clock.kind === 'absolute' ? 0 : clock.origin;
  const ticks: TimeTick[] = [];
  // Steps from the clock's zero; integer ns throughout (a step is a whole number of ns).
  const first = Math.ceil((v0 - zero) / step);
  const last = Math.floor((v1 - zero) / step);
  for (let i = first; i <= last && ticks.length <= maxTicks; i++) {
    const ns = zero + i * step;
    ticks.push({ ns, label: tickLabel(i, step, clock, decimals) });
  }
  return { ticks, step, decimals };
}

/** Width of a ruler label's character (10.5 px digits: `1733400011.584762` is 113 px) and the room around one. */
export const RULER_CHAR_PX = 6.5;
const RULER_LABEL_PAD_PX = 10;

/**
 * timeTicks for a ruler `width` px wide: at most one tick per `minPx`, and fewer when the
 * labels the step needs are longer than the ticks are apart. Past 2^53 ns (a tai clock, trace-cmd
 * --date) the labels are 17 digits (113 px) and a tick stands at its time's double, up to
 * 256 ns nearer the next than the step: 1 µs ticks on 8.7 µs were drawn 105 px apart and
 * their labels ran into each other.
 */
export function rulerTicks(v0: number, v1: number, width: number, minPx: number, clock: TimeClock): { ticks: TimeTick[]; step: number; decimals: number } {
  let max = Math.max(2, Math.floor(width / minPx));
  const grain = doubleGrain(Math.max(Math.abs(v0), Math.abs(v1)));
  for (;;) {
    const r = timeTicks(v0, v1, max, clock);
    let longest = 0;
    for (const t of r.ticks) longest = Math.max(longest, t.label.length);
    const need = longest * RULER_CHAR_PX + RULER_LABEL_PAD_PX;
    // Ticks stand at their times' doubles: past 2^53 ns up to a grain closer than the step.
    const apart = r.step > 0 ? ((r.step - (grain > 1 ? grain : 0)) / (v1 - v0)) * width : Number.POSITIVE_INFINITY;
    if (apart >= need || max <= 2) return { ...r, ticks: r.ticks.filter((t) => labelFits(t, v0, v1, width)) };
    max = Math.max(2, Math.min(max - 1, Math.floor(width / need)));
  }
}

/**
 * Whether a ruler tick's label, written rightwards from its mark, ends inside the ruler: one
 * near the right edge was cut there, and what stayed read as another time (`11.52` of
 * `11.524982`). Such a tick is left out, its mark with it.
 */
function labelFits(t: TimeTick, v0: number, v1: number, width: number): boolean {
  const x = ((t.ns - v0) / (v1 - v0)) * width;
  return x + t.label.length * RULER_CHAR_PX + RULER_LABEL_PAD_PX / 2 <= width;
}

/** The spacing of doubles at `abs` ns: 1 up to 2^53, then 2, 4, … (256 at 1.7e18). */
function doubleGrain(abs: number): number {
  if (!(abs > Number.MAX_SAFE_INTEGER) || !Number.isFinite(abs)) return 1;
  return 2 ** (Math.floor(Math.log2(abs)) - 52);
}

/**
 * The label of the tick `i` steps from the clock's zero, from that count, never from its
 * position: past 2^53 ns (a tai clock's 1.7e18 ns, trace-cmd --date's epoch times) the double
 * `zero + i * step` is up to 128 ns off the round time the tick stands for, and cutting its
 * digits labelled µs ticks with the one before (`.524986` twice), relative ones `+0.000999`.
 */
function tickLabel(i: number, step: number, clock: TimeClock, decimals: number): string {
  const fromZero = i * step;
  if (clock.kind === 'relative') return fromZero < 0 ? formatSeconds(fromZero, decimals) : `+${formatSeconds(fromZero, decimals)}`;
  if (Number.isSafeInteger(fromZero)) return formatSeconds(fromZero, decimals);
  const ns = BigInt(i) * BigInt(step);
  const abs = ns < 0n ? -ns : ns;
  const whole = abs / 1_000_000_000n;
  const frac = String(abs % 1_000_000_000n).padStart(9, '0');
  return `${ns < 0n ? '-' : ''}${whole}${decimals > 0 ? '.' + frac.slice(0, decimals) : ''}`;
}

/**
 * The decimals a window label needs: a hundredth of the window (`Showing 3.251234 s to
 * 3.251457 s` for a 223 µs window: µs digits).
 */
export function windowDecimals(spanNs: number): number {
  return decimalsFor(spanNs / 100);
}

/** The absolute clock (one object: a stable dependency). */
export const ABSOLUTE: TimeClock = { kind: 'absolute' };
