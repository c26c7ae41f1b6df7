/**
 * Writes text to the clipboard: true when it was written, false when the browser refused.
 * `navigator.clipboard` exists only in a secure context (https or localhost): the app served
 * over plain http from another host has none, and calling it there throws at once instead
 * of rejecting. Every Copy of the app goes through here, so each can say that it failed.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
