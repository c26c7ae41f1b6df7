/**
 * The DOM of a canvas chart (useCanvasChart): the wrapper (its data attributes are what the
 * tests and the bench read), the focusable canvas with the pointer and the keys every chart
 * shares, the "N more rows" hints, the hover card, then the view's own overlays (children).
 *
 * Keyboard: + / - zoom, ← / → pan, ↑ / ↓ scroll the rows, 0 resets the zoom; Escape hides
 * the card and then does what the view says (zoom out a level, show the whole domain).
 * A view may add keys or replace these.
 *
 * The hover card stays open while the pointer is on it (to follow its source link): leaving
 * the canvas hides it a frame later, unless the pointer went onto the card.
 */
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FrameTooltip, type FrameTooltipProps } from './FrameTooltip';
import { zoomIdentity } from './use-x-zoom';
import type { CanvasChart, ChartFrames } from './chart-types';
import { ROW_H } from './viewport';

/** What the hover card says about a frame. */
export type FrameCard = Pick<FrameTooltipProps, 'name' | 'rows' | 'link' | 'note' | 'action' | 'actions'>;

export interface ChartCanvasProps<F extends ChartFrames> {
  chart: CanvasChart<F>;
  testId: string;
  /** The canvas's accessible name. */
  label: string;
  /** Id of a text that describes the canvas. */
  describedBy?: string;
  /** More data-* attributes of the wrapper (beside the ones the chart writes). */
  data?: Record<`data-${string}`, string | undefined>;
  /** The hover card of frame k. */
  card(frames: F, k: number): FrameCard;
  /** A click on frame k; false: the click is not one (a gesture ended there), nothing is pinned. */
  onFrameClick(k: number): boolean | void;
  /** A double click on frame k. */
  onFrameDoubleClick?(k: number): void;
  /**
   * A click pins the frame's card (a snapshot of it, so it survives zoom and refetch):
   * Escape, its close button or a click off the frames unpins it. A change of `pinKey`
   * (another task) unpins it too.
   */
  pinOnClick?: boolean;
  pinKey?: string;
  /**
   * The context menu of frame k at (x, y) in the viewport: a right click on it, or the
   * menu key / Shift+F10 (on the hovered frame, else the first one).
   */
  onFrameContextMenu?(k: number, x: number, y: number): void;
  /** Escape, once the card is hidden: undo one step; false when there is nothing to undo. */
  onEscape(): boolean;
  /** Keys added to the shared ones, or replacing them. */
  keys?: Record<string, () => boolean | void>;
  children?: ReactNode;
}

export function ChartCanvas<F extends ChartFrames>(p: ChartCanvasProps<F>) {
  const { chart } = p;
  const { state, xzoom, hideTip } = chart;
  const [pinned, setPinned] = useState<{ card: FrameCard; x: number; y: number } | null>(null);
  useEffect(() => setPinned(null), [p.pinKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const s = state.current;
    if (p.onFrameContextMenu && (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey))) {
      const k = s.hover >= 0 ? s.hover : s.frames && s.frames.length > 0 ? 0 : -1;
      const box = e.currentTarget.getBoundingClientRect();
      if (k >= 0) {
        e.preventDefault();
        hideTip();
        p.onFrameContextMenu(k, box.left + 16, box.top + 16);
      }
      return;
    }
    const step = s.size.width / 8 / s.t.k;
    const actions: Record<string, () => boolean | void> = {
      Escape: () => {
        hideTip();
        if (pinned) {
          setPinned(null);
          return true;
        }
        return p.onEscape();
      },
      '+': () => xzoom.scaleBy(1.5),
      '=': () => xzoom.scaleBy(1.5),
      '-': () => xzoom.scaleBy(1 / 1.5),
      '0': () => xzoom.set(zoomIdentity),
      ArrowLeft: () => xzoom.translateBy(step),
      ArrowRight: () => xzoom.translateBy(-step),
      ArrowUp: () => chart.scrollRows(3 * ROW_H),
      ArrowDown: () => chart.scrollRows(-3 * ROW_H),
      ...p.keys,
    };
    const act = actions[e.key];
    if (act && act() !== false) e.preventDefault();
  };

  const { tip, frames } = chart;
  // A pinned card is the only one: the hover card waits until it is closed.
  const card = !pinned && tip && frames && tip.frame < frames.length ? p.card(frames, tip.frame) : null;
  const flame = chart.orientation === 'flame';

  return (
    <div ref={chart.wrapRef} className="flame-canvas-wrap" data-testid={p.testId} {...p.data}>
      <canvas
        ref={chart.canvasRef}
        className="flame-canvas"
        role="img"
        aria-label={p.label}
        aria-describedby={p.describedBy}
        tabIndex={0}
        onPointerMove={chart.onPointerMove}
        onPointerLeave={() =>
          requestAnimationFrame(() => {
            if (!state.current.overTip) hideTip();
          })
        }
        onClick={(e) => {
          const k = chart.frameAtClick(e.clientX, e.clientY);
          // The frames that index is of: the hit test's (the draw state's). The rendered
          // `frames` may already be a newer answer whose effect has not yet reached the draw
          // state, and a card made from them named another call (seen on a busy runner:
          // a click on tcp_sendmsg pinned tcp_push's card, e2e/flame-card.spec.ts).
          const hit = state.current.frames;
          const taken = k >= 0 ? p.onFrameClick(k) !== false : false;
          if (!p.pinOnClick) return;
          const box = chart.wrapRef.current?.getBoundingClientRect();
          if (taken && hit && box) {
            setPinned({ card: p.card(hit, k), x: e.clientX - box.left, y: e.clientY - box.top });
            hideTip();
          } else if (k < 0) setPinned(null);
        }}
        onDoubleClick={(e) => {
          const k = chart.frameAtClick(e.clientX, e.clientY);
          if (k >= 0) p.onFrameDoubleClick?.(k);
        }}
        onKeyDown={onKeyDown}
        onContextMenu={(e) => {
          const k = p.onFrameContextMenu ? chart.frameAtClick(e.clientX, e.clientY) : -1;
          if (k < 0) return;
          e.preventDefault();
          hideTip();
          p.onFrameContextMenu!(k, e.clientX, e.clientY);
        }}
      />
      {/* Deep rows are above a flame and below an icicle; the root side is the other edge. */}
      <div ref={chart.awayRef} className={`flame-more ${flame ? 'at-top' : 'at-bottom'}`} hidden />
      <div ref={chart.towardRef} className={`flame-more ${flame ? 'at-bottom' : 'at-top'}`} hidden />
      {card && tip && (
        <FrameTooltip
          x={tip.x}
          y={tip.y}
          bounds={chart.size}
          {...card}
          onPointerEnter={() => {
            state.current.overTip = true;
          }}
          onPointerLeave={() => {
            state.current.overTip = false;
            hideTip();
          }}
        />
      )}
      {pinned && <FrameTooltip x={pinned.x} y={pinned.y} bounds={chart.size} {...pinned.card} pinned onClose={() => setPinned(null)} />}
      {p.children}
    </div>
  );
}
