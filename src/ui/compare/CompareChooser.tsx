/**
 * The "Compare with…" chooser: side B from a file (a real file input, or a file dropped
 * onto the chooser), pasted text, or the same trace (then B's filters are picked in the
 * compare toolbar). A modal dialog; a drop onto it is its own (it does not reach the
 * page's drop target, which would open the file as a new side A).
 */
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { closeCompareChooser, compareWithFile, compareWithSame, compareWithText } from '../../state/compare-actions';
import { useAppStore } from '../../state/store';
import { traceIdentityText } from '../format';

export function CompareChooser() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pasting, setPasting] = useState(false);
  const [text, setText] = useState('');
  const [over, setOver] = useState(false);
  // A link in compare mode names the file it needs as side B.
  const wanted = useAppStore((s) => s.link.pendingCompare?.trace ?? null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const take = (file: File | undefined) => {
    if (file) void compareWithFile(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    take(e.dataTransfer.files[0]);
  };
  const onDragOver = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onPaste = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') void compareWithText(text);
  };

  return (
    <dialog
      ref={dialog}
      className={`paste-dialog cmp-chooser${over ? ' drag-over' : ''}`}
      aria-labelledby="cmp-chooser-title"
      onClose={closeCompareChooser}
      onDragOver={onDragOver}
      onDragEnter={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="compare-chooser"
    >
      <h2 id="cmp-chooser-title">Compare with…</h2>
      <p className="muted">
        Side A is the trace open now. Side B is a second trace (pick it, drop it here, or paste it), or the same trace
        seen through other filters (another task, CPU or time range).
      </p>
      {wanted && (
        <p className="link-waiting" role="status">
          {`The link compares with ${traceIdentityText(wanted)}: choose that file.`}
        </p>
      )}
      <div className="cmp-chooser-drop">
        <label className="button primary">
          Choose a trace file…
          <input
            type="file"
            className="visually-hidden"
            aria-label="Compare with a trace file"
            data-testid="compare-file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              take(file);
            }}
          />
        </label>
        <span className="muted"> or drop a file here</span>
      </div>
      <div className="dialog-buttons cmp-chooser-buttons">
        <button type="button" className="button" onClick={() => void compareWithSame()}>
          The same trace
        </button>
        <button type="button" className="button" aria-expanded={pasting} onClick={() => setPasting((p) => !p)}>
          Paste trace text
        </button>
        <button type="button" className="button" onClick={closeCompareChooser}>
          Cancel
        </button>
      </div>
      {pasting && (
        <form onSubmit={onPaste}>
          <textarea
            aria-label="Side B trace text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            wrap="off"
            rows={10}
          />
          <div className="dialog-buttons">
            <button type="submit" className="button primary" disabled={text.trim() === ''}>
              Compare with the pasted text
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
