/**
 * The function_graph part that the kernel (K-graph) and trace-cmd (TC) print alike:
 * the duration column `[MARK] NUM us |` and the body after it (`indent f() {`,
 * `f();`, `}`, `/* comment *\/`). docs/formats.md §2.3, §2.4 and §4.4.
 *
 * The body is parsed FROM THE RIGHT (§2.5): peel the trailing ` (N)` depth and
 * ` (ret=…)` groups and comments, then the final `{`, `;` or `}`, then the
 * outermost balanced `( … )` argument group; what is left is the name. That keeps
 * argument lists with nested parentheses, brackets and `...` from confusing it.
 */
import { CH_SPACE, isUnresolvedName, parseDec, scanMicrosAsNs, scanOffsetSize } from './fields';
import { tracerRecordName } from './tracer-records';
import { RecordFlag, RecordKind, type LineRecord } from './record';

const CH_PIPE = 124;
const scratch = { value: 0 };
/** The ` (N)` depth peelSuffixGroups found (the first one from the right), -1 when none. */
const peeled = { depth: -1 };
/** A caller's `+0xOFF/0xSIZE`, as read by readTrailerComment. */
const site = { offset: 0, size: 0 };

/** Duration marks: `$ @ * # ! +` (kernel), `$ # ! +` (trace-cmd). */
function isMark(c: number): boolean {
  return c === 36 || c === 64 || c === 42 || c === 35 || c === 33 || c === 43;
}

/**
 * Scans a duration column starting at `i` (spaces allowed before it):
 * `[MARK] NUM us <spaces>|` or `<spaces>|`. On success sets `out.durNs` (NaN for a
 * blank column) and returns the index just after the `|`; returns -1 when the text
 * at `i` is not a duration column.
 */
export function scanDurationColumn(s: string, i: number, out: LineRecord): number {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === CH_SPACE) i++;
  if (i >= n) return -1;
  let c = s.charCodeAt(i);
  if (c === CH_PIPE) {
    out.durNs = Number.NaN;
    return i + 1;
  }
  if (isMark(c)) {
    out.mark = String.fromCharCode(c);
    i++;
    while (i < n && s.charCodeAt(i) === CH_SPACE) i++;
  }
  const after = scanMicrosAsNs(s, i, scratch);
  if (after < 0) return -1;
  i = after;
  // " us" then padding then "|"
  if (s.charCodeAt(i) !== CH_SPACE || s.charCodeAt(i + 1) !== 117 || s.charCodeAt(i + 2) !== 115) return -1;
  i += 3;
  while (i < n && (c = s.charCodeAt(i)) === CH_SPACE) i++;
  if (i >= n || s.charCodeAt(i) !== CH_PIPE) return -1;
  out.durNs = scratch.value;
  return i + 1;
}

/**
 * Parses `indent body` starting at `i` (the first character after the `|` plus the
 * two separator spaces have NOT been skipped: pass `separatorSpaces` = 2 for text after
 * `|`, 0 for text with no duration column). Sets kind, depth, name, text, and what the
 * body's decorations print: module, args, retval, parentName with callerOffset/callerSize.
 * Returns false when the body is not a function_graph body.
 */
export function parseGraphBody(s: string, i: number, separatorSpaces: number, out: LineRecord): boolean {
  const n = s.length;
  let p = i;
  while (p < n && s.charCodeAt(p) === CH_SPACE) p++;
  let indent = p - i - separatorSpaces;
  if (indent < 0) indent = 0;
  if (indent & 1) out.flags |= RecordFlag.OddIndent;
  let depth = indent >> 1;
  let end = n;
  while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
  if (end <= p) return false;

  // Irq markers.
  const c0 = s.charCodeAt(p);
  if ((c0 === 61 || c0 === 60) && (s.startsWith('==========>', p) || s.startsWith('<==========', p))) {
    out.kind = RecordKind.IrqMarker;
    // Which arrow: the builder marks the calls between them (interrupt-frames.ts).
    out.name = c0 === 61 ? '==========>' : '<==========';
    return true;
  }

  // A whole-line comment: an event, trace_printk or trace_marker text. The kernel closes it
  // with ` */` at the line's end (print_graph_comment); one that does not end so goes on on
  // the next line (a message with a newline), and a `*/` inside it is the message's own.
  if (s.charCodeAt(p) === 47 /* / */ && s.charCodeAt(p + 1) === 42 /* * */) {
    const closed = end - 2 >= p + 2 && s.charCodeAt(end - 1) === 47 && s.charCodeAt(end - 2) === 42;
    out.kind = RecordKind.Event;
    const text = s.slice(p + 2, closed ? end - 2 : end).trim();
    out.text = text;
    const colon = text.indexOf(': ');
    // `<user stack trace>`: a user stack record (trace_user_stack_print), its frames on the
    // lines after it; the context format's parser names it the same (context-prefix.ts).
    if (text === '<user stack trace>') out.name = 'user_stack';
    else out.name = colon > 0 && /^[A-Za-z0-9_.]+$/.test(text.slice(0, colon)) ? text.slice(0, colon) : tracerRecordName(text);
    return true;
  }

  // Trailing ` (N)` depth and ` (ret=…)` groups (trace-cmd), in any order.
  end = peelSuffixGroups(s, p, end, out);
  let suffixDepth = peeled.depth;

  // Peel one trailing comment (`/* name */`, `/* <-caller+0x1/0x2 ret=0 */`, `/* = 0x0 */`).
  // trace-cmd may print more ` (N)` / ` (ret=…)` groups before it (`} /* f */ (0) (ret=0x5a8)`
  // was peeled above) or after it (`f(); (1) /* <-g */ (ret=0x0)`): peel those too.
  let comment = '';
  if (s.charCodeAt(end - 1) === 47 && s.charCodeAt(end - 2) === 42) {
    const open = s.lastIndexOf('/*', end - 2);
    if (open > p) {
      comment = s.slice(open + 2, end - 2).trim();
      end = open;
      while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
      end = peelSuffixGroups(s, p, end, out);
      if (suffixDepth < 0) suffixDepth = peeled.depth;
    }
  }

  const last = s.charCodeAt(end - 1);
  if (last === 125 /* } */) {
    if (end - 1 !== p) return false;
    out.kind = RecordKind.Exit;
    if (comment) {
      out.name = exitCommentName(comment);
      readTrailerComment(comment, out);
    }
  } else if (last === 123 /* { */ || last === 59 /* ; */) {
    out.kind = last === 59 ? RecordKind.Leaf : RecordKind.Entry;
    end--;
    while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
    // trace-cmd puts the retaddr comment before the `{`: `f(args) /* <-parent */ {`.
    if (s.charCodeAt(end - 1) === 47 && s.charCodeAt(end - 2) === 42) {
      const open = s.lastIndexOf('/*', end - 2);
      if (open > p) {
        readTrailerComment(s.slice(open + 2, end - 2).trim(), out);
        end = open;
        while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
      }
    }
    if (comment) readTrailerComment(comment, out);
    readFunction(s, p, end, out);
  } else {
    return false;
  }
  if (suffixDepth >= 0) {
    if (suffixDepth !== depth) out.flags |= RecordFlag.DepthMismatch;
    depth = suffixDepth;
  }
  out.depth = depth;
  return true;
}

/**
 * Peels trace-cmd's trailing ` (N)` depth and ` (ret=…)` groups, in any order, from the
 * body `s[p, end)` and returns the new end. The depth goes to `peeled.depth` (-1 when
 * there is none), the return value to `out.retval`.
 */
function peelSuffixGroups(s: string, p: number, end: number, out: LineRecord): number {
  peeled.depth = -1;
  for (;;) {
    if (s.charCodeAt(end - 1) !== 41 /* ) */) break;
    const open = s.lastIndexOf(' (', end - 1);
    if (open < p) break;
    if (s.startsWith('ret=', open + 2)) {
      if (out.retval === '') setRetval(s, open + 6, end - 1, out);
      end = open;
      continue;
    }
    const d = parseDec(s.slice(open + 2, end - 1));
    if (!Number.isNaN(d)) {
      if (peeled.depth < 0) peeled.depth = d;
      end = open;
      continue;
    }
    break;
  }
  return end;
}

/**
 * Fills name, args, module and the Unresolved flag from `name [module](args)` in s[p, end):
 * the name is cut before the outermost `(…)` group, found from the right so that
 * arguments holding `(struct qstr)[0x1a:0x2b]` or `...` cannot end it early.
 */
function readFunction(s: string, p: number, end: number, out: LineRecord): void {
  let nameEnd = end;
  if (s.charCodeAt(end - 1) === 41 /* ) */) {
    // Unbalanced (trace-cmd 3.4 prints just `) {` for an unresolved entry): no name.
    nameEnd = p;
    let level = 0;
    for (let j = end - 1; j >= p; j--) {
      const c = s.charCodeAt(j);
      if (c === 41) level++;
      else if (c === 40 /* ( */) {
        level--;
        if (level === 0) {
          nameEnd = j;
          if (end - 1 > j + 1) out.args = s.slice(j + 1, end - 1);
          break;
        }
      }
    }
  }
  while (nameEnd > p && s.charCodeAt(nameEnd - 1) === CH_SPACE) nameEnd--;
  // `kvm_mmu_page_fault [kvm]`: the module is not part of the symbol.
  const mod = s.indexOf(' [', p);
  if (mod > 0 && mod < nameEnd) {
    const close = s.indexOf(']', mod + 2);
    if (close > mod + 2 && close < nameEnd) out.module = s.slice(mod + 2, close);
    nameEnd = mod;
  }
  const name = s.slice(p, nameEnd);
  out.name = name;
  if (isUnresolvedName(name)) out.flags |= RecordFlag.Unresolved;
}

/** The function named by an exit comment: `name`, `name()`, `name = -13`, `name ret=0x0`. */
function exitCommentName(comment: string): string {
  let end = 0;
  while (end < comment.length) {
    const c = comment.charCodeAt(end);
    if (c === CH_SPACE || c === 40 /* ( */) break;
    end++;
  }
  const name = comment.slice(0, end);
  // `/* = 0x0 */` style retval-only comments name nothing.
  return name === '=' || name.startsWith('ret=') ? '' : name;
}

/**
 * Caller and return value of a trailer comment (docs/formats.md §2.4, §4.4):
 * `<-vfs_open+0x2c/0x40`, `<-g+0x11d/0x4a0 [mod] ret=-13`, `<-inet_sendmsg` (trace-cmd),
 * `= 0x0` and `name = -13` (6.5–6.12), `ret=0x0` and `name ret=true` (6.13+).
 */
function readTrailerComment(c: string, out: LineRecord): void {
  const n = c.length;
  let k = 0;
  if (c.charCodeAt(0) === 60 /* < */ && c.charCodeAt(1) === 45 /* - */) {
    k = 2;
    while (k < n && c.charCodeAt(k) !== CH_SPACE && c.charCodeAt(k) !== 43 /* + */) k++;
    out.parentName = c.slice(2, k);
    const after = scanOffsetSize(c, k, n, site);
    if (after >= 0) {
      out.callerOffset = site.offset;
      out.callerSize = site.size;
      k = after;
    }
  }
  // ` ret=VALUE` (or the whole comment), else the older ` = VALUE`.
  let r = c.indexOf('ret=', k);
  while (r > 0 && c.charCodeAt(r - 1) !== CH_SPACE) r = c.indexOf('ret=', r + 1);
  if (r >= 0) {
    setRetval(c, r + 4, n, out);
    return;
  }
  const eq = c.indexOf('= ', k);
  if (eq >= 0 && (eq === 0 || c.charCodeAt(eq - 1) === CH_SPACE)) {
    let v = eq + 2;
    while (v < n && c.charCodeAt(v) === CH_SPACE) v++;
    setRetval(c, v, n, out);
  }
}

/**
 * Sets `out.retval` from the value at s[i, end) up to a blank: `0x0`, `-13`, `true`,
 * `false`; a trailing `(trunc)` is cut off and flagged RetvalTruncated.
 */
function setRetval(s: string, i: number, end: number, out: LineRecord): void {
  let e = i;
  while (e < end && s.charCodeAt(e) !== CH_SPACE) e++;
  if (e - i > 7 && s.startsWith('(trunc)', e - 7)) {
    e -= 7;
    out.flags |= RecordFlag.RetvalTruncated;
  }
  if (e > i) out.retval = s.slice(i, e);
}
