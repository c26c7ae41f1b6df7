/** A modal dialog to paste `trace-cmd report` (or tracefs) text. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { openText } from '../../state/actions';

export function PasteDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');

  // No close() on cleanup: unmounting removes the dialog, which takes it off the screen with
  // no `close` event, while a close() would queue one that reaches onClose after the dialog
  // mounted again (StrictMode in development mounts it twice) and closes the new one.
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    onClose();
    void openText(text);
  };

  return (
    <dialog ref={dialog} className="paste-dialog" aria-labelledby="paste-title" onClose={onClose}>
      <form method="dialog" onSubmit={onSubmit}>
        <h2 id="paste-title">Paste trace text</h2>
        <p className="muted">
          The output of <code>trace-cmd report</code>, or the kernel&apos;s <code>trace</code> / <code>trace_pipe</code> text.
        </p>
        <textarea
          aria-label="Trace text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          wrap="off"
          autoFocus
          rows={16}
          placeholder={'cpus=2\n            curl-139   [001]    11.525491: funcgraph_entry:   |  __f_unlock_pos() {'}
        />
        <div className="dialog-buttons">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={text.trim() === ''}>
            Load pasted text
          </button>
        </div>
      </form>
    </dialog>
  );
}
