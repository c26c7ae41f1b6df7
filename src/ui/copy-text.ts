/**
 * Writes text to the clipboard: true when it was written, false when the browser refused.
 * `navigator.clipboard` exists only in a secure context (https or localhost): the app served
 * over plain http from another host has none, and calling it there throws at once instead
 * of rejecting. Every Copy of the app goes through here, so each can say that it failed.
 *
 * What is written holds no control character but tab and line feed (clipboardText): names
 * are trace text, and a name pasted into a terminal is typed into it.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(clipboardText(text));
    return true;
  } catch {
    return false;
  }
}

/** C0 controls but tab and line feed, DEL and the C1 controls. */
const PASTE_UNSAFE_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` as the clipboard gets it: every control character but tab and line feed (a
 * stack's lines) as U+FFFD. A function or task name may hold any byte but a line feed (a
 * trace.dat's kallsyms and saved cmdlines are lines of whatever the file says; a task may
 * name itself anything), and a name copied to be pasted into a shell is typed there: a CR
 * runs the line, and ESC [201~ ends the bracketed paste that keeps a shell from running a
 * paste (xterm's ctlseqs, "Bracketed Paste Mode": the terminal wraps a paste in ESC [200~
 * and ESC [201~), so `x` ESC `[201~` CR `reboot` CR ran reboot. No kernel symbol holds one.
 */
export function clipboardText(text: string): string {
  return text.replace(PASTE_UNSAFE_RE, '\ufffd');
}
