/**
 * A name from a trace set beside other text (a flame graph frame's tooltip and its figures):
 * kept from reordering that text. Under the Unicode Bidirectional Algorithm (UAX #9, rules
 * X1–X10) an embedding or override a name opens (U+202A–U+202E) runs on to the end of the
 * paragraph when the name does not close it, so the tooltip `abc` + U+202E + ` (4.000 µs,
 * 1 calls)` showed its figures backwards (`4.000` as `000.4`, `1 calls` as `sllac 1`); and a name in
 * right-to-left script (a task may name itself anything) pulls the neutral characters beside
 * it to its side. Such a name is set inside a first-strong isolate (U+2068 … U+2069), which
 * the algorithm lays out apart from the text around it, with its own explicit formatting
 * characters shown as U+FFFD: a stray U+2069 of the name would close the isolate early, and
 * an override within it would still turn the name's own letters round. Any other name (every
 * kernel symbol) is returned as it is.
 */

/** The explicit embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI). */
const EXPLICIT_RE = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * What makes a name need an isolate: an explicit formatting character, the right-to-left
 * mark, the Arabic letter mark, or a letter of a right-to-left block (Hebrew, Arabic, Syriac,
 * Thaana, N'Ko, Samaritan, Mandaic and their presentation forms; U+10800–U+10FFF and
 * U+1E800–U+1EFFF as surrogate pairs).
 */
const NEEDS_ISOLATE_RE = /[\u0590-\u08ff\u200f\u061c\ufb1d-\ufdff\ufe70-\ufefe\u202a-\u202e\u2066-\u2069]|[\ud802\ud803\ud83a\ud83b][\udc00-\udfff]/;

/** `name` as it may be set beside other text (see the module comment). */
export function bidiIsolated(name: string): string {
  if (!NEEDS_ISOLATE_RE.test(name)) return name;
  return `\u2068${name.replace(EXPLICIT_RE, '\ufffd')}\u2069`;
}
