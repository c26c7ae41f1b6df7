/**
 * "Share": builds the permalink of the current view, copies it, and says what it holds.
 * The trace itself is never uploaded; a small one can travel inside the link. The link
 * names the trace by its fingerprint, made after the load: until it is, the dialog says
 * "Fingerprinting…" and the link follows.
 */
import { useRef, useState } from 'react';
import { useAppStore } from '../../state/store';
import { embeddedView, shareableView, shareUrl, shareWaitsForFingerprint } from '../../state/url/permalinks';
import type { SharedView } from '../../state/url/codec';
import { bidiIsolated } from '../../lib/bidi';
import { FingerprintingDialog, ShareDialog } from './ShareDialog';
import { copyText } from '../copy-text';

export interface ShareState {
  view: SharedView;
  link: string;
  /** The link with the trace inside, or null when the trace is too large. */
  embeddedLink: string | null;
  /** In compare mode, what that link carries of side B (said beside its button), or null. */
  embeddedNote: string | null;
  copied: 'plain' | 'embedded' | null;
  /**
   * Which link the box shows: the embedded one once asked for, whether or not the clipboard
   * took it (a page without clipboard access still lets the user copy it from the box).
   */
  showing: 'plain' | 'embedded';
}

/** What a link with the traces included carries of side B, in compare mode. */
export function sideBNote(view: SharedView): string | null {
  const c = view.compare;
  if (!c) return null;
  if (c.same) return 'Side B is the same trace: the link carries it once.';
  if (c.traceUrl) return "Side B opens from its address: the link carries side A's trace and B's address.";
  if (c.embedded) return 'Both traces, side A and side B, travel inside the link.';
  return `Only side A's trace fits in the link: side B${c.trace ? ` (${bidiIsolated(c.trace.name)})` : ''} is too large to carry, so whoever opens the link is asked for its file.`;
}

export function ShareButton() {
  const ready = useAppStore((s) => s.session.status === 'ready');
  const [share, setShare] = useState<ShareState | 'fingerprinting' | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  /** Bumped by every open and close: a link made for a dialog closed meanwhile is dropped. */
  const opening = useRef(0);
  if (!ready) return null;

  const open = async () => {
    const mine = ++opening.current;
    if (shareWaitsForFingerprint()) setShare('fingerprinting');
    const view = await shareableView();
    if (mine !== opening.current) return;
    if (!view) {
      setShare(null);
      return;
    }
    const link = shareUrl(view, window.location.href);
    const copied = (await copyText(link)) ? 'plain' : null;
    if (mine !== opening.current) return;
    setShare({ view, link, embeddedLink: null, embeddedNote: null, copied, showing: 'plain' });
    const withTrace = await embeddedView(view);
    if (withTrace && mine === opening.current) {
      const embeddedNote = sideBNote(withTrace);
      setShare((s) => (s && s !== 'fingerprinting' ? { ...s, embeddedLink: shareUrl(withTrace, window.location.href), embeddedNote } : s));
    }
  };

  const copyEmbedded = async () => {
    if (!share || share === 'fingerprinting' || !share.embeddedLink) return;
    // The box shows the link at once; "copied" follows the clipboard's answer. It kept the
    // plain link until then, and for good where the clipboard refused.
    const shown: ShareState = { ...share, showing: 'embedded', copied: null };
    setShare(shown);
    const ok = await copyText(share.embeddedLink);
    setShare((s) => (s === shown ? { ...shown, copied: ok ? 'embedded' : null } : s));
  };

  const close = () => {
    opening.current++;
    setShare(null);
    button.current?.focus();
  };

  return (
    <>
      <button ref={button} type="button" className="button share-button" aria-label="Share" onClick={() => void open()}>
        Share
      </button>
      {share === 'fingerprinting' && <FingerprintingDialog onClose={close} />}
      {share && share !== 'fingerprinting' && <ShareDialog share={share} onCopyEmbedded={() => void copyEmbedded()} onClose={close} />}
    </>
  );
}
