/**
 * A question to the worker asked once the effects of the current commit have all run: the
 * worker answers its questions one at a time, in the order they came, so a side question
 * (the search status line's count of every matching call, 10-20 ms of the worker at 1M calls)
 * asked from an effect earlier in the tree than a view's (the flame graph's matched
 * functions, which is what the keystroke shows) kept the view's answer waiting behind it.
 * Returns a cancel, for the effect's cleanup: a question cancelled before it was asked is
 * never asked.
 */
export function askLater(ask: () => void): () => void {
  let live = true;
  queueMicrotask(() => {
    if (live) ask();
  });
  return () => {
    live = false;
  };
}
