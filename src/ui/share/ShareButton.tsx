/**
 * "Share": builds the permalink of the current view, copies it, and says what it holds.
 * The trace itself is never uploaded; a small one can travel inside the link.
 */
import { useRef, useState } from 'react';
import { useAppStore } from '../../state/store';
import { currentView, embeddedView, shareUrl } from '../../state/url/permalinks';
import type { SharedView } from '../../state/url/codec';
import { ShareDialog } from './ShareDialog';

export interface ShareState {
  view: SharedView;
  link: string;
  /** The link with the trace inside, or null when the trace is too large. */
  embeddedLink: string | null;
  /** In compare mode, what that link carries of side B (said beside its button), or null. */
  embeddedNote: string | null;
  copied: 'plain' | 'embedded' | null;
}

/** What a link with the traces included carries of side B, in compare mode. */
export function sideBNote(view: SharedView): string | null {
  const c = view.compare;
  if (!c) return null;
  if (c.same) return 'Side B is the same trace: the link carries it once.';
  if (c.traceUrl) return "Side B opens from its address: the link carries side A's trace and B's address.";
  if (c.embedded) return 'Both traces, side A and side B, travel inside the link.';
  return `Only side A's trace fits in the link: side B${c.trace ? ` (${c.trace.name})` : ''} is too large to carry, so whoever opens the link is asked for its file.`;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard permission: the dialog shows the link to copy by hand
  }
}

export function ShareButton() {
  const ready = useAppStore((s) => s.session.status === 'ready');
  const [share, setShare] = useState<ShareState | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!ready) return null;

  const open = async () => {
    const view = currentView();
    if (!view) return;
    const link = shareUrl(view, window.location.href);
    const copied = (await copy(link)) ? 'plain' : null;
    setShare({ view, link, embeddedLink: null, embeddedNote: null, copied });
    const withTrace = await embeddedView(view);
    if (withTrace) {
      const embeddedNote = sideBNote(withTrace);
      setShare((s) => (s ? { ...s, embeddedLink: shareUrl(withTrace, window.location.href), embeddedNote } : s));
    }
  };

  const copyEmbedded = async () => {
    if (!share?.embeddedLink) return;
    const ok = await copy(share.embeddedLink);
    setShare({ ...share, copied: ok ? 'embedded' : null });
  };

  const close = () => {
    setShare(null);
    button.current?.focus();
  };

  return (
    <>
      <button ref={button} type="button" className="button share-button" aria-label="Share" onClick={() => void open()}>
        Share
      </button>
      {share && <ShareDialog share={share} onCopyEmbedded={() => void copyEmbedded()} onClose={close} />}
    </>
  );
}
