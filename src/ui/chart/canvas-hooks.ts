/**
 * Hooks shared by the canvas charts (and the overview strip's size): the CSS size of an element
 * kept up to date with a ResizeObserver, a canvas backing store sized for the device
 * pixel ratio, and the colour scheme (page.emulateMedia and the OS setting both fire the
 * media query's change event).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { DARK, LIGHT, type FramePalette } from './colors';

export interface CssSize {
  width: number;
  height: number;
}

/** The content-box size of `ref`'s element (0 × 0 until it is laid out). */
export function useElementSize(ref: RefObject<HTMLElement | null>): CssSize {
  const [size, setSize] = useState<CssSize>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    return observeSize(el, (next) => setSize((s) => (s.width === next.width && s.height === next.height ? s : next)));
  }, [ref]);
  return size;
}

/**
 * Tells `set` the element's size (whole CSS px) each time its ResizeObserver fires, the first
 * time after the element's first layout. It is never read before: a read in the effect that
 * mounts a chart forced the page's whole layout inside React's commit (at ready, 40 ms of
 * sampled wall time of a 29 ms-CPU task, issue 13); in the observer's callback the layout is
 * done and the read costs nothing. Returns the disconnect.
 */
export function observeSize(el: Element, set: (size: CssSize) => void, Observer: typeof ResizeObserver = ResizeObserver): () => void {
  const ro = new Observer(() => {
    const r = el.getBoundingClientRect();
    set({ width: Math.floor(r.width), height: Math.floor(r.height) });
  });
  ro.observe(el);
  return () => ro.disconnect();
}

/**
 * Returns `schedule()`, which runs `draw` in the next animation frame, once however many
 * times it is called before then; a pending frame is dropped on unmount. The frame id is
 * forgotten with it: React's StrictMode (development) unmounts and mounts every component
 * once, and a remembered cancelled id would stop every later draw.
 */
export function useFrameScheduler(draw: () => void): () => void {
  const frame = useRef(0);
  const latest = useRef(draw);
  latest.current = draw;
  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
  return useCallback(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      latest.current();
    });
  }, []);
}

/**
 * Sizes the canvas backing store to CSS size × devicePixelRatio and returns a 2D context
 * already scaled so drawing code works in CSS pixels. Null when the canvas is not ready.
 */
function prepareCanvas(canvas: HTMLCanvasElement, size: CssSize, dpr: number): CanvasRenderingContext2D | null {
  const w = Math.max(1, Math.round(size.width * dpr));
  const h = Math.max(1, Math.round(size.height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * The start of every frame of the flame graph and the flame chart: a sized, scaled context
 * and the palette of the theme; with no frames yet, just the background (and null). The
 * scale is the device pixel ratio, or `dpr` (a PNG snapshot at 2×).
 */
export function beginFrameDraw(
  canvas: HTMLCanvasElement,
  size: CssSize,
  dark: boolean,
  hasFrames: boolean,
  dpr: number = window.devicePixelRatio || 1,
): { ctx: CanvasRenderingContext2D; palette: FramePalette } | null {
  const ctx = prepareCanvas(canvas, size, dpr);
  if (!ctx) return null;
  const palette = dark ? DARK : LIGHT;
  if (!hasFrames) {
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, size.width, size.height);
    return null;
  }
  return { ctx, palette };
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Dark when the theme switch says so (html[data-theme]), else when the system does. */
function pageIsDark(): boolean {
  const forced = typeof document !== 'undefined' ? document.documentElement.dataset.theme : undefined;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

/** Whether the page is in dark mode, following the system and the theme switch. */
export function useDarkMode(): boolean {
  const [dark, setDark] = useState(pageIsDark);
  useEffect(() => {
    const onChange = () => setDark(pageIsDark());
    onChange();
    const mq = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : null;
    mq?.addEventListener('change', onChange);
    const switched = new MutationObserver(onChange);
    switched.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      mq?.removeEventListener('change', onChange);
      switched.disconnect();
    };
  }, []);
  return dark;
}
