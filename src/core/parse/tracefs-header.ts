/**
 * Document-level facts of kernel text read from its `#` header lines (docs/formats.md §2.1,
 * §3.1), and the signs that a text came from `trace-cmd report` rather than the kernel.
 * Shared by the function and function_graph parsers and their detectors.
 */
import { skipSpaces } from './fields';
import { RecordKind, type LineRecord } from './record';

const CH_HASH = 35;

/** Document facts read from `#` header lines. */
export interface TracefsMeta {
  /** `# tracer: NAME`, '' until seen. */
  tracer: string;
  /** Release named by the latency banner (`… latency trace v1.1.5 on 6.1.0-56-amd64`), '' until seen. */
  kernelRelease: string;
}

const TRACER_RE = /#\s*tracer:\s*(\S+)/y;
const LAT_BANNER_RE = /#\s*(\S+)\s+latency trace v\S+\s+on\s+(\S+)/y;

/** Reads the facts a `#` line at `p` may carry into `meta`. Called for header lines only. */
export function readHeaderLine(s: string, p: number, meta: TracefsMeta): void {
  TRACER_RE.lastIndex = p;
  let m = TRACER_RE.exec(s);
  if (m) {
    meta.tracer = m[1];
    return;
  }
  LAT_BANNER_RE.lastIndex = p;
  m = LAT_BANNER_RE.exec(s);
  if (m) {
    if (!meta.tracer) meta.tracer = m[1];
    meta.kernelRelease = m[2];
  }
}

const REPORT_PREAMBLE_RE = /^(?:cpus=\d+|version = \d+|CPU \d+ is empty)$/;

/**
 * Whether `lines` are `trace-cmd report` of a latency tracer's trace.dat (record -p irqsoff,
 * preemptoff, preemptirqsoff, wakeup, wakeup_rt): such a file holds the tracefs `trace` text
 * itself (trace-output.c tracecmd_create_file_latency copies it), and report prints
 * `cpus=N` and then that text as it is (trace-read.c read_data_info, read_latency), whose
 * first line is the kernel's `# tracer: NAME` (trace.c s_show). The lines are then the
 * kernel's text, not trace-cmd records, whatever the preamble says.
 */
export function isLatencyReport(lines: readonly string[]): boolean {
  let preamble = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (REPORT_PREAMBLE_RE.test(line)) {
      preamble = true;
      continue;
    }
    return preamble && /^#\s*tracer:/.test(line);
  }
  return false;
}

/**
 * The `cpus=N` line that `trace-cmd report` prints before a latency tracer's text
 * (isLatencyReport) at `p`: a preamble line with the CPU count, read as the trace-cmd parser
 * reads it rather than as a line of the kernel's that failed to parse.
 */
export function parseCpusLine(s: string, p: number, out: LineRecord): boolean {
  if (!s.startsWith('cpus=', p)) return false;
  const m = /^cpus=(\d+)\s*$/.exec(s.slice(p));
  if (!m) return false;
  out.kind = RecordKind.Preamble;
  out.count = Number(m[1]);
  return true;
}

/**
 * Signs that the text was printed by `trace-cmd report`, not by the kernel: the
 * `cpus=N` preamble and event names the kernel's own text never uses. A latency tracer's
 * report (isLatencyReport) is the kernel's text behind the preamble: not a sign.
 */
export function looksLikeTraceCmd(lines: readonly string[]): boolean {
  if (isLatencyReport(lines)) return false;
  let seenRecord = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.length === 0 || line.charCodeAt(0) === CH_HASH) continue;
    if (!seenRecord && /^(?:\S.*?: )?(?:cpus=\d+|version = \d+|CPU \d+ is empty)$/.test(line)) return true;
    seenRecord = true;
    if (
      line.includes(': funcgraph_entry:') ||
      line.includes(': funcgraph_exit:') ||
      line.includes(': fgraph_retaddr_entry:') ||
      line.includes(': function: ') ||
      line.includes(': kernel_stack: ') ||
      line.includes(': func_repeats: ')
    ) {
      return true;
    }
  }
  return false;
}

/** The tracer named by a `# tracer:` line among `lines`, '' when there is none. */
export function headerTracer(lines: readonly string[]): string {
  const meta: TracefsMeta = { tracer: '', kernelRelease: '' };
  for (const line of lines) {
    const p = skipSpaces(line, 0);
    if (line.charCodeAt(p) === CH_HASH) {
      readHeaderLine(line, p, meta);
      if (meta.tracer) return meta.tracer;
    }
  }
  return '';
}
