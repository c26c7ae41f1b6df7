/**
 * Global shortcut helpers: single-key shortcuts (`/`, `?`) must never fire while the user
 * types into a field, and must stay quiet while a modal dialog (paste, help) is open.
 */

const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** True when key presses on `target` are typing (text inputs, textareas, selects, editable content). */
export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/** True when a modal dialog is open (its own keys win). */
function modalOpen(): boolean {
  return document.querySelector('dialog[open]:modal') !== null;
}

/** A shortcut press the page may take: no text field focused, no modal open, not repeated from IME composition. */
export function isFreeKeyPress(e: KeyboardEvent): boolean {
  return !e.defaultPrevented && !e.isComposing && !isTextField(e.target) && !modalOpen();
}
