/**
 * The function tracer's payload (docs/formats.md §3.3), what follows `TIME: ` on its lines:
 *
 *   sym[+off/size][(args)][ [mod]][ <addr>] [<-parent[+off/size]…] [(repeats: N, last_ts: T)]
 *
 * Called by the context-prefix parser (context-prefix.ts) once it has read the prefix and
 * seen a symbol at the payload's start.
 */
import type { LineExtras } from './context-prefix';
import { isHexAddress, scanOffsetSize, scanTimestampNs, scanUint, skipSpaces } from './fields';
import { RecordFlag, RecordKind, type LineRecord } from './record';

const CH_SPACE = 32;
const CH_DOLLAR = 36;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_PLUS = 43;
const CH_DASH = 45;
const CH_DOT = 46;
const CH_LT = 60;
const CH_LBRACKET = 91;
const CH_UNDERSCORE = 95;

const num = { value: 0 };

const SYM_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  SYM_CHARS[c] =
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === CH_UNDERSCORE || c === CH_DOT || c === CH_DOLLAR
      ? 1
      : 0;
}

/** Symbol characters as `%ps` prints them (identifiers, `.isra.0` clones, `0x…` addresses). */
export function isSymChar(c: number): boolean {
  // A table beats the comparison chain: this runs for every character of every name.
  return c < 128 && SYM_CHARS[c] === 1;
}

/** `sym[+off/size][(args)][ [mod]][ <addr>] [<-parent…] [(repeats: N, last_ts: T)]`. */
export function parseFunctionPayload(
  s: string,
  q: number,
  nameEnd: number,
  end: number,
  out: LineRecord,
  ex: LineExtras,
): boolean {
  let k = skipSymDecorations(s, nameEnd, end);
  if (k < 0) return false;
  // Copied before the parent's decorations overwrite `deco`; applied only on success.
  const argsStart = deco.argsStart;
  const argsEnd = deco.argsEnd;
  const modStart = deco.modStart;
  const modEnd = deco.modEnd;
  let ps = -1;
  let pe = -1;
  let plus = -1;
  if (s.charCodeAt(k) === CH_SPACE && s.charCodeAt(k + 1) === CH_LT && s.charCodeAt(k + 2) === CH_DASH) {
    ps = k + 3;
    pe = ps;
    while (pe < end && isSymChar(s.charCodeAt(pe))) pe++;
    if (pe === ps) return false;
    k = skipSymDecorations(s, pe, end);
    if (k < 0) return false;
    plus = deco.plus;
  }
  let count = -1;
  let lastTs = Number.NaN;
  if (k < end && s.startsWith(' (repeats: ', k)) {
    let r = scanUint(s, k + 11, num);
    if (r < 0) return false;
    count = num.value;
    if (!s.startsWith(', last_ts:', r)) return false;
    r = scanTimestampNs(s, skipSpaces(s, r + 10), num);
    if (r < 0 || s.charCodeAt(r) !== CH_RPAREN) return false;
    lastTs = num.value;
    k = r + 1;
  }
  if (k !== end) return false;
  ex.repeatTsNs = lastTs;
  out.kind = RecordKind.FunctionCall;
  const name = s.slice(q, nameEnd);
  out.name = name;
  if (name.charCodeAt(0) === 48 /* 0 */ && isHexAddress(name)) out.flags |= RecordFlag.Unresolved;
  if (argsEnd > argsStart) out.args = s.slice(argsStart, argsEnd);
  if (modEnd > modStart) out.module = s.slice(modStart, modEnd);
  if (ps >= 0) {
    out.parentName = s.slice(ps, pe);
    if (plus >= 0 && scanOffsetSize(s, plus, end, site) >= 0) {
      out.callerOffset = site.offset;
      out.callerSize = site.size;
    }
  }
  out.count = count;
  out.lastTsNs = lastTs;
  return true;
}

/**
 * Where skipSymDecorations found each decoration of the last symbol, -1 when absent:
 * the `+` of `+0xOFF/0xSIZE`, the argument text inside `(…)`, the module inside ` […]`.
 */
const deco = { plus: -1, argsStart: -1, argsEnd: -1, modStart: -1, modEnd: -1 };
/** A parent's `+0xOFF/0xSIZE`. */
const site = { offset: 0, size: 0 };

/** Skips `+0xOFF/0xSIZE`, a balanced `(args)` group, ` [module]` and ` <address>`; -1 if unbalanced. */
function skipSymDecorations(s: string, k: number, end: number): number {
  deco.plus = deco.argsStart = deco.argsEnd = deco.modStart = deco.modEnd = -1;
  for (;;) {
    const c = s.charCodeAt(k);
    if (k >= end) return k;
    if (c === CH_PLUS) {
      deco.plus = k;
      k++;
      while (k < end && s.charCodeAt(k) !== CH_SPACE && s.charCodeAt(k) !== CH_LPAREN) k++;
    } else if (c === CH_LPAREN) {
      // Arguments can nest: `(struct qstr)[0x1a:0x2b]`, `notify=2 [TWA_SIGNAL]`.
      let level = 0;
      let j = k;
      for (; j < end; j++) {
        const d = s.charCodeAt(j);
        if (d === CH_LPAREN) level++;
        else if (d === CH_RPAREN && --level === 0) break;
      }
      if (j >= end) return -1;
      deco.argsStart = k + 1;
      deco.argsEnd = j;
      k = j + 1;
    } else if (c === CH_SPACE && s.charCodeAt(k + 1) === CH_LBRACKET) {
      const close = s.indexOf(']', k + 2);
      if (close < 0 || close >= end) return -1;
      deco.modStart = k + 2;
      deco.modEnd = close;
      k = close + 1;
    } else if (c === CH_SPACE && s.charCodeAt(k + 1) === CH_LT && s.charCodeAt(k + 2) !== CH_DASH) {
      const close = s.indexOf('>', k + 2);
      if (close < 0 || close >= end) return -1;
      k = close + 1;
    } else {
      return k;
    }
  }
}
