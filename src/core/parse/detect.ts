/**
 * Picks the input format from the first lines of a document (not from a file name).
 * Each format module exports a detector; the highest score wins.
 */
import type { FormatDetector, FormatId } from './record';
import { summaryOutputLines } from './summary-output';
import { RECORD_RE, traceCmdReportDetector } from './trace-cmd-report';
import { tracefsFunctionDetector } from './tracefs-function';
import { tracefsGraphDetector } from './tracefs-graph';

const DETECTORS: readonly FormatDetector[] = [
  traceCmdReportDetector,
  tracefsGraphDetector,
  tracefsFunctionDetector,
];

/** Below this score a document is not taken for any format. */
const MIN_SCORE = 0.2;

/** How many non-blank lines detection looks at (and the byte cap for them). */
export const DETECT_LINES = 200;
export const DETECT_BYTES = 256 * 1024;

export function detectFormat(firstLines: readonly string[]): FormatDetector | undefined {
  let best: FormatDetector | undefined;
  let bestScore = MIN_SCORE;
  for (const d of DETECTORS) {
    const s = d.score(firstLines);
    if (s > bestScore) {
      best = d;
      bestScore = s;
    }
  }
  // `trace-cmd report --profile` / `--stat` start with report's own `cpus=N`, which alone
  // would make them a report of no record: summary lines and no record are no trace at all.
  // (Kernel text is left alone: its lines are no trace-cmd records, and a trace_printk
  // continuation line may read like a summary line.)
  if ((best === undefined || best === traceCmdReportDetector) && summaryOutputLines(firstLines) > 0 && !firstLines.some((l) => RECORD_RE.test(l))) {
    return undefined;
  }
  return best;
}

/** The detector (and so the parser) of a format by its id; undefined for formats no line parser reads. */
export function detectorFor(id: FormatId): FormatDetector | undefined {
  return DETECTORS.find((d) => d.id === id);
}

export function formatName(id: FormatId): string {
  switch (id) {
    case 'trace-cmd-report':
      return 'trace-cmd report';
    case 'trace-cmd-dat':
      return 'trace-cmd trace.dat (binary)';
    case 'tracefs-function-graph':
      return 'kernel function_graph text (tracefs trace / trace_pipe)';
    case 'tracefs-function':
      return 'kernel function tracer text';
    case 'unknown':
      return 'unknown';
  }
}
