/**
 * The function_graph part that the kernel (K-graph) and trace-cmd (TC) print alike:
 * the duration column `[MARK] NUM us |` and the body after it (`indent f() {`,
 * `f();`, `}`, `/* comment *\/`). FORMATS.md §2.3, §2.4 and §4.4.
 *
 * The body is parsed FROM THE RIGHT (§2.5): peel the trailing ` (N)` depth and
 * ` (ret=…)` groups and comments, then the final `{`, `;` or `}`, then the
 * outermost balanced `( … )` argument group; what is left is the name. That keeps
 * argument lists with nested parentheses, brackets and `...` from confusing it.
 */
import { CH_SPACE, parseDec, scanMicrosAsNs } from './fields';
import { RecordFlag, RecordKind, type LineRecord } from './record';

const CH_PIPE = 124;
const scratch = { value: 0 };

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
 * `|`, 0 for text with no duration column). Sets kind, depth, name, parentName, text.
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
    return true;
  }

  // Trailing ` (N)` depth and ` (ret=…)` groups (trace-cmd), in any order.
  let suffixDepth = -1;
  for (;;) {
    if (s.charCodeAt(end - 1) !== 41 /* ) */) break;
    const open = s.lastIndexOf(' (', end - 1);
    if (open < p) break;
    const inner = s.slice(open + 2, end - 1);
    if (inner.startsWith('ret=')) {
      end = open;
      continue;
    }
    const d = parseDec(inner);
    if (!Number.isNaN(d)) {
      suffixDepth = d;
      end = open;
      continue;
    }
    break;
  }

  // A whole-line comment: an event, trace_printk or trace_marker text.
  if (s.charCodeAt(p) === 47 /* / */ && s.charCodeAt(p + 1) === 42 /* * */) {
    const close = s.lastIndexOf('*/', end);
    out.kind = RecordKind.Event;
    const text = s.slice(p + 2, close > p ? close : end).trim();
    out.text = text;
    const colon = text.indexOf(': ');
    out.name = colon > 0 && /^[A-Za-z0-9_.]+$/.test(text.slice(0, colon)) ? text.slice(0, colon) : '';
    return true;
  }

  // Peel one trailing comment (`/* name */`, `/* <-caller+0x1/0x2 ret=0 */`, `/* = 0x0 */`).
  let comment = '';
  if (s.charCodeAt(end - 1) === 47 && s.charCodeAt(end - 2) === 42) {
    const open = s.lastIndexOf('/*', end - 2);
    if (open > p) {
      comment = s.slice(open + 2, end - 2).trim();
      end = open;
      while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
    }
  }

  const last = s.charCodeAt(end - 1);
  if (last === 125 /* } */) {
    if (end - 1 !== p) return false;
    out.kind = RecordKind.Exit;
    if (comment) out.name = exitCommentName(comment);
  } else if (last === 123 /* { */ || last === 59 /* ; */) {
    out.kind = last === 59 ? RecordKind.Leaf : RecordKind.Entry;
    end--;
    while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
    // trace-cmd puts the retaddr comment before the `{`: `f(args) /* <-parent */ {`.
    if (s.charCodeAt(end - 1) === 47 && s.charCodeAt(end - 2) === 42) {
      const open = s.lastIndexOf('/*', end - 2);
      if (open > p) {
        comment = s.slice(open + 2, end - 2).trim();
        end = open;
        while (end > p && s.charCodeAt(end - 1) === CH_SPACE) end--;
      }
    }
    if (comment.startsWith('<-')) out.parentName = callerName(comment.slice(2));
    out.name = functionName(s, p, end);
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

/** Name of a function text `name [module](args)`, cut before the outermost `(…)` group. */
function functionName(s: string, p: number, end: number): string {
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
          break;
        }
      }
    }
  }
  while (nameEnd > p && s.charCodeAt(nameEnd - 1) === CH_SPACE) nameEnd--;
  // `kvm_mmu_page_fault [kvm]`: the module is not part of the symbol.
  const mod = s.indexOf(' [', p);
  if (mod > 0 && mod < nameEnd) nameEnd = mod;
  return s.slice(p, nameEnd);
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

/** `inet_sendmsg`, `vfs_open+0x2c/0x40`, `vfs_open+0x2c/0x40 [mod] ret=-13` → the symbol. */
function callerName(text: string): string {
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === CH_SPACE || c === 43 /* + */) break;
    end++;
  }
  return text.slice(0, end);
}

