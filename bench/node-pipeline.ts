/**
 * One Node measurement in a fresh process, so peak RSS and heap belong to it alone:
 *
 *   node --import tsx bench/node-pipeline.ts MODE FILE [CHUNK_BYTES]
 *
 * MODE:
 *   read      read the file in 1 MiB chunks and count the bytes (the I/O floor)
 *   lines     read + find every line end in the bytes (Buffer.indexOf(10)): the floor of a
 *             byte-level line splitter
 *   decode    read + streaming UTF-8 decode (TextDecoder), the step before line splitting
 *   pipeline  read → TraceLoader.pushBytes → finish() → computeFunctionStats (what the CLI does)
 *   dat       a trace.dat: loadTraceDat over a file handle (the CLI's fileSource) → computeFunctionStats
 *   records   the text's read stage alone: read → the one-pass parsers (range-parser.ts, one range)
 *             → records counted, no model built (what issue 14 compares a binary record's decode with)
 *   dat-records  a trace.dat's read stage alone: read → decode → the CPUs' streams merged →
 *             records counted, no model built
 *   parallel  the CLI's load with WORKERS parse threads (src/cli/load-file.ts: each thread reads
 *             and parses its own range, the main thread joins them) → computeFunctionStats;
 *             needs the 4th argument: node --import tsx bench/node-pipeline.ts parallel FILE CHUNK WORKERS
 *
 * Prints one JSON line (NodeResult) on stdout. Memory is sampled every 20 ms while chunks
 * stream and right after each synchronous phase; `maxRss` is the kernel's true peak (VmHWM).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TraceLoader } from '../src/core/load';
import { computeFunctionStats } from '../src/core/query/function-stats';
import { readFileChunks } from '../src/cli/read-chunks';
import { open } from 'node:fs/promises';
import { fileSource } from '../src/cli/file-source';
import { loadTraceDat } from '../src/core/trace-dat/load-trace-dat';
import type { TraceModel } from '../src/core/model/tables';

import { loadTraceFile } from '../src/cli/load-file';
import { countDatRecords, countTextRecords } from './read-stage';
import { readHead } from '../src/cli/parallel-load';
import { PLAN_HEAD_BYTES } from '../src/core/parallel/plan';
import { selfPeakRss } from './peak-rss';

/**
 * CPU time and minor page faults (first touches of fresh memory) of each thread of this
 * process that has used 50 ms of CPU or more, from /proc (Linux; '' elsewhere): told at a
 * parallel load's phases where a range is parsed, before its worker thread is let go, so
 * that the main thread's share and the worker's are seen apart. "main" is the main thread.
 */
function threadFigures(): string {
  try {
    const out: string[] = [];
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = 1000 / 100; // ms a clock tick (USER_HZ is 100 on Linux)
      const cpuMs = (Number(f[11]) + Number(f[12])) * ticks;
      if (cpuMs < 50) continue;
      out.push(`${Number(tid) === process.pid ? 'main' : `thread ${tid}`} ${cpuMs} ms CPU, ${f[7]} faults`);
    }
    return out.join(', ');
  } catch {
    return '';
  }
}

export type NodeMode = 'read' | 'lines' | 'decode' | 'records' | 'dat-records' | 'pipeline' | 'dat' | 'parallel';

export interface MemoryPeak {
  /** Peak of sampled process.memoryUsage().rss. */
  rss: number;
  /** The kernel's peak for this process (VmHWM; ru_maxrss off Linux): the true peak, sampled or not. */
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
  /** ArrayBuffer backing stores (typed arrays of the model live here, not on the JS heap). */
  arrayBuffers: number;
  external: number;
}

export interface NodeResult {
  mode: NodeMode;
  file: string;
  bytes: number;
  chunks: number;
  /** Whole measurement: open → last byte (→ finish → stats for the pipeline). */
  wallMs: number;
  /** Reading (and for the pipeline, parsing and building) until the last chunk. */
  streamMs: number;
  finishMs: number;
  statsMs: number;
  /** CPU time (user + system) of the measurement: less sensitive to a busy machine than wall time. */
  cpuMs: number;
  /** Kernel part of cpuMs: mostly page faults on fresh memory (see minorFaults). */
  systemMs: number;
  /** Minor page faults during the measurement (first touches of freshly allocated pages). */
  minorFaults: number;
  /** Parse threads of a `parallel` measurement (1 for the others). */
  workers: number;
  /** A parallel load's phases, each with its time since the start (ms). */
  phases?: string[];
  calls: number;
  callTableBytes: number;
  lines: number;
  tasks: number;
  functions: number;
  statsRows: number;
  events: number;
  unparsedLines: number;
  orphanExits: number;
  unclosedCalls: number;
  memory: MemoryPeak;
  node: string;
}

class MemorySampler {
  readonly peak: MemoryPeak = { rss: 0, maxRss: 0, heapUsed: 0, heapTotal: 0, arrayBuffers: 0, external: 0 };
  private timer: NodeJS.Timeout | undefined;

  start(everyMs: number): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const m = process.memoryUsage();
    const p = this.peak;
    if (m.rss > p.rss) p.rss = m.rss;
    if (m.heapUsed > p.heapUsed) p.heapUsed = m.heapUsed;
    if (m.heapTotal > p.heapTotal) p.heapTotal = m.heapTotal;
    if (m.arrayBuffers > p.arrayBuffers) p.arrayBuffers = m.arrayBuffers;
    if (m.external > p.external) p.external = m.external;
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    // VmHWM; off Linux, getrusage's (which would count a parent's peak: peak-rss.ts).
    this.peak.maxRss = selfPeakRss() ?? process.resourceUsage().maxRSS * 1024;
    return this.peak;
  }
}

async function measure(mode: NodeMode, file: string, chunkBytes = 1 << 20, workers = 1): Promise<NodeResult> {
  const mem = new MemorySampler();
  mem.start(20);
  const r: NodeResult = {
    mode,
    file,
    bytes: 0,
    chunks: 0,
    wallMs: 0,
    streamMs: 0,
    finishMs: 0,
    statsMs: 0,
    cpuMs: 0,
    systemMs: 0,
    minorFaults: 0,
    workers,
    calls: 0,
    callTableBytes: 0,
    lines: 0,
    tasks: 0,
    functions: 0,
    statsRows: 0,
    events: 0,
    unparsedLines: 0,
    orphanExits: 0,
    unclosedCalls: 0,
    memory: mem.peak,
    node: process.version,
  };
  const cpu0 = process.cpuUsage();
  const faults0 = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  // As the CLI reads a plain file: two reused buffers (src/cli/read-chunks.ts).
  const stream = readFileChunks(file, chunkBytes);
  if (mode === 'read') {
    for await (const chunk of stream) {
      r.bytes += chunk.byteLength;
      r.chunks++;
    }
  } else if (mode === 'lines') {
    for await (const chunk of stream) {
      const b = chunk;
      r.bytes += b.byteLength;
      r.chunks++;
      for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, nl + 1)) r.lines++;
    }
  } else if (mode === 'decode') {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    let chars = 0;
    for await (const chunk of stream) {
      r.bytes += chunk.byteLength;
      r.chunks++;
      chars += decoder.decode(chunk, { stream: true }).length;
    }
    chars += decoder.decode().length;
    r.lines = chars; // not lines: keeps the decoded text observably used
  } else if (mode === 'records') {
    const size = statSync(file).size;
    const counted = await countTextRecords(await readHead(file, Math.min(size, PLAN_HEAD_BYTES)), stream, size);
    r.bytes = size;
    r.lines = counted;
  } else if (mode === 'dat-records') {
    const handle = await open(file, 'r');
    const size = (await handle.stat()).size;
    r.lines = await countDatRecords(fileSource(handle, size));
    await handle.close();
    r.bytes = size;
  } else if (mode === 'parallel') {
    const phases: string[] = [];
    const model = await loadTraceFile(file, {
      workers,
      chunkSize: chunkBytes,
      onPhase: (what) => phases.push(`${what} ${(performance.now() - t0).toFixed(0)} ms${/parsed|joined/.test(what) ? ` [${threadFigures()}]` : ''}`),
    });
    r.phases = phases;
    const t1 = performance.now();
    r.streamMs = t1 - t0;
    r.bytes = model.textBytes;
    mem.sample();
    const stats = computeFunctionStats(model.calls, model.strings);
    r.statsMs = performance.now() - t1;
    r.calls = model.calls.length;
    r.callTableBytes = model.calls.byteSize;
    r.lines = model.diagnostics.linesRead;
    r.tasks = model.tasks.length;
    r.functions = model.strings.size;
    r.statsRows = stats.length;
    r.events = model.events.length;
    r.unparsedLines = model.diagnostics.unparsedLines;
    r.orphanExits = model.diagnostics.orphanExits;
    r.unclosedCalls = model.diagnostics.unclosedCalls;
  } else {
    let model: TraceModel;
    let t1: number;
    if (mode === 'dat') {
      // Read at random by the binary reader; no text. Its model is finished as it is read.
      const handle = await open(file, 'r');
      const size = (await handle.stat()).size;
      model = await loadTraceDat(fileSource(handle, size));
      await handle.close();
      r.bytes = size;
      t1 = performance.now();
      r.streamMs = t1 - t0;
    } else {
      // As the CLI and the app do: the input size sizes the call table.
      const loader = new TraceLoader(statSync(file).size);
      for await (const chunk of stream) {
        r.bytes += chunk.byteLength;
        r.chunks++;
        loader.pushBytes(chunk);
      }
      t1 = performance.now();
      r.streamMs = t1 - t0;
      mem.sample();
      model = loader.finish();
    }
    const t2 = performance.now();
    r.finishMs = t2 - t1;
    mem.sample();
    const stats = computeFunctionStats(model.calls, model.strings);
    const t3 = performance.now();
    r.statsMs = t3 - t2;
    mem.sample();
    r.calls = model.calls.length;
    r.callTableBytes = model.calls.byteSize;
    r.lines = model.diagnostics.linesRead;
    r.tasks = model.tasks.length;
    r.functions = model.strings.size;
    r.statsRows = stats.length;
    r.events = model.events.length;
    r.unparsedLines = model.diagnostics.unparsedLines;
    r.orphanExits = model.diagnostics.orphanExits;
    r.unclosedCalls = model.diagnostics.unclosedCalls;
  }
  const end = performance.now();
  if (mode !== 'pipeline' && mode !== 'dat' && mode !== 'parallel') r.streamMs = end - t0;
  r.wallMs = end - t0;
  const cpu = process.cpuUsage(cpu0);
  r.cpuMs = (cpu.user + cpu.system) / 1000;
  r.systemMs = cpu.system / 1000;
  r.minorFaults = process.resourceUsage().minorPageFault - faults0;
  r.memory = mem.stop();
  return r;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Positional only: parseArgs refuses any --option.
  const [mode, file, chunk, workers] = parseArgs({ allowPositionals: true, strict: true, options: {} }).positionals;
  if (!['read', 'lines', 'decode', 'records', 'dat-records', 'pipeline', 'dat', 'parallel'].includes(mode) || !file) {
    console.error('usage: node --import tsx bench/node-pipeline.ts read|lines|decode|records|dat-records|pipeline|dat|parallel FILE [CHUNK_BYTES [WORKERS]]');
    process.exit(2);
  }
  measure(mode as NodeMode, file, chunk ? Number(chunk) : undefined, workers ? Number(workers) : 1).then(
    (r) => console.log(JSON.stringify(r)),
    (err) => {
      console.error(err instanceof Error ? err.stack : String(err));
      process.exit(1);
    },
  );
}
