/**
 * The printk formats of a trace.dat (`0xffffffff82a1b2c3 : "phase %d\n"`, one a line): the
 * constant strings that trace_printk's bputs and bprint events name by address.
 * libtraceevent's tep_parse_printk_formats() and tep_register_print_string()
 * (src/event-parse.c): the address before the first ':' (hex), the text after ': ', with its
 * quotes and a closing `\n` (the two characters) taken off. An address names its string
 * only exactly (find_printk).
 */
export function parsePrintkFormats(text: string): Map<bigint, string> {
  const out = new Map<bigint, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const m = /^\s*(?:0x)?([0-9a-fA-F]+)/.exec(line.slice(0, colon));
    if (!m) continue;
    let fmt = line.slice(colon + 2);
    if (fmt.startsWith('"')) fmt = fmt.slice(1);
    if (fmt.endsWith('"')) fmt = fmt.slice(0, -1);
    if (fmt.endsWith('\\n')) fmt = fmt.slice(0, -2);
    out.set(BigInt('0x' + m[1]), fmt);
  }
  return out;
}
