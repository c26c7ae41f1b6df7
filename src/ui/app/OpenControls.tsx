/** The ways to open a trace: a real file picker, pasted text, the bundled sample. */
import { useRef, useState, type ChangeEvent } from 'react';
import { openFile, openSample } from '../../state/actions';
import { PasteDialog } from './PasteDialog';

export function OpenControls() {
  const input = useRef<HTMLInputElement>(null);
  const [pasting, setPasting] = useState(false);

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Clear the value so picking the same file again still fires "change".
    e.target.value = '';
    if (file) void openFile(file);
  };

  return (
    <div className="open-controls">
      <input
        ref={input}
        id="trace-file-input"
        className="visually-hidden"
        // No accept filter: a trace is told by its bytes, not its name, and a filter hid the
        // best input (trace-cmd's trace.dat) and tracefs's extensionless trace in the picker.
        type="file"
        aria-label="Open a trace file"
        // Not a tab stop of its own: it is invisible, and the button below opens it.
        tabIndex={-1}
        aria-hidden="true"
        data-testid="trace-file-input"
        onChange={onPick}
      />
      <button type="button" className="button primary" onClick={() => input.current?.click()}>
        Open a trace file…
      </button>
      <button type="button" className="button" onClick={() => setPasting(true)}>
        Paste trace text
      </button>
      <button type="button" className="button" onClick={() => void openSample()}>
        Open the sample trace
      </button>
      {pasting && <PasteDialog onClose={() => setPasting(false)} />}
    </div>
  );
}
