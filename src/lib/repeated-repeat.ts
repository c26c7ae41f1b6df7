/**
 * Whether a regular expression repeats a group that itself repeats (`(.*)*x`, `(\w+)+!`,
 * `((a+)b){2,}`): when the rest of the pattern fails, a backtracking engine such as
 * JavaScript's tries every way to share the text out among the repetitions, which is
 * exponential in the text's length. Function names are short, yet `/(.*)*x/` took 15 s on
 * four of them in Node and would hold the trace worker as long: searches refuse such
 * patterns instead (they can be written without the nesting: `(\w+)*!` is `\w*!`).
 *
 * A scan of the pattern's source, not a parser: escapes and character classes are skipped,
 * each group notes whether anything inside it repeats (`*`, `+` or a `{n,m}` range, also in
 * groups nested in it), and a repetition right after a group that holds one is the case
 * refused. Bounded exact counts (`{3}`) and optional groups (`?`) do not multiply paths
 * beyond a polynomial.
 */
export function repeatsARepeat(source: string): boolean {
  /** Per enclosing group: whether something repeats inside it so far. */
  const outer: boolean[] = [];
  let inside = false;
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
      outer.push(inside);
      inside = false;
    } else if (c === ')') {
      closedRepeating = inside;
      inside = (outer.pop() ?? false) || inside;
    } else if (c === '*' || c === '+' || (c === '{' && /^\{\d*,\d*\}/.test(source.slice(i, i + 24)))) {
      if (afterGroup) return true;
      inside = true;
    }
  }
  return false;
}
