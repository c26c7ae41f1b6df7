/**
 * d3-zoom on a canvas for the canvas charts, horizontal only: the wheel zooms around the
 * pointer, a drag pans. The transform's y is never used (a view keeps its own vertical
 * scroll); a drag's vertical movement and Shift+wheel are reported as row scrolling.
 * Double click does not zoom (the views use clicks), and a click that moved less than
 * 4 px is still a click.
 *
 * The behaviour is created once; the callbacks are read through a ref, so they may
 * change on every render, and the handle is the same object for the component's life (its
 * methods read refs). `setExtent(width, height)` must be called when the size changes.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';

export type XZoom = ZoomBehavior<HTMLCanvasElement, unknown>;

export interface XZoomCallbacks {
  /** The transform changed (by a gesture when `byUser`). */
  onZoom: (t: ZoomTransform, byUser: boolean) => void;
  /** Rows should scroll by `dy` CSS px (positive = the content moves down). */
  onScrollRows: (dy: number) => void;
  /** The view takes this press itself (the flame chart's Shift+drag measures): no pan. */
  ownsPress?: (e: MouseEvent) => boolean;
}

export interface XZoomHandle {
  zoomer: RefObject<XZoom | null>;
  /** Sets the transform (emits onZoom). */
  set(t: ZoomTransform): void;
  /** Zooms by `k` about `at` (CSS px in the canvas; the centre when omitted). */
  scaleBy(k: number, at?: [number, number]): void;
  translateBy(dx: number): void;
  setMaxZoom(k: number): void;
  setExtent(width: number, height: number): void;
}

/**
 * The behaviour, before it is bound to a canvas. Its extent is a placeholder until the view
 * sets the canvas's size (setExtent): d3-zoom's default extent reads the element's
 * clientWidth on every transform, and the chart's first one (the zoom reset when it mounts)
 * forced the page's whole layout inside React's commit (13 ms of the ready task, issue 13).
 * With the identity transform and no translate extent yet, the placeholder changes nothing.
 */
export function createXZoom(cb: { readonly current: XZoomCallbacks }): XZoom {
  return zoom<HTMLCanvasElement, unknown>()
    .extent(UNSIZED)
    .scaleExtent([1, 1e7])
    .clickDistance(4)
    .filter((e: Event) => {
      const ev = e as MouseEvent & WheelEvent;
      if (ev.type === 'dblclick') return false;
      if (ev.type === 'wheel') return !ev.shiftKey;
      if (ev.type === 'mousedown' && cb.current.ownsPress?.(ev)) return false;
      return !ev.ctrlKey && !ev.button;
    })
    .on('zoom', (e: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
      const src = e.sourceEvent as MouseEvent | null;
      if (src && (src.type === 'mousemove' || src.type === 'pointermove') && src.movementY) {
        cb.current.onScrollRows(src.movementY);
      }
      cb.current.onZoom(e.transform, Boolean(src));
    });
}

/**
 * Whether a view at transform `t` and row scroll `scrollY` already shows what a zoom reset
 * shows (the whole domain, rows from the root). A reset there changes nothing on screen: a
 * flame graph click changes the reset key, and resetting anyway redrew the old answer whole
 * (draw and compositor commit, 7-15 ms of main thread) while the new one was on its way.
 */
export function atZoomReset(t: ZoomTransform, scrollY: number): boolean {
  return t.k === 1 && t.x === 0 && t.y === 0 && scrollY === 0;
}

/** The extent before the canvas's size is known. */
const UNSIZED: [[number, number], [number, number]] = [
  [0, 0],
  [1, 1],
];

export function useXZoom(canvasRef: RefObject<HTMLCanvasElement | null>, callbacks: XZoomCallbacks): XZoomHandle {
  const zoomer = useRef<XZoom | null>(null);
  const cb = useRef(callbacks);
  useLayoutEffect(() => {
    cb.current = callbacks;
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const z = createXZoom(cb);
    select(canvas).call(z).on('dblclick.zoom', null);
    zoomer.current = z;
    const onWheel = (e: WheelEvent) => {
      if (!e.shiftKey) return;
      e.preventDefault();
      cb.current.onScrollRows(-(e.deltaY || e.deltaX));
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      select(canvas).on('.zoom', null);
      canvas.removeEventListener('wheel', onWheel);
      zoomer.current = null;
    };
  }, [canvasRef]);

  return useMemo((): XZoomHandle => {
    const withZoom = (f: (z: XZoom, canvas: HTMLCanvasElement) => void) => {
      const z = zoomer.current;
      const canvas = canvasRef.current;
      if (z && canvas) f(z, canvas);
    };
    return {
      zoomer,
      set: (t) => withZoom((z, c) => z.transform(select(c), t)),
      scaleBy: (k, at) => withZoom((z, c) => z.scaleBy(select(c), k, at)),
      translateBy: (dx) => withZoom((z, c) => z.translateBy(select(c), dx, 0)),
      setMaxZoom: (k) => withZoom((z) => z.scaleExtent([1, Math.max(1, k)])),
      setExtent: (width, height) =>
        withZoom((z) => {
          const extent: [[number, number], [number, number]] = [
            [0, 0],
            [Math.max(1, width), Math.max(1, height)],
          ];
          z.extent(extent).translateExtent(extent);
        }),
    };
  }, [canvasRef]);
}

export { zoomIdentity };
