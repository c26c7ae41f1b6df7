/** A Copy button for one command: the clipboard gets the text, the button says whether it worked. */
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<'' | 'Copied' | 'Copy failed'>('');
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setDone('Copied'),
      () => setDone('Copy failed'),
    );
  };
  return (
    <button type="button" className="hp-copy" onClick={copy} aria-label={label}>
      {done || 'Copy'}
    </button>
  );
}
