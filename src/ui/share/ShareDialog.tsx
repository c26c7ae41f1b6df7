/** What the Share button made: the link, what it contains, and the "with the trace" variant. */
import { useEffect, useRef, type ReactNode } from 'react';
import { formatBytes, formatDuration } from '../format';
import type { ShareState } from './ShareButton';
import { MAX_EMBEDDED_CHARS } from '../../state/url/embed';
import { OPEN_PATHS_MAX } from '../../state/url/codec';
import { VIEWS } from '../app/views';

function contents(share: ShareState): string[] {
  const v = share.view;
  const out: string[] = [];
  if (v.traceUrl) out.push(`the trace's address (${v.traceUrl}), so it opens by itself`);
  else if (v.trace) {
    out.push(
      `which trace it is: ${v.trace.name}, ${formatBytes(v.trace.size)}${v.trace.contentHash ? `, fingerprint ${v.trace.contentHash.slice(0, 12)}…` : ''} — the recipient opens the same file`,
    );
  }
  if (v.view) out.push(`the ${VIEWS.find((x) => x.id === v.view)?.label ?? v.view} tab`);
  if (v.tasks.length) out.push(`task ${v.tasks.join(', ')}`);
  if (v.cpus.length) out.push(`CPU ${v.cpus.join(', ')}`);
  if (v.range) out.push(`the time range ${formatDuration(v.range[1] - v.range[0])} long`);
  if (v.syscallsOnly) out.push('syscalls only');
  if (v.irq !== 'in-place') out.push(`interrupts ${v.irq}`);
  if (v.search) out.push(`the search “${v.search}”`);
  if (v.inverted) out.push('bottom-up (inverted) trees');
  if (v.zoomPath.length) out.push(`the flame graph zoomed into ${v.zoomPath[v.zoomPath.length - 1]}`);
  out.push(...openPath(v.focusPath));
  if (v.openPaths.length) {
    const shown = v.openPaths.slice(0, OPEN_PATHS_MAX).map((p) => p[p.length - 1]);
    const n = shown.length;
    out.push(`${n} more row${n === 1 ? '' : 's'} of the call tree open (${shown.slice(0, 3).join(', ')}${n > 3 ? ', …' : ''}), with the way to each`);
  }
  if (v.selectedFunction) out.push(`the function ${v.selectedFunction} selected`);
  if (v.callersPane) out.push("the call tree's Callers & callees pane open");
  if (v.kernelVersion !== 'latest') out.push(`source links for ${v.kernelVersion}`);
  const c = v.compare;
  if (c) {
    const b = c.same
      ? 'the same trace'
      : c.traceUrl
        ? `the trace at ${c.traceUrl}`
        : c.trace
          ? `${c.trace.name}, ${formatBytes(c.trace.size)} — the recipient opens that file too`
          : 'a second trace';
    out.push(`compare mode: side B is ${b}, with its filters, the compared ${c.quantity}, the normalisation and the compare view`);
  }
  return out;
}

/** The call tree's open path in words: the row in focus, and the rows opened above it. */
function openPath(path: readonly string[]): string[] {
  if (path.length === 0) return [];
  const last = path[path.length - 1];
  if (path.length === 1) return [`the call tree's row ${last} in focus`];
  const above = path.length - 1;
  return [`the call tree opened from ${path[0]} down to ${last} (${above} level${above === 1 ? '' : 's'} open), ${last} in focus`];
}

/** The Share dialog's box, while the fingerprint is made (busy) and once the link is shown; Esc closes it. */
function ShareFrame({ busy, onClose, children }: { busy: boolean; onClose: () => void; children: ReactNode }) {
  return (
    <div
      className="share-dialog"
      role="dialog"
      aria-modal="true"
      aria-label="Share this view"
      aria-busy={busy || undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
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
        <input ref={input} className="share-link" readOnly value={share.embeddedLink && share.copied === 'embedded' ? share.embeddedLink : share.link} />
      </label>
      <p>It holds:</p>
      <ul className="share-contents">
        {contents(share).map((c) => (
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
