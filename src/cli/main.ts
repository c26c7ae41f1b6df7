/**
 * `npm run --silent cli -- summary FILE`, `… folded FILE` and `… diff A B` (diff.ts): the
 * same core as the app, in Node. FILE may be gzip, or trace-cmd's binary trace.dat.
 * `--irq in-place|apart|hidden` picks how interrupt time counts (core/model/interrupt-mode.ts;
 * in place when left out). `cli export` writes the flame graph SVG, folded, Chrome or
 * speedscope files (export-command.ts).
 * Failures print one line and exit with status 2.
 */
import { availableParallelism } from 'node:os';
import { loadTraceFile } from './load-file';
import { applyIrqMode, IRQ_MODES, isIrqMode, type IrqMode } from '../core/model/interrupt-mode';
import { summarize } from '../core/query/summary';
import { foldedLines } from '../core/query/folded';
import { EXPORT_HELP, exportChunks, parseExportArgs, resolveTasks } from './export-command';
import { DIFF_USAGE, runDiff } from './diff';

const USAGE = `usage: cli [--workers N] (summary|folded) [--irq ${IRQ_MODES.join('|')}] FILE\n       ${DIFF_USAGE}\n       cli export --help`;

const HELP = `${USAGE}

  summary FILE   JSON: format, counts, diagnostics, tasks, per-function statistics
  folded FILE    folded stacks "task;f1;f2 self_ns" (flamegraph.pl's input)
    --irq MODE     how interrupt time counts: in-place (default), apart, hidden
  diff A [B]     JSON: every function of either trace, calls/totalNs/selfNs on each side
                 (B omitted: A against itself, through the side filters below)
    --folded       "path selfA selfB" lines instead (difffolded.pl's output, flamegraph.pl's input)
    --keep-tasks   keep the task as the first frame of each path (dropped by default)
    --task-a T, --task-b T   a side's tasks: comm, comm-pid or pid, comma-separated
    --cpu-a N, --cpu-b N     a side's CPUs, comma-separated
  export         flame graph SVG, folded, Chrome trace JSON, speedscope (cli export --help)
  --workers N    threads that parse a plain text file, each its own part (default 1: the
                 join is still one thread, so more are not yet faster; this machine has
                 ${availableParallelism()} cores); the model is the same for every N
`;

/**
 * `--workers N` anywhere in the arguments (every command reads files): the count and the
 * other arguments; null when N is not a whole number from 1 to 256.
 */
function takeWorkers(argv: string[]): { workers: number; rest: string[] } | null {
  const rest: string[] = [];
  // One by default: with the build still one pass over the joined records, 2 threads
  // measured slower than 1 on a 2-core machine (README, Performance). Opt in with N.
  let workers = 1;
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = a === '--workers' ? argv[++k] : a.startsWith('--workers=') ? a.slice(10) : undefined;
    if (value === undefined && a !== '--workers') {
      rest.push(a);
      continue;
    }
    if (value === undefined || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 256) return null;
    workers = Number(value);
  }
  return { workers, rest };
}

/** Parse threads for every file this run reads (`--workers`). */
let parseWorkers = 1;

/** The command, the file and the interrupt mode, or null when the arguments do not fit. */
function parseArgs(argv: string[]): { command: 'summary' | 'folded'; file: string; irq: IrqMode } | null {
  const rest: string[] = [];
  let irq: IrqMode = 'in-place';
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const value = a === '--irq' ? argv[++k] : a.startsWith('--irq=') ? a.slice(6) : undefined;
    if (value === undefined && a !== '--irq') {
      rest.push(a);
      continue;
    }
    if (!isIrqMode(value)) return null;
    irq = value;
  }
  const [command, file] = rest;
  if ((command !== 'summary' && command !== 'folded') || !file || rest.length !== 2) return null;
  return { command, file, irq };
}

async function main(all: string[]): Promise<number> {
  const taken = takeWorkers(all);
  if (!taken) {
    process.stderr.write(`cli: --workers takes a whole number from 1 to 256\n${USAGE}\n`);
    return 2;
  }
  parseWorkers = taken.workers;
  const argv = taken.rest;
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (argv[0] === 'diff') {
    await runDiff(argv.slice(1), loadTrace, write);
    return 0;
  }
  if (argv[0] === 'export') return exportMain(argv.slice(1));
  const args = parseArgs(argv);
  if (!args) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { command, file } = args;
  const loaded = await loadTraceFile(file, { workers: parseWorkers });
  const model = loaded.format === 'unknown' ? loaded : applyIrqMode(loaded, args.irq);
  if (model.format === 'unknown') {
    const inputError = model.diagnostics.inputErrors[0];
    const what = inputError ?? (model.diagnostics.linesRead === 0 ? 'it is empty' : 'it is not a trace format this tool reads');
    process.stderr.write(`cli: ${file}: unknown format: ${what} (expected trace-cmd report, or kernel function_graph / function text)\n`);
    return 2;
  }
  if (command === 'summary') {
    process.stdout.write(JSON.stringify(summarize(model), null, 1) + '\n');
  } else {
    let buf = '';
    for (const line of foldedLines(model)) {
      buf += line + '\n';
      if (buf.length > 1 << 16) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
  }
  return 0;
}

/** `cli export …` (export-command.ts): the chunks go to stdout as they come. */
async function exportMain(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${EXPORT_HELP}\n`);
    return 0;
  }
  const args = parseExportArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`cli export: ${args}\n${EXPORT_HELP}\n`);
    return 2;
  }
  const loaded = await loadTraceFile(args.file, { workers: parseWorkers });
  if (loaded.format === 'unknown') {
    process.stderr.write(`cli: ${args.file}: unknown format\n`);
    return 2;
  }
  const model = applyIrqMode(loaded, args.irq);
  const tasks = resolveTasks(model, args.tasks);
  if (typeof tasks === 'string') {
    process.stderr.write(`cli export: ${tasks}\n`);
    return 2;
  }
  const name = args.file.replace(/^.*[\\/]/, '');
  for (const chunk of exportChunks(model, args.format, { tasks, cpus: args.cpus }, name)) await write(chunk);
  return 0;
}

/** A trace model from a file, or an error naming why it is not one (diff's sides). */
async function loadTrace(file: string) {
  const model = await loadTraceFile(file, { workers: parseWorkers });
  if (model.format === 'unknown') throw new Error(`${file}: unknown format: not a trace format this tool reads`);
  return model;
}

/**
 * Writes to stdout and, when its buffer is full, waits for it to drain: a pipe to a slower
 * reader would otherwise hold all of the output in memory.
 */
function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

// `… | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`cli: ${message}\n`);
    process.exitCode = 2;
  },
);
