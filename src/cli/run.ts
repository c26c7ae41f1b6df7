/**
 * The command line's work (main.ts is its entry point): `summary FILE`, `folded FILE`,
 * `diff A B` (diff.ts) and `export` (export-command.ts), the same core as the app, in Node.
 * FILE may be gzip or zstd, or trace-cmd's binary trace.dat. `--irq in-place|apart|hidden` picks how
 * interrupt time counts (core/model/interrupt-mode.ts; in place when left out).
 * Failures print one line and give status 2.
 */
import { availableParallelism } from 'node:os';
import { loadTraceFile, STDIN_NAME } from './load-file';
import { defaultParseThreads } from '../core/parallel/default-threads';
import { applyIrqMode, IRQ_MODES, isIrqMode, type IrqMode } from '../core/model/interrupt-mode';
import type { TraceModel } from '../core/model/tables';
import { summarize } from '../core/query/summary';
import { summaryOutputReason } from '../core/parse/summary-output';
import { beginsZeroFilled } from '../core/parse/line-reading';
import { foldedLines } from '../core/query/folded';
import { emptyExport, untimedReason } from '../core/export/empty-export';
import { EXPORT_HELP, exportChunks, exportView, keptCalls, parseExportArgs, resolveTasks } from './export-command';
import { DIFF_USAGE, runDiff } from './diff';
import { unknownCpu } from './trace-cpus';
import { jsonForTerminal, textForTerminal } from '../lib/terminal-text';


/** Where a run's output goes: stdout waits for the reader (large exports), stderr does not. */
export interface CliOutput {
  out: (text: string) => Promise<void>;
  err: (text: string) => void;
}

const USAGE = `usage: cli [--workers N] (summary|folded) [--irq ${IRQ_MODES.join('|')}] FILE\n       ${DIFF_USAGE}\n       cli export --help`;

const HELP = `${USAGE}

  summary FILE   JSON: format, counts, diagnostics, tasks, per-function statistics
  folded FILE    folded stacks "task;f1;f2 self_ns" (flamegraph.pl --countname ns: the counts are ns)
    --irq MODE     how interrupt time counts: in-place (default), apart, hidden
  diff A [B]     JSON: every function of either trace, calls/totalNs/selfNs on each side
                 (B omitted: A against itself, through the side filters below)
    --folded       "path selfA selfB" lines instead (difffolded.pl's output; flamegraph.pl --countname ns)
    --keep-tasks   keep the task as the first frame of each path (dropped by default)
    --exact-names  match names exactly; by default a name one side lacks meets the other's
                   one clone of it (foo.isra.0 / foo.isra.1 / foo: two kernel builds),
                   named as in A, with "nameB" in the JSON
    --syscalls-only  both sides' calls inside a system call, paths from its entry
    --under F      both sides' calls inside a call of function F, paths from F
    --normalise N  raw (default); scaled: B scaled to A's total (times by the roots' total,
                   calls by all calls); call:F: each side per call of its function F.
                   The figures and folded counts are normalised; the JSON gives the factors
    --range-a FROM,TO, --range-b FROM,TO   a side's time range, in ms from the start of
                   its calls under its task, CPU and syscall filters, --under aside (as the
                   app's side B range beside Paths from; either end may be empty)
    --task-a T, --task-b T   a side's tasks: comm, comm-pid or pid, comma-separated
    --cpu-a N, --cpu-b N     a side's CPUs, comma-separated
    --irq MODE     both sides' interrupt time: in-place (default), apart, hidden
  export         flame graph SVG, folded, Chrome trace JSON, speedscope (cli export --help)
  --workers N    threads that parse a text file, each its own part (a gzip: its text dealt
                 out in pieces as it is inflated); the model is the same for every N.
                 At most one per core, and per 2 MiB of a plain file.
                 Default: one per core from 4 cores (at most 16), else 1 (on 2 busy
                 cores 2 threads measured slower than 1); here ${defaultParseThreads(availableParallelism(), 0)} (${availableParallelism()} cores)
  FILE may be - : the trace on standard input (trace-cmd report | cli summary -);
                 plain, gzip or zstd text, or a trace.dat
`;

/**
 * `--workers N` anywhere in the arguments (every command reads files): the count and the
 * other arguments; null when N is not a whole number from 1 to 256. Without it, the app's
 * rule for a machine of `cores` cores (core/parallel/default-threads.ts: one pass below 4
 * cores, where 2 threads measured slower than 1 while other work held a core; else a thread
 * per core, at most 16).
 */
export function takeWorkers(argv: readonly string[], cores = availableParallelism()): { workers: number; rest: string[] } | null {
  const { values, rest } = takeOption(argv, '--workers');
  let workers = defaultParseThreads(cores, 0);
  for (const value of values) {
    if (value === undefined || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 256) return null;
    workers = Number(value);
  }
  return { workers, rest };
}

/**
 * Every value of `--name V` and `--name=V` in `argv` (undefined where the value is missing)
 * and the other arguments, in order.
 */
function takeOption(argv: readonly string[], name: string): { values: (string | undefined)[]; rest: string[] } {
  const values: (string | undefined)[] = [];
  const rest: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === name) values.push(argv[++k]);
    else if (a.startsWith(`${name}=`)) values.push(a.slice(name.length + 1));
    else rest.push(a);
  }
  return { values, rest };
}

/**
 * The command, the file and the interrupt mode; or what is wrong with the arguments, named
 * (an unknown command or option, a missing FILE, one too many), as export and diff name
 * theirs: a script's typo (`summary --jsn FILE`) otherwise got the usage alone. null: no
 * command at all, where the usage says it.
 */
function parseArgs(argv: string[]): { command: 'summary' | 'folded'; file: string; irq: IrqMode } | string | null {
  const { values, rest } = takeOption(argv, '--irq');
  let irq: IrqMode = 'in-place';
  for (const value of values) {
    if (!isIrqMode(value)) return `--irq needs one of ${IRQ_MODES.join(', ')}`;
    irq = value;
  }
  const [command, ...operands] = rest;
  if (command === undefined) return null;
  if (command !== 'summary' && command !== 'folded') {
    return command.startsWith('-') ? `unknown option ${command}` : `unknown command ${JSON.stringify(command)}`;
  }
  // `-` alone is standard input; any other word that begins with '-' is an option.
  const option = operands.find((a) => a.startsWith('-') && a !== STDIN_NAME);
  if (option !== undefined) return `${command}: unknown option ${option}`;
  if (operands.length === 0) return `${command}: FILE is missing`;
  if (operands.length > 1) return `${command}: unexpected argument ${JSON.stringify(operands[1])} (one FILE)`;
  return { command, file: operands[0], irq };
}

/**
 * One run of the command line: the arguments in, its output through `io`, the exit status
 * out (0, or 2 for bad input, a failure printed as one line). main.ts wires it to the
 * process; tests call it in-process.
 */
export async function runCli(all: readonly string[], out: CliOutput): Promise<number> {
  // Every message may quote the trace (an instance's name, a task's): none of its control
  // characters reaches the terminal raw (lib/terminal-text.ts).
  const io: CliOutput = { out: out.out, err: (text) => out.err(textForTerminal(text)) };
  try {
    return await runCommand(all, io);
  } catch (err: unknown) {
    io.err(`cli: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

async function runCommand(all: readonly string[], io: CliOutput): Promise<number> {
  const taken = takeWorkers(all);
  if (!taken) {
    io.err(`cli: --workers takes a whole number from 1 to 256\n${USAGE}\n`);
    return 2;
  }
  const workers = taken.workers;
  const argv = taken.rest;
  /** A trace model from a file, or an error naming why it is not one (diff's sides). */
  const loadTrace = async (file: string) => {
    const model = await loadTraceFile(file, { workers });
    if (model.format === 'unknown') throw new Error(unknownFormat(file, model));
    inputWarnings(model, file, io);
    return model;
  };
  // `cli summary --help` asks for help as `cli --help` does (export has a help of its own).
  const asksHelp = argv[0] !== 'export' && argv.some((a) => a === '--help' || a === '-h');
  if (argv[0] === 'help' || asksHelp) {
    await io.out(HELP);
    return 0;
  }
  if (argv[0] === 'diff') {
    await runDiff(argv.slice(1), loadTrace, io.out, io.err);
    return 0;
  }
  if (argv[0] === 'export') return exportMain(argv.slice(1), workers, io);
  const args = parseArgs(argv);
  if (args === null || typeof args === 'string') {
    io.err(`${args === null ? '' : `cli: ${args}\n`}${USAGE}\n`);
    return 2;
  }
  const { command, file } = args;
  const loaded = await loadTraceFile(file, { workers });
  const model = loaded.format === 'unknown' ? loaded : applyIrqMode(loaded, args.irq);
  if (model.format === 'unknown') {
    io.err(`cli: ${unknownFormat(file, model)}\n`);
    return 2;
  }
  inputWarnings(model, file, io);
  if (command === 'summary') {
    // (names with a C1 control or a bidi override written as \u escapes: the same JSON)
    await io.out(jsonForTerminal(JSON.stringify(summarize(model), null, 1)) + '\n');
  } else {
    let buf = '';
    for (const line of foldedLines(model)) {
      buf += line + '\n';
      if (buf.length > 1 << 16) {
        await io.out(buf);
        buf = '';
      }
    }
    await io.out(buf);
    untimedNote(model, file, 'no folded stacks', io);
  }
  return 0;
}

/**
 * Says on stderr why an export that weighs calls by their time is empty (core/export/
 * empty-export.ts): the trace has calls, none with a duration (the plain function tracer
 * records none, nor function_graph text with funcgraph-duration off: untimedReason), or
 * no call at all (the tracers that record none: nop with events, osnoise, timerlat, hwlat,
 * blk, whose lines are events). Without it, the empty output of a successful run reads as a
 * broken trace or tool.
 */
function untimedNote(model: TraceModel, file: string, what: string, io: CliOutput): void {
  const empty = emptyExport(model.calls, 'folded');
  if (empty?.reason === 'no-calls') {
    const events = model.events.length;
    io.err(
      `cli: ${what}: ${file} has no function call (a tracer such as nop, osnoise, timerlat, hwlat or blk records none)` +
        (events > 0 ? `; 'cli summary' counts its ${events} event${events === 1 ? '' : 's'}\n` : '\n'),
    );
    return;
  }
  if (empty?.reason !== 'no-durations') return;
  io.err(
    `cli: ${what}: none of the ${model.calls.length} calls in ${file} has a duration (${untimedReason(model.calls)}); ` +
      `'cli summary' counts them\n`,
  );
}

/** At most this many of a trace's input errors are said on stderr; `cli summary` lists them all. */
const MAX_INPUT_WARNINGS = 3;

/**
 * Says on stderr what of the input was not read: a gzip or trace.dat cut short, a CPU's
 * damaged pages, an option not applied (the model's inputErrors), events the kernel lost. The output is then made of
 * what was read; only summary's JSON listed them, so folded, export and diff printed a
 * partial result with status 0 and nothing to tell it from the whole trace's.
 */
function inputWarnings(model: TraceModel, file: string, io: CliOutput): void {
  const { inputErrors: errors, dropMarkers, droppedEvents } = model.diagnostics;
  for (const message of errors.slice(0, MAX_INPUT_WARNINGS)) io.err(`cli: warning: ${file}: ${message}\n`);
  if (errors.length > MAX_INPUT_WARNINGS) {
    io.err(`cli: warning: ${file}: ${errors.length - MAX_INPUT_WARNINGS} more input errors ('cli summary' lists them)\n`);
  }
  unreadLineWarnings(model, file, io);
  // The ring buffer overran: the kernel printed `CPU:N [LOST M EVENTS]` (kernel trace.c,
  // print_trace_line) where entries and exits are missing, so the calls around it are
  // incomplete and their times suspect. Only summary's diagnostics counted it.
  if (dropMarkers > 0) {
    const events = droppedEvents > 0 ? `, ${droppedEvents} events at least` : '';
    io.err(
      `cli: warning: ${file}: the trace lost events ${dropMarkers} time${dropMarkers === 1 ? '' : 's'} (CPU:N [LOST … EVENTS]${events}): ` +
        `the calls around them are incomplete ('cli summary' counts them)\n`,
    );
  }
}

/**
 * Says on stderr which lines were not read, and why: a line cut short, pasted from another
 * format, a field damaged (`12.3.4 us`, `[0x1]`). Only summary's JSON counted them
 * (unparsedLines), with no line named, so the user could not find them and the other
 * commands said nothing at all. The first few are named (line, its text quoted as JSON, the
 * parser's problem), the rest counted in one line: a damaged file is not 100,000 warnings.
 */
function unreadLineWarnings(model: TraceModel, file: string, io: CliOutput): void {
  const { unparsedLines, items } = model.diagnostics;
  if (unparsedLines === 0) return;
  let said = 0;
  for (const item of items) {
    if (item.kind !== 'unparsed' || said === MAX_INPUT_WARNINGS) continue;
    const text = item.text === undefined ? '' : ` (${JSON.stringify(item.text.trim())})`;
    io.err(`cli: warning: ${file}: line ${item.line}${text} not read: ${item.message}\n`);
    said++;
  }
  if (unparsedLines > said) {
    const more = unparsedLines - said;
    io.err(`cli: warning: ${file}: ${said > 0 ? `${more} more` : more} line${more === 1 ? '' : 's'} not read ('cli summary' counts them: unparsedLines)\n`);
  }
}

/**
 * What to say of a file that is no trace, the same for every command: why (empty, a damaged
 * or foreign file) and what is read.
 */
function unknownFormat(file: string, model: TraceModel): string {
  const items = model.diagnostics.items;
  // A file zero-filled where it begins (line-reading.ts ZERO_FILLED) has no text to be of a format.
  const zeros = beginsZeroFilled(items) ? 'it holds zero bytes (NULs) where its text should begin: it was zero-filled (by a crash, or a write or copy that did not finish)' : undefined;
  const inputError = model.diagnostics.inputErrors[0] ?? zeros ?? summaryOutputReason(items);
  const what = inputError ?? (model.diagnostics.linesRead === 0 ? 'it is empty' : 'it is not a trace format this tool reads');
  return `${file}: unknown format: ${what} (expected trace-cmd report, or kernel function_graph / function text)`;
}

/** `cli export …` (export-command.ts): the chunks go to stdout as they come. */
async function exportMain(argv: string[], workers: number, io: CliOutput): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    await io.out(`${EXPORT_HELP}\n`);
    return 0;
  }
  const args = parseExportArgs(argv);
  if (typeof args === 'string') {
    io.err(`cli export: ${args}\n${EXPORT_HELP}\n`);
    return 2;
  }
  const loaded = await loadTraceFile(args.file, { workers });
  if (loaded.format === 'unknown') {
    io.err(`cli: ${unknownFormat(args.file, loaded)}\n`);
    return 2;
  }
  inputWarnings(loaded, args.file, io);
  const model = applyIrqMode(loaded, args.irq);
  const tasks = resolveTasks(model, args.tasks);
  if (typeof tasks === 'string') {
    io.err(`cli export: ${tasks}\n`);
    return 2;
  }
  // A CPU the trace does not have is refused, as diff refuses it: its export was empty.
  for (const cpu of args.cpus) {
    const wrong = unknownCpu(model, cpu);
    if (wrong !== null) {
      io.err(`cli export: --cpu ${cpu}: ${wrong}\n`);
      return 2;
    }
  }
  const name = args.file.replace(/^.*[\\/]/, '');
  const view = exportView(model, { tasks, cpus: args.cpus });
  for (const chunk of exportChunks(view, args.format, name)) await io.out(chunk);
  // A task and a CPU it never ran on, or a task the trace names (from its sched_switch
  // lines) that made no call: the filters keep nothing, and the empty document of a
  // successful run read as a trace with nothing in it.
  if (model.calls.length > 0 && keptCalls(view) === 0) {
    const filters = [...args.tasks.map((t) => `--task ${t}`), ...args.cpus.map((c) => `--cpu ${c}`)].join(' ');
    const ran = [...new Set(tasks.flatMap((t) => model.tasks[t].cpus))].sort((x, y) => x - y);
    const they = tasks.length === 1 ? 'the task' : 'those tasks';
    const where =
      args.tasks.length === 0
        ? ''
        : args.cpus.length > 0
          ? ` (${they} ran on CPU${ran.length === 1 ? '' : 's'} ${ran.join(', ') || 'none'})`
          : ` (${they} made no function call: the trace names ${tasks.length === 1 ? 'it' : 'them'} from other events)`;
    io.err(`cli: no call in the ${args.format} export: ${filters} keep${filters.includes(' --') ? '' : 's'} none of the ${model.calls.length} calls in ${args.file}${where}\n`);
    return 0;
  }
  untimedNote(model, args.file, `no call in the ${args.format} export`, io);
  if (args.format === 'chrome' || args.format === 'speedscope') unplacedNote(model, args.file, args.format, io);
  return 0;
}

/**
 * Says on stderr why a Chrome or speedscope export, which places each call at its start,
 * is empty although calls have durations: none has a start time (the kernel's
 * function_graph text prints none without funcgraph-abstime: core/export/empty-export.ts).
 * Without it the empty document of a successful run reads as a broken trace or tool.
 */
function unplacedNote(model: TraceModel, file: string, format: string, io: CliOutput): void {
  // no-durations: untimedNote has said why.
  if (emptyExport(model.calls, format)?.reason !== 'no-starts') return;
  io.err(
    `cli: no call in the ${format} export: none of the ${model.calls.length} calls in ${file} has a start time ` +
      `(the trace prints no timestamps: record with trace-cmd, or set the funcgraph-abstime option); ` +
      `the svg and folded exports weigh calls by duration alone\n`,
  );
}
