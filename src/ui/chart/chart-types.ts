/**
 * The types of a canvas chart (use-canvas-chart.ts): what a view configures, the imperative
 * state the kit keeps, what the view's draw gets, and the chart the hook returns.
 */
import type { ScaleLinear } from 'd3-scale';
import type { ZoomTransform } from 'd3-zoom';
import type { PointerEvent, RefObject } from 'react';
import type { CssSize } from './canvas-hooks';
import type { FramePalette } from './colors';
import type { FrameTip } from './frame-hover';
import type { FrameColumns } from './frame-rows';
import type { LabelFitter } from './labels';
import type { Need } from './refetcher';
import type { DrawResult, DrawSteps } from './split-draw';
import type { XZoomHandle } from './use-x-zoom';
import type { Orientation, Span } from './viewport';

/** What every answer a chart draws has: frames in rows, names in a string table. */
export interface ChartFrames {
  length: number;
  maxDepth: number;
  /** Index into `names`, per frame. */
  name: Int32Array;
  names: readonly string[];
  /** Model function id per entry of `names` (for search highlighting). */
  nameFuncs: Int32Array;
}

/** The imperative state of a chart, read by the draw loop, the gestures and the refetcher. */
export interface ChartState<F> {
  t: ZoomTransform;
  scrollY: number;
  /** Frame under the pointer, -1 for none. */
  hover: number;
  /** The pointer is on the hover card (it stays open). */
  overTip: boolean;
  size: CssSize;
  frames: F | null;
  /** The frames' x extents and rows, for hit testing. */
  columns: FrameColumns | null;
  rows: Int32Array[];
  /** Per entry of frames.names: 1 = matches the search. Null = no search active. */
  nameMatched: Uint8Array | null;
  dark: boolean;
  orientation: Orientation;
}

/** Everything a view needs to draw one frame of its chart. */
export interface ChartDraw<F> {
  ctx: CanvasRenderingContext2D;
  palette: FramePalette;
  fitter: LabelFitter;
  frames: F;
  /** The zoomed x scale: the view's unit → screen px (`t.rescaleX(base)`). */
  x: ScaleLinear<number, number>;
  state: ChartState<F>;
  /** The wrapper, for the data attributes a view writes on each draw. */
  wrap: HTMLElement | null;
}

export interface CanvasChartConfig<F extends ChartFrames> {
  /** The question to the worker (filter, zoom root, task…); its JSON is the refetch key. */
  question: unknown;
  /** A change of this key shows the whole domain again (zoom and row scroll reset). */
  resetKey: string;
  orientation: Orientation;
  /** The x domain at zoom 1, in the view's unit. */
  domain: Span;
  /** Function ids the search matches (their frames stay bright), null for no search. */
  matched: ReadonlySet<number> | null;
  /** What to ask for at this transform and width: the visible span, a detail level, the span to fetch. */
  need(t: ZoomTransform, width: number): Omit<Need, 'key'>;
  /** Asks the worker for `need` (null = a stale answer, dropped). */
  ask(need: Need): Promise<F | null>;
  /** Each frame's x extent (in the view's unit) and row, for hit testing. */
  columns(frames: F): FrameColumns;
  /** The zoom cap for these frames and width; null leaves it as it is. */
  maxZoom(frames: F | null, width: number): number | null;
  /**
   * Draws the frames; returns how many were drawn and the deepest row in the visible x range,
   * or steps that paint them over several animation frames (split-draw.ts).
   */
  draw(d: ChartDraw<F>): DrawResult | DrawSteps;
  /** A new answer was taken (before it is drawn): a view's own bookkeeping. */
  onFrames?(frames: F | null, state: ChartState<F>, wrap: HTMLElement | null): void;
  /** The view takes this press itself instead of panning (the flame chart's Shift+drag). */
  ownsPress?(e: MouseEvent): boolean;
  /** An answer arrived for `need` (it will be drawn). */
  onAnswer?(need: Need, wrap: HTMLElement | null): void;
}

/** What useCanvasChart returns (functions as properties: a view may take them out). */
export interface CanvasChart<F extends ChartFrames> {
  wrapRef: RefObject<HTMLDivElement | null>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  /** The "N more rows" hints: away from the root, toward it. */
  awayRef: RefObject<HTMLDivElement | null>;
  towardRef: RefObject<HTMLDivElement | null>;
  state: RefObject<ChartState<F>>;
  size: CssSize;
  orientation: Orientation;
  frames: F | null;
  error: string | null;
  /** A request is in flight. */
  loading: boolean;
  tip: FrameTip | null;
  xzoom: XZoomHandle;
  scheduleDraw: () => void;
  /** Scrolls the rows by `dy` CSS px (positive = the content moves down). */
  scrollRows: (dy: number) => void;
  /** The base x scale (zoom 1) at the current size. */
  base: () => ScaleLinear<number, number>;
  /** The frame under a pointer position, -1 for none. */
  frameAtPointer: (clientX: number, clientY: number) => number;
  /** The frame a click there is on: the hover card's when the pointer rests there (use-canvas-chart.ts). */
  frameAtClick: (clientX: number, clientY: number) => number;
  onPointerMove: (e: PointerEvent<HTMLCanvasElement>) => void;
  /** The view drawn again at `scale` (a PNG export); null with nothing drawn. */
  snapshot: (scale: number) => HTMLCanvasElement | null;
  /** Hides the card and the hover outline. */
  hideTip: () => void;
}
