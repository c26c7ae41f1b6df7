/** What the Share button made: the link, what it contains, and the "with the trace" variant. */
import { useEffect, useRef, type ReactNode } from 'react';
import type { ShareState } from './ShareButton';
import { MAX_EMBEDDED_CHARS } from '../../state/url/embed';
import { shareContents } from './share-contents';
import { VIEWS } from '../app/views';
import { formatBytes } from '../format';

/** A view's tab label (the id itself for a view this build does not have). */
function viewLabel(id: string): string {
  return VIEWS.find((x) => x.id === id)?.label ?? id;
}

/**
 * The Share dialog's box, while the fingerprint is made (busy) and once the link is shown.
 * Esc closes it wherever the focus is: when the link replaces "Fingerprinting…", the button
 * that held the focus goes and the focus is on the page until the link's field takes it (an
 * Esc there, listened for on the box only, was lost and left the dialog open).
 */
function ShareFrame({ busy, onClose, children }: { busy: boolean; onClose: () => void; children: ReactNode }) {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);
  return (
    <div className="share-dialog" role="dialog" aria-modal="true" aria-label="Share this view" aria-busy={busy || undefined}>
      {children}
    </div>
  );
}

/**
 * Share before the trace's fingerprint is made (it comes after the load): the dialog says
 * so, and the link follows in its place once it is (ShareButton).
 */
export function FingerprintingDialog({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <ShareFrame busy onClose={onClose}>
      <p role="status">Fingerprinting…</p>
      <p className="muted">
        The link names the trace by a fingerprint of its bytes, made once the trace is shown: the link follows in a moment.
      </p>
      <button ref={close} type="button" className="button" onClick={onClose}>
        Close
      </button>
    </ShareFrame>
  );
}

export function ShareDialog({
  share,
  onCopyEmbedded,
  onClose,
}: {
  share: ShareState;
  onCopyEmbedded: () => void;
  onClose: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  return (
    <ShareFrame busy={false} onClose={onClose}>
      <p role="status">
        {share.copied === 'plain'
          ? 'Link copied.'
          : share.copied === 'embedded'
            ? 'Link with the trace included copied.'
            : 'Copy the link below.'}
      </p>
      <label>
        Link to this view
        <input ref={input} className="share-link" readOnly value={share.embeddedLink && share.showing === 'embedded' ? share.embeddedLink : share.link} />
      </label>
      <p>It holds:</p>
      <ul className="share-contents">
        {shareContents(share.view, viewLabel).map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <p className="muted">Nothing is uploaded: the view lives in the part of the link after #, which browsers never send.</p>
      {share.embeddedLink && (
        <button type="button" className="button primary" onClick={onCopyEmbedded}>
          Share with the trace included
        </button>
      )}
      {share.embeddedLink && share.embeddedNote && <p className="muted share-embedded-note">{share.embeddedNote}</p>}
      {!share.embeddedLink && (
        <p className="muted">
          Traces up to {formatBytes((MAX_EMBEDDED_CHARS * 3) / 4)} of gzip can travel inside the link; this one does not fit.
        </p>
      )}
      <button type="button" className="button" onClick={onClose}>
        Close
      </button>
    </ShareFrame>
  );
}
