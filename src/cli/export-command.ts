/**
 * `cli export --format svg|folded|chrome|speedscope FILE [--task T] [--cpu N] [--irq M]`: the app's
 * exports from the command line, streamed to stdout chunk by chunk. PNG needs a canvas,
 * which Node lacks: the app makes it (the flame graph's Export menu).
 */
import { IRQ_MODES, isIrqMode, type IrqMode } from '../core/model/interrupt-mode';
import type { TraceModel } from '../core/model/tables';
import { taskLabel } from '../core/model/tables';
import { buildCallTree } from '../core/query/call-tree';
import { filterMask, isEmptyFilter, type CallMask, type ViewFilter } from '../core/query/filter';
import type { ModelFacts } from '../core/query/model-facts';
import { lazyModelFacts } from '../core/query/lazy-facts';
import { chromeTraceChunks } from '../core/export/chrome-trace';
import { flameFramesOfTree, flameSvgChunks } from '../core/export/flame-svg';
import { foldedChunks } from '../core/export/folded-export';
import { speedscopeChunks } from '../core/export/speedscope';

export const EXPORT_FORMATS = ['svg', 'folded', 'chrome', 'speedscope'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_HELP = `usage: cli export --format svg|folded|chrome|speedscope FILE [--task T]... [--cpu N]... [--irq MODE]
  svg         the flame graph (all tasks merged) as a standalone SVG
  folded      folded stacks, as 'cli folded' writes them (flamegraph.pl --countname ns, speedscope)
  chrome      Chrome trace-event JSON (chrome://tracing, Perfetto): one X event per call
  speedscope  speedscope's JSON file format: an evented profile per task
  --task T    only task T: comm-pid as printed (curl-139), a pid, or a comm
  --cpu N     only calls entered on CPU N
  --irq MODE  how interrupt time counts: in-place (default), apart, hidden (as cli folded)
  PNG is not made here (Node has no canvas): use the app's Export menu on the flame graph.`;

export interface ExportArgs {
  format: ExportFormat;
  file: string;
  tasks: string[];
  cpus: number[];
  irq: IrqMode;
}

/** The arguments after `export`, or an error message. */
export function parseExportArgs(argv: readonly string[]): ExportArgs | string {
  let format: string | undefined;
  let file: string | undefined;
  const tasks: string[] = [];
  const cpus: number[] = [];
  let irq: IrqMode = 'in-place';
  for (let i = 0; i < argv.length; i++) {
    // `--name=value` as well as `--name value`, as summary and folded take `--irq=apart`.
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const a = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    const inline = eq > 0 ? argv[i].slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    if (a === '--format') format = value();
    else if (a === '--task') {
      const v = value();
      if (v === undefined) return '--task needs a value';
      tasks.push(v);
    } else if (a === '--cpu') {
      const v = value();
      if (v === undefined || !/^\d{1,4}$/.test(v)) return '--cpu needs a CPU number';
      cpus.push(Number(v));
    } else if (a === '--irq') {
      const v = value();
      if (!isIrqMode(v)) return `--irq needs one of ${IRQ_MODES.join(', ')}`;
      irq = v;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) return `--format must be one of ${EXPORT_FORMATS.join(', ')}${format === 'png' ? ' (PNG is made by the app)' : ''}`;
  if (file === undefined) return 'FILE is missing';
  return { format: format as ExportFormat, file, tasks, cpus, irq };
}

/** Task ids matching `--task` values (label, pid or comm); an error message when one matches none. */
export function resolveTasks(model: TraceModel, wanted: readonly string[]): number[] | string {
  const ids = new Set<number>();
  for (const w of wanted) {
    let found = false;
    model.tasks.forEach((t, k) => {
      if (taskLabel(t) === w || String(t.pid) === w || t.comm === w) {
        ids.add(k);
        found = true;
      }
    });
    if (!found) return `no task ${JSON.stringify(w)} in the trace`;
  }
  return [...ids].sort((a, b) => a - b);
}

/** The calls an export writes: the model's facts and the filter's mask (none: every call). */
export interface ExportView {
  facts: ModelFacts;
  mask: CallMask | undefined;
}

export function exportView(model: TraceModel, filter: ViewFilter): ExportView {
  const facts = lazyModelFacts(model);
  return { facts, mask: isEmptyFilter(filter) ? undefined : filterMask(facts, filter) };
}

/** How many calls the view keeps. */
export function keptCalls({ facts, mask }: ExportView): number {
  if (!mask) return facts.model.calls.length;
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** The export's chunks. `name` names the trace inside the file (speedscope, SVG heading). */
export function exportChunks({ facts, mask }: ExportView, format: ExportFormat, name: string): Iterable<string> {
  const model = facts.model;
  switch (format) {
    case 'folded':
      return foldedChunks(model, mask);
    case 'chrome':
      return chromeTraceChunks(facts, mask);
    case 'speedscope':
      return speedscopeChunks(facts, name, mask);
    case 'svg': {
      const tree = buildCallTree(facts, { mask });
      return flameSvgChunks(flameFramesOfTree(tree, facts.childrenFit()), { heading: name });
    }
  }
}
