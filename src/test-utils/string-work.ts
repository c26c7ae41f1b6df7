/**
 * A parser's work counted, not timed: the characters that string methods look at while a
 * function runs. The count does not depend on the machine or its load, so a test can assert
 * that work grows linearly with the input (twice the text, about twice the work) and leave
 * time to the benchmark.
 *
 * Each String.prototype method the parsers use is wrapped for the duration of the call and
 * charged what it must read: one character for charCodeAt, the span searched for indexOf,
 * the characters copied for slice, and so on. Indexing with `s[i]` is not seen (the parsers
 * read characters with charCodeAt), nor is work that touches no string.
 */

type Cost = (self: string, args: unknown[], result: unknown) => number;
type Method = (...args: unknown[]) => unknown;

// The prototypes as tables of functions, to swap their methods and call the originals.
const stringMethods = String.prototype as unknown as Record<string, Method>;
const regExpMethods = RegExp.prototype as unknown as Record<'exec', Method>;

const int = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : fallback);
const clamp = (v: number, len: number): number => Math.max(0, Math.min(len, v));
const needle = (v: unknown): number => String(v).length;

// The unwrapped method: the costs must not charge their own searches.
const nativeIndexOf = stringMethods.indexOf;

/** From `from` to the match's end, or to the end of the string when there is none. */
const forwardSearch: Cost = (s, [sub, from], found) => {
  const start = clamp(int(from, 0), s.length);
  const at = typeof found === 'number' ? found : found ? Number(Reflect.apply(nativeIndexOf, s, [String(sub), start])) : -1;
  return at >= 0 ? at - start + needle(sub) : s.length - start;
};

const COSTS: Record<string, Cost> = {
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  indexOf: forwardSearch,
  includes: forwardSearch,
  lastIndexOf: (s, [sub, from], found) => {
    const start = clamp(int(from, s.length), s.length);
    return start - Math.max(0, found as number) + needle(sub);
  },
  startsWith: (_s, [sub]) => needle(sub),
  endsWith: (_s, [sub]) => needle(sub),
  slice: (_s, _args, out) => (out as string).length,
  substring: (_s, _args, out) => (out as string).length,
  trim: (s) => s.length,
  trimStart: (s) => s.length,
  trimEnd: (s) => s.length,
  split: (s) => s.length,
  toLowerCase: (s) => s.length,
  toUpperCase: (s) => s.length,
};

/** Runs `fn` (synchronous) and returns the characters string methods looked at meanwhile. */
export function countStringWork(fn: () => void): number {
  const originals = new Map<string, Method>();
  let work = 0;
  for (const [name, cost] of Object.entries(COSTS)) {
    const original = stringMethods[name];
    originals.set(name, original);
    stringMethods[name] = function (this: string, ...args: unknown[]) {
      const result = Reflect.apply(original, this, args);
      work += cost(String(this), args, result);
      return result;
    };
  }
  // A regular expression reads from lastIndex (sticky or global) or the start, to the end at
  // most. RegExp.prototype.test, match and replace call exec too.
  const exec = regExpMethods.exec;
  regExpMethods.exec = function (this: RegExp, input: unknown) {
    work += String(input).length - (this.sticky || this.global ? this.lastIndex : 0);
    return Reflect.apply(exec, this, [input]);
  };
  try {
    fn();
  } finally {
    for (const [name, original] of originals) stringMethods[name] = original;
    regExpMethods.exec = exec;
  }
  return work;
}
