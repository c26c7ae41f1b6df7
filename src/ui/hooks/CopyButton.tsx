/** A Copy button for one command: the clipboard gets the text, the button says whether it worked. */
import { useState } from 'react';
import { copyText } from '../copy-text';

/** What the button says after a click: the copy's outcome, never an exception thrown at the click. */
export async function copyOutcome(text: string): Promise<'Copied' | 'Copy failed'> {
  return (await copyText(text)) ? 'Copied' : 'Copy failed';
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'' | 'Copied' | 'Copy failed'>('');
  const copy = () => {
    void copyOutcome(text).then(setDone);
  };
  return (
    <button type="button" className="button small hp-copy" onClick={copy} aria-label={label}>
      {done || 'Copy'}
    </button>
  );
}
