/**
 * The hover card of a frame (flame graph and flame chart): an HTML overlay next to the
 * pointer, flipped to stay inside the view. Everything in it is React text; the source
 * link comes from lib's elixirUrl (URL-encoded) and opens in a new tab. The pointer
 * may move onto the card (to click the link or its action button): the view keeps it open
 * while it is hovered. A view may pin it (the flame chart, on a click): then it stays put,
 * is a dialog with a close button, and the pointer may go anywhere.
 */
import { useLayoutEffect, useRef } from 'react';

export interface TooltipRow {
  label: string;
  value: string;
  /** Long free text (an argument list): left-aligned, wrapped anywhere. */
  wrap?: boolean;
}

export interface FrameTooltipProps {
  /** Pointer position relative to the positioned container. */
  x: number;
  y: number;
  bounds: { width: number; height: number };
  name: string;
  rows: readonly TooltipRow[];
  link: string | null;
  /** A line under the figures (e.g. "approximate: laid out from durations"). */
  note?: string;
  /** A button at the foot of the card (e.g. the frame's hook candidates). */
  action?: { label: string; onClick: () => void };
  /** More buttons after it (e.g. the flame chart's "Show the lines"). */
  actions?: readonly { label: string; onClick: () => void }[];
  /** Pinned by a click: it stays where it is, with a close button (and is a dialog, not a tooltip). */
  pinned?: boolean;
  onClose?: () => void;
  onPointerEnter?: () => void;
  onPointerLeave?: () => void;
}

/** Close to the pointer, so moving onto the card rarely crosses another frame. */
const OFFSET = 6;

/**
 * What the card's size depends on: its texts and buttons. The view renders the card anew on
 * every render of the chart (a zoom's click, its answer, the busy flag), each time with new
 * objects of the same text; the placement reads the card's size, a layout forced inside
 * React's commit (2-3 ms of the click's task before its question reached the worker, issue 13),
 * so it runs again only when the text, the pointer or the view's size changed.
 */
export function cardSizeKey(p: Pick<FrameTooltipProps, 'name' | 'rows' | 'link' | 'note' | 'action' | 'actions' | 'pinned'>): string {
  return JSON.stringify([p.name, p.rows.map((r) => [r.label, r.value, r.wrap === true]), p.link, p.note ?? null, p.action?.label ?? null, p.actions?.map((a) => a.label) ?? [], p.pinned === true]);
}

export function FrameTooltip(p: FrameTooltipProps) {
  const ref = useRef<HTMLDivElement>(null);
  const sizeKey = cardSizeKey(p);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    let left = p.x + OFFSET;
    if (left + w > p.bounds.width) left = p.x - OFFSET - w;
    let top = p.y + OFFSET;
    if (top + h > p.bounds.height) top = p.y - OFFSET - h;
    el.style.left = `${Math.max(0, left)}px`;
    el.style.top = `${Math.max(0, top)}px`;
    // sizeKey stands for the texts the size depends on (read through `el`).
  }, [p.x, p.y, p.bounds.width, p.bounds.height, sizeKey]);
  return (
    <div
      ref={ref}
      className={p.pinned ? 'frame-tooltip pinned' : 'frame-tooltip'}
      role={p.pinned ? 'dialog' : 'tooltip'}
      aria-label={p.pinned ? `Call: ${p.name}` : undefined}
      data-testid="frame-tooltip"
      data-pinned={p.pinned ? 'true' : undefined}
      onPointerEnter={p.onPointerEnter}
      onPointerLeave={p.onPointerLeave}
      // Escape on the pinned card's own buttons and link unpins it too.
      onKeyDown={
        p.pinned && p.onClose
          ? (e) => {
              if (e.key !== 'Escape') return;
              e.preventDefault();
              p.onClose?.();
            }
          : undefined
      }
    >
      {p.pinned && p.onClose && (
        <button type="button" className="frame-tooltip-close" aria-label="Close the card" title="Close (Esc)" onClick={p.onClose}>
          ×
        </button>
      )}
      <div className="frame-tooltip-name">{p.name}</div>
      <dl className="frame-tooltip-rows">
        {p.rows.map((r) => (
          <div key={r.label} className="frame-tooltip-row">
            <dt>{r.label}</dt>
            <dd className={r.wrap ? 'wrap' : undefined}>{r.value}</dd>
          </div>
        ))}
      </dl>
      {p.note && <div className="frame-tooltip-note">{p.note}</div>}
      {p.action && (
        <button type="button" className="button small frame-tooltip-action" onClick={p.action.onClick}>
          {p.action.label}
        </button>
      )}
      {p.actions?.map((a) => (
        <button key={a.label} type="button" className="button small frame-tooltip-action" onClick={a.onClick}>
          {a.label}
        </button>
      ))}
      {p.link ? (
        <a className="frame-tooltip-link" href={p.link} target="_blank" rel="noopener noreferrer">
          Source on Elixir
        </a>
      ) : (
        <div className="frame-tooltip-note">No kernel source link for this name</div>
      )}
    </div>
  );
}
