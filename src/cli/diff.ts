/**
 * `cli diff [options] A [B]`: two traces (or one trace through two filters) compared.
 *
 *   JSON (default): { a: {file, calls}, b: {file, calls}, functions: [{name, a, b}] } with
 *     every function in view on either side, in name order, each side's calls, totalNs and
 *     selfNs (zeros on the side that lacks it, null where its calls have no duration): with no filter, exactly the figures of
 *     `cli summary` for that file alone.
 *   --folded: `path countA countB` lines (ns per path: each side's folded count of it,
 *     core/query/compare-folded.ts), difffolded.pl's output and flamegraph.pl's input;
 *     paths from the first frame below the task (compare.ts).
 *
 * Without B the file is compared with itself, which is useful with the side filters:
 * --task-a/--task-b (comm, comm-pid or pid; a comma list), --cpu-a/--cpu-b (a comma list).
 * --keep-tasks keeps the task as the first frame of each path. --irq in-place|apart|hidden
 * reads both sides under that interrupt mode, as the app compares them; --syscalls-only
 * keeps both sides' calls inside a system call, each path from its syscall entry; --under F
 * those inside the outermost calls of function F, each path from F.
 *
 * Two kernel builds name a function's clones apart (`tcp_sendmsg_locked.isra.0` in one,
 * `.isra.1` or no suffix in the other): a name one side lacks meets the other side's one
 * name of its base name (core/query/build-names.ts), as in the app; a JSON row so matched
 * carries B's name as `nameB`, a folded path names it as A does, and --under F takes F's
 * clone on a side without F. --exact-names matches names exactly only.
 *
 * What the app's compare has besides: --normalise scaled (B scaled to A's total: times by
 * the sum of the roots' totals, calls by every call in view) or call:F (each side divided
 * by its own calls of F), the names of the link's `cn` (core/query/compare.ts
 * Normalisation); the JSON's figures and the folded counts are then normalised, and the
 * JSON says the factors. --range-a/--range-b FROM,TO: a side's time range in milliseconds
 * from the start of its calls in view, as the app's side B range picker (lib/range-ms.ts),
 * each end optional.
 */
import type { TraceModel } from '../core/model/tables';
import { taskLabel } from '../core/model/tables';
import { compareSide, mergeSides, type CompareSide } from '../core/query/compare';
import { computeComparedFunctions, type SideFigures } from '../core/query/compare-functions';
import { diffFoldedLines } from '../core/query/compare-folded';
import type { ViewFilter } from '../core/query/filter';
import { lazyModelFacts } from '../core/query/lazy-facts';
import { STDIN_NAME } from './load-file';
import { unknownCpu } from './trace-cpus';
import { jsonForTerminal } from '../lib/terminal-text';
import { untimedReason } from '../core/export/empty-export';
import { applyIrqMode, IRQ_MODES, isIrqMode, type IrqMode } from '../core/model/interrupt-mode';
import { normalisationFactors, normalised, type Normalisation, type NormalisationFactors } from '../core/query/compare';
import type { ModelFacts } from '../core/query/model-facts';
import { rangeFromMs } from '../lib/range-ms';

export const DIFF_USAGE =
  `cli diff [--folded] [--keep-tasks] [--exact-names] [--syscalls-only] [--under F] [--normalise raw|scaled|call:F] [--range-a FROM,TO] [--range-b FROM,TO] [--task-a T] [--task-b T] [--cpu-a N] [--cpu-b N] [--irq ${IRQ_MODES.join('|')}] A [B]`;

interface DiffArgs {
  folded: boolean;
  keepTasks: boolean;
  /** Names matched exactly only (default: by base name too, as the app: build-names.ts). */
  exactNames: boolean;
  files: string[];
  taskA?: string;
  taskB?: string;
  cpuA?: string;
  cpuB?: string;
  /**
   * How interrupt time counts on both sides, as the app's Interrupts switch compares them
   * (core/model/interrupt-mode.ts). In place, a timer interrupt that landed inside one
   * side's call is a path the other lacks: 01 against 02 has 17,084 paths only in A in
   * place, 6,839 apart.
   */
  irq?: string;
  /**
   * Both sides' calls inside a system call only, each path from its syscall entry
   * (filter.ts syscallsOnly), as the app's "syscalls only": two kernels dispatch system
   * calls through different frames (x86's x64_sys_call switch, arch/x86/entry/syscall_64.c,
   * is in newer kernels only; older ones call through sys_call_table from do_syscall_64,
   * which is noinstr and never traced), so from the first frame every path of the one
   * was a path the other lacked.
   */
  syscallsOnly: boolean;
  /**
   * Both sides' calls inside the outermost calls of this function, each path from it
   * (filter.ts functionSubtrees): the fresh connection's tcp_sendmsg (01, under
   * __x64_sys_sendto) and the established one's (02, under __x64_sys_write > … >
   * sock_write_iter) are on no common path otherwise, their subtrees only ever one-sided.
   */
  under?: string;
  /** raw (default), scaled or call:F: the link's `cn` names (parsed by normalisationOf). */
  normalise?: string;
  /** A side's time range: `FROM,TO` in ms from the start of its calls in view (lib/range-ms.ts). */
  rangeA?: string;
  rangeB?: string;
}

/** The arguments after `diff`; throws on a bad one. */
export function parseDiffArgs(argv: readonly string[]): DiffArgs {
  const out: DiffArgs = { folded: false, keepTasks: false, exactNames: false, syscallsOnly: false, files: [] };
  // A Map, not an object: `arg in {…}` is true for a file named `constructor` or
  // `toString` (Object.prototype's), which was then taken for an option needing a value.
  const valued = new Map<string, 'taskA' | 'taskB' | 'cpuA' | 'cpuB' | 'irq' | 'under' | 'normalise' | 'rangeA' | 'rangeB'>([
    ['--normalise', 'normalise'],
    ['--range-a', 'rangeA'],
    ['--range-b', 'rangeB'],
    ['--task-a', 'taskA'],
    ['--task-b', 'taskB'],
    ['--cpu-a', 'cpuA'],
    ['--cpu-b', 'cpuB'],
    ['--irq', 'irq'],
    ['--under', 'under'],
  ]);
  for (let i = 0; i < argv.length; i++) {
    // `--name=value` as well as `--name value`, as summary and folded take `--irq=apart`.
    const eq = argv[i].startsWith('--') ? argv[i].indexOf('=') : -1;
    const arg = eq > 0 ? argv[i].slice(0, eq) : argv[i];
    const inline = eq > 0 ? argv[i].slice(eq + 1) : undefined;
    const key = valued.get(arg);
    if (inline !== undefined && key === undefined) throw new Error(`unknown option ${argv[i]}`);
    if (arg === '--folded') out.folded = true;
    else if (arg === '--keep-tasks') out.keepTasks = true;
    else if (arg === '--exact-names') out.exactNames = true;
    else if (arg === '--syscalls-only') out.syscallsOnly = true;
    else if (key !== undefined) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      out[key] = value;
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else out.files.push(arg);
  }
  if (out.irq !== undefined && !isIrqMode(out.irq)) throw new Error(`--irq needs one of ${IRQ_MODES.join(', ')}`);
  if (out.normalise !== undefined) normalisationOf(out.normalise);
  for (const [flag, range] of [['--range-a', out.rangeA], ['--range-b', out.rangeB]] as const) {
    if (range !== undefined && !RANGE_RE.test(range)) throw new Error(`${flag} needs FROM,TO in milliseconds from the side's start (either may be empty: 1.5,20 or ,20)`);
  }
  if (out.files.length < 1 || out.files.length > 2) throw new Error(`usage: ${DIFF_USAGE}`);
  // Standard input is read once, by side A: B then read an empty stream and was called "it
  // is empty", a file the user never named. One trace through two filters is `diff - …`.
  if (out.files.length === 2 && out.files[0] === STDIN_NAME && out.files[1] === STDIN_NAME) {
    throw new Error('- (standard input) can be read once: give it for one side only (diff - with --task-a/--cpu-a and --task-b/--cpu-b compares it with itself)');
  }
  return out;
}

/** `--normalise`'s value as the service's Normalisation (the link's `cn` words); throws on another. */
export function normalisationOf(text: string): Normalisation {
  if (text === 'raw' || text === 'scaled') return { kind: text };
  if (text.startsWith('call:') && text.length > 5) return { kind: 'perCall', root: text.slice(5) };
  throw new Error('--normalise needs raw, scaled or call:F (per call of function F on each side)');
}

/** `FROM,TO`: milliseconds, digits with an optional fraction, each end optional (not both empty). */
const RANGE_RE = /^(?=.*\d)(\d{1,12}(?:\.\d{1,9})?)?,(\d{1,12}(?:\.\d{1,9})?)?$/;

/**
 * A side's time range from `FROM,TO` (ms from the start of its calls in view under its
 * task, CPU and syscalls filters, as the app's side B picker reads its inputs: lib/range-ms.ts,
 * ui/compare/SideBRange.tsx, whose span leaves Paths from out, as the overview that picks A's
 * range does), in trace ns; throws when the side has no timestamps or the range holds none
 * of its span. --under is left out of the span as Paths from is: with it, the same FROM,TO
 * was counted from the first call of F and picked another range than the app's.
 */
function rangeOf(facts: ModelFacts, withoutRange: ViewFilter, text: string): [number, number] {
  if (!facts.model.hasTimestamps) throw new Error('the trace has no timestamps, so no time range');
  const { pathsFrom: _under, pathsFromBase: _byBase, ...spanFilter } = withoutRange;
  void _under;
  void _byBase;
  const side = compareSide(facts, spanFilter);
  const { start, end } = facts.times();
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < start.length; i++) {
    if (side.mask && !side.mask[i]) continue;
    if (start[i] < t0) t0 = start[i];
    if (end[i] > t1) t1 = end[i];
  }
  const [from, to] = text.split(',');
  const range = t1 >= t0 ? rangeFromMs(from, to, t0, t1) : null;
  if (!range) {
    const span = t1 >= t0 ? ` (its calls span ${((t1 - t0) / 1e6).toFixed(3)} ms)` : '';
    throw new Error(`the range ${text} ms holds none of the side's calls${span}`);
  }
  return range;
}

/** Task ids named by a comma list of comm, comm-pid or pid; throws when one names no task. */
function tasksOf(model: TraceModel, spec: string): number[] {
  const ids: number[] = [];
  for (const want of spec.split(',')) {
    let hit = false;
    model.tasks.forEach((t, id) => {
      if (t.comm === want || taskLabel(t) === want || String(t.pid) === want) {
        ids.push(id);
        hit = true;
      }
    });
    if (!hit) throw new Error(`no task ${JSON.stringify(want)} in the trace`);
  }
  return ids;
}

/**
 * CPU numbers of a comma list; throws when one is not a CPU of the trace, as a task that
 * is not there does (trace-cpus.ts): a CPU the trace never names (say `--cpu-b 3` on a
 * 2-CPU capture) gave an empty side, every function "gone in B".
 */
function cpusOf(model: TraceModel, spec: string): number[] {
  return spec.split(',').map((s) => {
    // Digits only, as `export --cpu` takes them: Number() reads '' (an empty item, `--cpu-a 1,`)
    // as CPU 0, and '0x1', '1e0' or ' 1' as CPU 1.
    if (!/^\d{1,4}$/.test(s)) throw new Error(`not a CPU number: ${JSON.stringify(s)}`);
    const cpu = Number(s);
    const wrong = unknownCpu(model, cpu);
    if (wrong !== null) throw new Error(wrong);
    return cpu;
  });
}

function filterOf(
  model: TraceModel,
  task: string | undefined,
  cpu: string | undefined,
  syscallsOnly: boolean,
  under: string | undefined,
  exactNames: boolean,
): ViewFilter {
  const filter: { tasks?: number[]; cpus?: number[]; syscallsOnly?: boolean; pathsFrom?: string; pathsFromBase?: boolean } = {};
  if (task !== undefined) filter.tasks = tasksOf(model, task);
  if (cpu !== undefined) filter.cpus = cpusOf(model, cpu);
  if (syscallsOnly) filter.syscallsOnly = true;
  // The app's "Paths from" (filter.ts pathsFrom: the subtrees of the function's outermost calls).
  if (under !== undefined) filter.pathsFrom = under;
  // (another build's clone of F on a side without F itself: filter.ts pathsFromBase)
  if (under !== undefined && !exactNames) filter.pathsFromBase = true;
  return filter;
}

function callsInView(side: CompareSide): number {
  const mask = side.mask;
  if (!mask) return side.facts.model.calls.length;
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

/** Whether the side has calls in view and none of them a duration (the function tracer's). */
function untimedInView(side: CompareSide): boolean {
  const { mask } = side;
  const { duration, length } = side.facts.model.calls;
  let calls = 0;
  for (let i = 0; i < length; i++) {
    if (mask && mask[i] === 0) continue;
    if (!Number.isNaN(duration[i])) return false;
    calls++;
  }
  return calls > 0;
}

/**
 * Runs `diff`: `load` reads a file into a trace model (the CLI's loader, which rejects what
 * is not a trace), `write` prints, `warn` says on stderr what the output cannot.
 */
export async function runDiff(
  argv: readonly string[],
  load: (file: string) => Promise<TraceModel>,
  write: (text: string) => Promise<void>,
  warn: (text: string) => void = () => undefined,
): Promise<void> {
  const args = parseDiffArgs(argv);
  const [fileA, fileB = fileA] = args.files;
  const irq: IrqMode = args.irq !== undefined && isIrqMode(args.irq) ? args.irq : 'in-place';
  const modelA = applyIrqMode(await load(fileA), irq);
  const factsA = lazyModelFacts(modelA);
  const factsB = fileB === fileA && args.files.length === 1 ? factsA : lazyModelFacts(applyIrqMode(await load(fileB), irq));
  // A task or CPU a side does not have is named with that side and its file: with two
  // traces, "no task \"nginx\" in the trace" did not say which.
  const sideFilter = (label: 'A' | 'B', facts: ModelFacts, file: string, task?: string, cpu?: string, range?: string): ViewFilter => {
    try {
      const filter = filterOf(facts.model, task, cpu, args.syscallsOnly, args.under, args.exactNames);
      return range === undefined ? filter : { ...filter, range: rangeOf(facts, filter, range) };
    } catch (err) {
      throw new Error(`side ${label} (${file}): ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const filterA = sideFilter('A', factsA, fileA, args.taskA, args.cpuA, args.rangeA);
  const filterB = sideFilter('B', factsB, fileB, args.taskB, args.cpuB, args.rangeB);
  const a = compareSide(factsA, filterA);
  const b = compareSide(factsB, filterB);
  // A task the trace names but that made no call (a `yes` or `sleep` known from sched_switch
  // lines), or a task and a CPU it never ran on: the side's filters keep nothing, and every
  // line read "only in the other side" (`path 0 N`), the status 0, nothing said.
  for (const [label, side, file, task, cpu, range] of [
    ['A', a, fileA, args.taskA, args.cpuA, args.rangeA],
    ['B', b, fileB, args.taskB, args.cpuB, args.rangeB],
  ] as const) {
    if (callsInView(side) > 0) continue;
    const filters = [
      task === undefined ? '' : `--task-${label.toLowerCase()} ${task}`,
      cpu === undefined ? '' : `--cpu-${label.toLowerCase()} ${cpu}`,
      range === undefined ? '' : `--range-${label.toLowerCase()} ${range}`,
      args.syscallsOnly ? '--syscalls-only' : '',
      args.under === undefined ? '' : `--under ${args.under}`,
    ]
      .filter((f) => f !== '')
      .join(' ');
    const why = filters === '' ? 'the trace has no function call' : `${filters} keep${filters.includes(' --') ? '' : 's'} none`;
    warn(
      `cli diff: side ${label} (${file}) has no call in view (${why}): ` +
        `every function and path reads as only in side ${label === 'A' ? 'B' : 'A'}\n`,
    );
  }
  const norm = normalisationOf(args.normalise ?? 'raw');
  const merged = norm.kind === 'raw' && !args.folded ? null : mergeSides(a, b, { keepTasks: args.keepTasks, exactNames: args.exactNames });
  /** The factors of a quantity (null when raw); a side with nothing to scale or divide by is said. */
  const factorsOf = (quantity: 'total' | 'calls'): NormalisationFactors | null => {
    if (!merged || norm.kind === 'raw') return null;
    return normalisationFactors(merged, norm, quantity);
  };
  const timeFactors = factorsOf('total');
  const callFactors = factorsOf('calls');
  // What normalisation cannot give: per call, the figures of a side without a call of F;
  // scaled, B's times (or calls) when a side has none to scale by or to (compare.ts).
  const said = (f: NormalisationFactors | null, what: string): string | null => {
    if (!f || f.missing.length === 0) return null;
    const sides = f.missing.map((x) => x.toUpperCase()).join(' and ');
    return norm.kind === 'perCall'
      ? `side ${sides} ha${f.missing.length === 1 ? 's' : 've'} no call of ${JSON.stringify(norm.root)}: ${f.missing.length === 1 ? 'its' : 'their'} figures are unknown`
      : `side ${sides} ha${f.missing.length === 1 ? 's' : 've'} no ${what} in view to scale by: B's ${what} figures are unknown`;
  };
  const timeNote = said(timeFactors, 'time');
  // (per call, one factor for every figure: said once)
  const callNote = norm.kind === 'perCall' ? null : said(callFactors, 'calls');
  // Folded counts are self times: refused when those are unknown (a line holds numbers only).
  if (args.folded && timeNote) throw new Error(`--normalise ${args.normalise}: ${timeNote}`);
  for (const note of args.folded ? [] : [timeNote, callNote]) if (note) warn(`cli diff: --normalise ${args.normalise}: ${note} (null)\n`);
  if (args.folded) {
    // difffolded.pl's lines hold numbers only, so a side whose time is unknown (its calls
    // have no duration) prints 0 on every line, which reads as no time spent: say so.
    for (const [label, side, file] of [['A', a, fileA], ['B', b, fileB]] as const) {
      if (untimedInView(side)) {
        warn(
          `cli diff --folded: no call of side ${label} (${file}) has a duration (${untimedReason(side.facts.model.calls, side.mask)}): ` +
            `its column is 0 on every line, not a measured time; 'cli diff' without --folded compares the calls\n`,
        );
      }
    }
    let buf = '';
    // (self times: the time factors, B scaled by its roots' total time as the app's Self time)
    for (const line of diffFoldedLines(merged!, timeFactors ?? undefined)) {
      buf += line + '\n';
      if (buf.length > 1 << 16) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
    return;
  }
  // A function whose calls on a side have no duration (the function tracer records none) has
  // an unknown time there: null, as `summary` prints it, not 0.
  // Normalised (--normalise): calls by the calls' factors, times by the times'; unknown: null.
  const scaled = (v: number, side: 'a' | 'b', f: NormalisationFactors | null): number | null => {
    const x = f ? normalised(v, side, f) : v;
    return Number.isFinite(x) ? x : null;
  };
  const figures = (f: SideFigures, side: 'a' | 'b') => {
    const unknown = f.calls > 0 && f.timed === 0;
    return {
      calls: scaled(f.calls, side, callFactors),
      totalNs: unknown ? null : scaled(f.totalNs, side, timeFactors),
      selfNs: unknown ? null : scaled(f.selfNs, side, timeFactors),
    };
  };
  const num = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  const normalisation =
    norm.kind === 'scaled'
      ? { kind: 'scaled', b: { time: num(timeFactors?.b), calls: num(callFactors?.b) } }
      : norm.kind === 'perCall'
        ? { kind: 'perCall', function: norm.root, calls: { a: num(timeFactors?.perCall?.a), b: num(timeFactors?.perCall?.b) } }
        : undefined;
  const doc = {
    // (a range as the trace's own ns, what the app's link writes: what --range-a/-b picked)
    a: { file: fileA, calls: callsInView(a), ...(filterA.range ? { rangeNs: filterA.range } : {}) },
    b: { file: fileB, calls: callsInView(b), ...(filterB.range ? { rangeNs: filterB.range } : {}) },
    ...(normalisation ? { normalisation } : {}),
    functions: computeComparedFunctions(a, b, { exactNames: args.exactNames }).map((row) => ({
      name: row.name,
      // (B's name of a function the two builds name apart, matched by base name)
      ...(row.nameB !== undefined ? { nameB: row.nameB } : {}),
      a: figures(row.a, 'a'),
      b: figures(row.b, 'b'),
    })),
  };
  // (names with a C1 control or a bidi override written as \u escapes: the same JSON, lib/terminal-text.ts)
  await write(jsonForTerminal(JSON.stringify(doc, null, 1)) + '\n');
}
