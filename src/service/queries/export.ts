/**
 * Exports made in the worker (core/export/), handed out in batches of chunks so a large
 * trace's export neither freezes the page nor becomes one string: the main thread asks for
 * the next batch until there is none and assembles a Blob from the parts.
 *
 * The SVG is the flame graph as the view shows it: the same filter, zoom path, inversion
 * and grouping, frames down to `minWidth` of the zoom root, and the functions the search
 * does not match dimmed.
 */
import { chromeTraceChunks } from '../../core/export/chrome-trace';
import { flameSvgChunks, type SvgFrame } from '../../core/export/flame-svg';
import { foldedChunks } from '../../core/export/folded-export';
import { speedscopeChunks } from '../../core/export/speedscope';
import type { ViewFilter } from '../../core/query/filter';
import type { DerivedData } from '../derived/derived-data';
import { flameGraphFrames } from './flame-graph';
import { bidiIsolated } from '../../lib/bidi';

export type ExportFormat = 'svg' | 'folded' | 'chrome' | 'speedscope';

export interface ExportRequest {
  format: ExportFormat;
  filter: ViewFilter;
  /** The trace's name, written into the file (SVG heading, speedscope name). */
  name: string;
  /** The flame graph's view, for the SVG. */
  flame?: {
    inverted: boolean;
    groupByTask: boolean;
    zoomPath: readonly string[];
    /** Function ids the search matches; the other frames are dimmed. Null: no search. */
    matched: readonly number[] | null;
  };
}

/** Frames narrower than this share of the zoom root are left out of the SVG (1 px at 2000 px). */
export const SVG_MIN_WIDTH = 0.0005;

export function exportChunksOf(derived: DerivedData, req: ExportRequest): Iterator<string> {
  const mask = derived.mask(req.filter);
  switch (req.format) {
    case 'folded':
      return foldedChunks(derived.model, mask);
    case 'chrome':
      return chromeTraceChunks(derived, mask);
    case 'speedscope':
      return speedscopeChunks(derived, req.name, mask);
    case 'svg':
      return flameSvgChunks(svgFrames(derived, req), { heading: req.name, topDown: req.flame?.inverted ?? false });
  }
}

function svgFrames(derived: DerivedData, req: ExportRequest): SvgFrame[] {
  const view = req.flame ?? { inverted: false, groupByTask: true, zoomPath: [], matched: null };
  const f = flameGraphFrames(derived, {
    filter: req.filter,
    inverted: view.inverted,
    groupByTask: view.groupByTask,
    zoomPath: view.zoomPath,
    minWidth: SVG_MIN_WIDTH,
    window: [0, 1],
  });
  const matched = view.matched ? new Set(view.matched) : null;
  const frames: SvgFrame[] = [];
  for (let k = 0; k < f.length; k++) {
    const name = f.names[f.name[k]];
    const us = (f.total[k] / 1e3).toFixed(3);
    frames.push({
      depth: f.depth[k],
      x0: f.x0[k],
      x1: f.x1[k],
      name,
      title: `${bidiIsolated(name)} (${us} µs, ${f.calls[k]} calls)`,
      fill: '',
      dimmed: matched !== null && !matched.has(f.func[k]),
    });
  }
  return frames;
}

/** Exports in progress, by id, each handing out its chunks in batches. */
export class ExportSessions {
  private next = 1;
  private readonly open = new Map<number, Iterator<string>>();

  begin(chunks: Iterator<string>): number {
    const id = this.next++;
    this.open.set(id, chunks);
    return id;
  }

  /** Up to about `maxChars` of the export's next chunks; null once it is done (the session ends). */
  take(id: number, maxChars: number): string[] | null {
    const it = this.open.get(id);
    if (!it) return null;
    const out: string[] = [];
    let size = 0;
    while (size < maxChars) {
      const r = it.next();
      if (r.done) {
        this.open.delete(id);
        break;
      }
      out.push(r.value);
      size += r.value.length;
    }
    return out.length > 0 ? out : null;
  }

  cancel(id: number): void {
    this.open.get(id)?.return?.();
    this.open.delete(id);
  }

  /** A new trace makes every open export meaningless. */
  clear(): void {
    for (const id of [...this.open.keys()]) this.cancel(id);
  }
}
