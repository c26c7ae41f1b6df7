/**
 * Text from a trace made safe to print on a terminal, as the command line prints it (its
 * JSON on stdout, its warnings on stderr). A task may name itself anything (prctl
 * PR_SET_NAME; the kernel prints the comm as it is) and a trace.dat's strings are whatever
 * its bytes say, so a name may hold a control character. JSON.stringify escapes only
 * U+0000–U+001F: DEL and the C1 controls (U+0080–U+009F) went out raw, and a terminal that
 * takes C1 controls (xterm's ctlseqs, "C1 (8-Bit) Control Characters": "The xterm program
 * recognizes both 8-bit and 7-bit control characters", CSI is 0x9b) reads U+009B as the
 * ESC [ that starts a control sequence: a comm `a` U+009B `2J` cleared the screen of whoever
 * ran `cli summary`.
 * So are the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * turn the text after them round where the terminal lays out bidi text (lib/bidi.ts), and
 * U+2028/U+2029, line breaks to some readers.
 */

/** What JSON.stringify leaves as it is and a terminal may act on. */
const JSON_UNSAFE_RE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same, and the C0 controls but tab and line feed (a message's own line breaks). */
const TEXT_UNSAFE_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * JSON text (JSON.stringify's) with those characters written as `\uXXXX` escapes: the same
 * document to a JSON reader (they can stand only inside its strings), none of them raw.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(JSON_UNSAFE_RE, escaped);
}

/** A message with every control character but tab and line feed, and those above, written as `\uXXXX`. */
export function textForTerminal(text: string): string {
  return text.replace(TEXT_UNSAFE_RE, escaped);
}
