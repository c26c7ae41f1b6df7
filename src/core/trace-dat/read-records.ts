/**
 * Reads a trace.dat's events in trace-cmd's order and hands each one, as a LineRecord,
 * to a sink: the per-CPU streams of every instance are merged by timestamp, the earliest
 * first and, on a tie, the stream listed first (instances in file order, the top one
 * first; CPUs ascending), as tracecmd_iterate_events_multi() in lib/trace-cmd/trace-input.c
 * picks them. A page whose header says events were lost becomes a drop marker before its
 * first event (`CPU:N [M EVENTS DROPPED]` in trace-cmd report).
 *
 * Streaming: only one block per CPU (a compressed chunk or a run of pages) is in memory.
 * An error in one CPU's data stops that CPU only; it is reported and the others read on.
 */
import { guessCalls } from './call-count-guess';
import { Cmdlines } from './cmdlines';
import { unmarkedLossMessages } from './cpu-stats';
import { CpuStream } from './cpu-stream';
import { TraceDatError } from './errors';
import { Kallsyms } from './kallsyms';
import { latencyText } from './latency-text';
import type { TraceDatMetadata } from './metadata';
import { pageLayout } from './page-layout';
import { readMetadata } from './read-metadata';
import type { BinaryView } from './binary-view';
import { parsePrintkFormats } from './printk-formats';
import { EventFormats, RecordDecoder, UNKNOWN_EVENT } from './record-decoder';
import type { ByteSource } from './source';
import { SymbolCache } from './symbol-cache';
import { clockCountsNs, countClockMessage } from './trace-clock';
import type { StringTable } from '../model/string-table';
import type { LineRecord } from '../parse/record';
import type { GraphRecord } from '../model/graph-record';
import { RecordMerge } from './record-merge';

export interface TraceDatSink {
  /** One record (reused for the next: copy what you keep). */
  record(r: LineRecord): void;
  /** A problem that stopped part of the reading (the rest was read). */
  error(message: string): void;
  /**
   * The text of a file of latency data (latency-text.ts), a block at a time; without it,
   * latency data is reported as not shown.
   */
  text?(chunk: Uint8Array): void;
  /**
   * Called once the headers and each CPU's first block are read, before any record, with a
   * guess of the calls the file holds (call-count-guess.ts): what a builder sizes its call
   * table by.
   */
  sized?(calls: number): void;
  /**
   * An entry and its exit, read one right after the other in the trace's order (same task,
   * CPU, depth and function): true when the sink took them as one call; false, having
   * taken neither, to get them as two `record` calls.
   */
  pair?(entry: LineRecord, exit: LineRecord): boolean;
  /**
   * The fast lane: a funcgraph entry or exit whose function's name is in `strings` already,
   * as numbers (no LineRecord): true when the sink took it; false, having taken nothing,
   * to get it as a `record` (or `pair`) instead.
   */
  graph?: (g: GraphRecord) => boolean;
  /**
   * The model's string table, when the records go to a builder: a function record then
   * carries its name's id there (`funcId`) once the builder has interned that name.
   */
  strings?: StringTable;
}

export interface ReadTraceDatOptions {
  /** Called after each block read with the bytes of the file read so far. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Asked after each block: true stops the reading (Cancel). */
  shouldStop?: () => boolean;
}

export interface TraceDatSummary {
  meta: TraceDatMetadata;
  records: number;
}

export async function readTraceDat(source: ByteSource, sink: TraceDatSink, options: ReadTraceDatOptions = {}): Promise<TraceDatSummary> {
  const { meta, decompress } = await readMetadata(source);
  const layout = pageLayout(meta.headerPage, meta.longSize);
  const formats = new EventFormats([...meta.ftraceFormats.map((text) => ({ system: 'ftrace', text })), ...meta.eventFormats]);
  const kallsyms = new Kallsyms(meta.kallsyms, layout.longSize);
  const cmdlines = new Cmdlines(meta.cmdlines);
  const symbols = new SymbolCache(kallsyms, sink.strings ?? null);
  const decoder = new RecordDecoder(formats, kallsyms, layout.longSize, (pid, comm) => cmdlines.learn(pid, comm), symbols, parsePrintkFormats(meta.printk));
  for (const message of meta.warnings) sink.error(message);
  for (const message of unmarkedLossMessages(meta.cpuStats)) sink.error(message);
  for (const name of meta.unsupported) sink.error(`the ${name} option (guest clock sync) is not applied: times are the guest's own`);
  // Counts of a clock that is not in ns (counter, uptime, x86-tsc…) are no times beside the
  // kernel's ns durations: the records go without (trace-clock.ts).
  const tscToNs = tscScale(meta) !== null;
  const clocks = [meta.clock, ...meta.buffers.filter((b) => !b.latency).map((b) => b.clock || meta.clock)];
  const countClock = clocks.find((clock) => !clockCountsNs(clock, tscToNs));
  if (countClock !== undefined) sink.error(countClockMessage(countClock));

  const scale = tscScale(meta);
  const streams: { stream: CpuStream; instance: string; callShift: number | null }[] = [];
  // A latency tracer's file holds the tracefs text instead of pages: the text parser reads it.
  // Beside ring-buffer data (never written so by trace-cmd) it would be a second trace.
  const pages = meta.buffers.some((b) => !b.latency && b.cpus.some((c) => c.size > 0));
  for (const b of meta.buffers) {
    if (b.latency) {
      if (!sink.text || pages) {
        sink.error(`instance ${JSON.stringify(b.name)} holds latency-format text, which is not shown beside the ring-buffer data`);
        continue;
      }
      let done = 0;
      try {
        for await (const chunk of latencyText(source, b, meta.version, meta.littleEndian, decompress)) {
          sink.text(chunk);
          done += chunk.length;
          // By the text's bytes: a compressed text's file bytes are not known per block.
          options.onProgress?.(Math.min(source.size, b.sectionOffset + done), source.size);
          if (options.shouldStop?.()) break;
        }
      } catch (err) {
        if (!(err instanceof TraceDatError)) throw err;
        sink.error(err.message);
      }
      continue;
    }
    const cpus = [...b.cpus].sort((x, y) => x.cpu - y.cpu);
    for (const cpu of cpus) {
      const stream = new CpuStream({
        source,
        cpu,
        pageSize: b.pageSize,
        layout,
        little: meta.littleEndian,
        decompress: b.compressed ? decompress : null,
        scale,
        section: `CPU ${cpu.cpu} data${b.name ? ` of instance ${JSON.stringify(b.name)}` : ''}`,
      });
      streams.push({ stream, instance: b.name, callShift: callTimeShift(b.clock || meta.clock, meta) });
    }
  }

  const total = source.size;
  const progress = (): void => {
    if (!options.onProgress || streams.length === 0) return;
    let read = 0;
    for (const s of streams) read += s.stream.bytesRead;
    options.onProgress(Math.min(total, read), total);
  };
  const reported = new Set<CpuStream>();
  const report = (s: CpuStream): void => {
    if (s.error && !reported.has(s)) {
      reported.add(s);
      sink.error(s.error.message);
    }
  };
  // Stopped, failed or done: nothing is left reading the file once this returns or throws.
  try {
    const ts2ns = countClock !== undefined ? () => Number.NaN : timeConverter(meta);
    for (const s of streams) {
      await s.stream.refill();
      report(s.stream);
      if (s.callShift !== null && s.stream.ready && !(ts2ns(s.stream.rec.ts) - s.callShift < MAX_LOCAL_CLOCK_NS)) s.callShift = null;
    }
    progress();
    if (sink.sized) sink.sized(guessCalls(streams.map((s) => s.stream), formats, decoder));

    // An event id with no format the reader can parse: said once per id, where it was first met.
    const unknownIds = new Set<number>();
    const reportUnknown = (view: BinaryView, at: number, id: number): void => {
      if (unknownIds.has(id)) return;
      unknownIds.add(id);
      const where = view.decompressed ? view.base : view.base + at;
      const inner = view.decompressed ? ` (at byte ${view.inner + at} of the decompressed block)` : '';
      sink.error(
        new TraceDatError(view.section, where, `an event of id ${id}, which no event format in the file describes in a form the reader can parse${inner}; its records are shown as ${UNKNOWN_EVENT}`).message,
      );
    };
    const merge = new RecordMerge({
      streams: streams.map((s) => s.stream),
      instances: streams.map((s) => s.instance),
      callShift: streams.map((s) => s.callShift),
      decoder,
      cmdlines,
      ts2ns,
      sink,
      failed: report,
      unknown: reportUnknown,
    });
    for (let stream = merge.run(); stream !== null; stream = merge.run()) {
      // Its block is used up: the next one (an error or its end shows in the stream's state).
      report(stream);
      if (stream.done) continue;
      if (options.shouldStop?.()) break;
      await stream.refill();
      report(stream);
      progress();
    }
    progress();
    const hidden = unnamedKernel(kallsyms);
    if (hidden) sink.error(hidden);
    return { meta, records: merge.records };
  } finally {
    for (const s of streams) s.stream.close();
  }
}

/**
 * Why the trace's kernel addresses have no names, when the file's kallsyms cannot name any
 * and some were looked up ('' otherwise): they then show as `0x…` everywhere, as trace-cmd
 * report prints them. trace-cmd saves /proc/kallsyms with kptr_restrict set to 0
 * (trace-output.c set_proc_kptr_restrict, read_proc_kallsyms; it saves nothing when the
 * file cannot be read), and the kernel still shows every address as 0 to a reader without
 * CAP_SYSLOG, or to anyone under kptr_restrict 2 (kallsyms_show_value, kernel/ksyms_common.c).
 */
function unnamedKernel(kallsyms: Kallsyms): string {
  if (kallsyms.unnamed === 0 || !(kallsyms.size === 0 || kallsyms.addressesHidden)) return '';
  const what = kallsyms.size === 0 ? 'holds no kallsyms' : 'lists every kallsyms symbol at address 0, the kernel having hidden their addresses from trace-cmd';
  return (
    `the file ${what}: no kernel address has a name, and the functions show as their 0x… addresses; ` +
    'record where /proc/kallsyms shows addresses (as root with CAP_SYSLOG, on the host rather than in a container without it, kptr_restrict not 2)'
  );
}

/**
 * Past this the records' times are no `local` clock times plus the file's DATE/OFFSET:
 * trace_clock_local() counts ns since boot, and 2^59 ns is 18 years. `trace-cmd split`
 * writes each record's time as trace-cmd computed it, the DATE offset of a `record --date`
 * file included (timestamp_calc, trace-input.c; write_record, trace-split.c), but copies
 * none of the options (tracecmd_copy up to TRACECMD_FILE_CMD_LINES): its records are
 * ~2^60 ns since the epoch with nothing to say so, and their calltimes still since boot.
 * A stream whose first record is past this gets no call shift (callTimeShift): its calls
 * start at their entries, as in the file split from.
 */
const MAX_LOCAL_CLOCK_NS = 2 ** 59;

/**
 * What to add to a funcgraph_exit's calltime to put it on the time line of the records of a
 * buffer with trace clock `clock`; null when nothing does. The kernel takes calltime and
 * rettime from trace_clock_local() whatever the buffer's clock (ftrace_push_return_trace in
 * kernel/trace/fgraph.c, trace_graph_entry in trace_functions_graph.c since 6.13), while
 * the records' times are the buffer's clock plus the DATE/OFFSET options. With the `local`
 * clock (trace-cmd's default; '' when the file does not say) the two differ by those
 * options only; any other clock (mono, boot, global, x86-tsc, counter…) has its own origin.
 */
function callTimeShift(clock: string, meta: TraceDatMetadata): number | null {
  if ((clock !== 'local' && clock !== '') || meta.tsc2nsec) return null;
  return meta.tsOffset;
}

/**
 * TSC2NSEC's `(count * mult) >> shift`, the first step of libtracecmd's timestamp_calc,
 * applied by the streams as they read each record (the merge orders by its result); null
 * when the file has no such option.
 */
function tscScale(meta: TraceDatMetadata): ((high: number, low: number) => number) | null {
  const tsc = meta.tsc2nsec;
  if (!tsc || !tsc.mult) return null;
  const mult = BigInt(tsc.mult);
  const shift = BigInt(tsc.shift);
  return (high, low) => Number(((BigInt(high) + BigInt(low)) * mult) >> shift);
}

/**
 * The streams' times (TSC2NSEC applied: tscScale) to the records' nanoseconds: the
 * DATE/OFFSET options, the last step of libtracecmd's timestamp_calc. The guest TIME_SHIFT
 * is not applied (reported by the caller).
 */
function timeConverter(meta: TraceDatMetadata): (ts: number) => number {
  const offset = meta.tsOffset;
  return offset === 0 ? (ts) => ts : (ts) => ts + offset;
}
