/**
 * Function arguments as `funcgraph-args` / `func-args` (6.16+) and trace-cmd 3.4+ print
 * them inside a call's parentheses (docs/formats.md §2.5, §4.4):
 *
 *   path=0xffffc90001e3fd30, file=0xffff888104a2c600
 *   parent=0x1, name=(struct qstr)[0x1a:0x2b], notify=2 [TWA_SIGNAL], arg=?0x1f, ...
 *   7ffd2c41a0b0, 3, 0                                   (raw registers, no names)
 *
 * The parsers keep this text whole in `LineRecord.args` (one slice, and only on lines that
 * have arguments); it is split here, when something wants to show the pairs.
 */

export interface Arg {
  /** Parameter name from BTF, '' when the kernel printed none (no BTF, raw registers, `...`). */
  name: string;
  /** Value text as printed: `0x1`, `2 [TWA_SIGNAL]`, `(struct qstr)[0x1a:0x2b]`, `?0x1f`, `...`. */
  value: string;
}

/**
 * Splits argument text at the commas that are outside brackets, so a by-value struct
 * `(struct s)[0x1:0x2]` or an enum `2 [A, B]` stays one value. One pass, no regex: a
 * 10 kB argument list costs a 10 kB scan.
 */
export function splitArgs(text: string): Arg[] {
  const out: Arg[] = [];
  const n = text.length;
  let level = 0;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 44; /* the end acts as a last comma */
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) level++;
    else if ((c === 41 /* ) */ || c === 93 /* ] */ || c === 125) /* } */ && level > 0) level--;
    else if (c === 44 /* , */ && (level === 0 || i === n)) {
      const arg = text.slice(start, i).trim();
      if (arg.length > 0 || i < n) out.push(splitParam(arg));
      start = i + 1;
    }
  }
  return out;
}

/** `name=value` when the text starts with an identifier and `=`; otherwise all value. */
function splitParam(param: string): Arg {
  let k = 0;
  const n = param.length;
  for (; k < n; k++) {
    const c = param.charCodeAt(k);
    const ident = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
    if (!ident) break;
  }
  if (k > 0 && k < n && param.charCodeAt(k) === 61 /* = */) return { name: param.slice(0, k), value: param.slice(k + 1) };
  return { name: '', value: param };
}
