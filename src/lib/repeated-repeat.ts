/**
 * Whether a regular expression repeats a group that can match one text in more than one
 * way: a group that itself repeats (`(.*)*x`, `(\w+)+!`, `((a+)b){2,}`), or whose
 * alternatives overlap (`(\w|_)*x`: `_` is both). When the rest of the pattern fails, a
 * backtracking engine such as JavaScript's tries every way to share the text out among the
 * repetitions, which is exponential in the text's length. Function names are short, yet
 * `/(.*)*x/` took 15 s on four of them in Node, and `/(\w|_)*x/` 2.8 s on one name of 25
 * underscores, doubling with each more: the trace worker would be held as long. Searches
 * refuse such patterns instead (they can be written without it: `(\w+)*!` is `\w*!`,
 * `(\w|_)*` is `\w*`).
 *
 * A scan of the pattern's source, not a parser: escapes and character classes are skipped,
 * each group notes whether anything inside it repeats (`*`, `+` or a `{n,m}` range, also in
 * groups nested in it) or its alternatives may overlap, and a repetition right after a
 * group that holds either is the case refused. Alternatives are taken as not overlapping
 * only when each is plain text and none starts another (`(tcp|udp)+`, `(send|recv)*`);
 * anything else (a class, `.`, an escape such as `\w`, an empty alternative) might.
 * Bounded exact counts (`{3}`) and optional groups (`?`) do not multiply paths beyond a
 * polynomial.
 */
export function repeatsARepeat(source: string): boolean {
  /** Per enclosing group: whether something repeats inside it so far, and where it opened. */
  const outer: { inside: boolean; start: number; alternatives: boolean }[] = [];
  let inside = false;
  let alternatives = false;
  let start = -1;
  /** The group that closed just before this character holds a repetition. */
  let closedRepeating = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const afterGroup = closedRepeating;
    closedRepeating = false;
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      // A class: up to its unescaped `]` (one right after `[` or `[^` is a member).
      i += source[i + 1] === '^' ? 2 : 1;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      outer.push({ inside, start, alternatives });
      inside = false;
      alternatives = false;
      start = i;
    } else if (c === '|') {
      alternatives = true;
    } else if (c === ')') {
      const overlapping = alternatives && start >= 0 && !plainDistinctAlternatives(source.slice(start + 1, i));
      closedRepeating = inside || overlapping;
      const up = outer.pop() ?? { inside: false, start: -1, alternatives: false };
      inside = up.inside || closedRepeating;
      start = up.start;
      alternatives = up.alternatives;
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d*,\d*\}/.test(source.slice(i, i + 24)))) {
      if (afterGroup) return true;
      inside = true;
    }
  }
  return false;
}

/** Characters that make an alternative more than plain text. */
const SPECIAL = new Set(['[', ']', '(', ')', '{', '}', '.', '*', '+', '?', '^', '$']);

/**
 * Whether a group's body (what is between its parentheses) is alternatives of plain text,
 * none of them empty nor the start of another (case aside): then at most one of them
 * matches at any place of a text, and repeating the group cannot share a text out in two
 * ways. A group of another kind (`(?=…)`, `(?<=…)`) is not taken as plain.
 */
function plainDistinctAlternatives(body: string): boolean {
  let text = body;
  if (text.startsWith('?:')) text = text.slice(2);
  else if (text.startsWith('?<') && text[2] !== '=' && text[2] !== '!') text = text.slice(text.indexOf('>') + 1);
  else if (text.startsWith('?')) return false;
  const branches: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      // An escaped punctuation mark is itself; `\w`, `\d`, `\b`, `\x41`… are more than that.
      const next = text[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return false;
      current += next;
      i++;
    } else if (c === '|') {
      branches.push(current);
      current = '';
    } else if (SPECIAL.has(c)) {
      return false;
    } else {
      current += c;
    }
  }
  branches.push(current);
  const folded = branches.map((b) => b.toLowerCase());
  return folded.every((a, i) => a !== '' && folded.every((b, j) => i === j || !b.startsWith(a)));
}
