/**
 * What the input is counted in, for the words around its counts and positions: a text
 * trace's lines, or a trace.dat's records (it has no text lines: its "line" numbers are
 * the order of its records, as the flame chart's card says). A latency tracer's trace.dat
 * is read as its kernel text, so its format is the text's and its unit is lines.
 */
import type { FormatId } from '../core/parse/record';

export interface InputUnit {
  /** `line` or `record`. */
  one: string;
  /** `lines` or `records`. */
  many: string;
}

const LINES: InputUnit = { one: 'line', many: 'lines' };
const RECORDS: InputUnit = { one: 'record', many: 'records' };

export function inputUnit(format: FormatId | undefined): InputUnit {
  return format === 'trace-cmd-dat' ? RECORDS : LINES;
}

/** `word` with its first letter upper-case (a label that starts a sentence or a column). */
export function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export type DiagnosticCountKey =
  | 'unparsedLines'
  | 'orphanExits'
  | 'unclosedCalls'
  | 'dropMarkers'
  | 'droppedEvents'
  | 'depthGaps'
  | 'nameMismatches'
  | 'timeBackwards';

/** The diagnostics' counts and their labels, in the order the Summary and compare's Sides show them. */
export function diagnosticCounts(unit: InputUnit): readonly (readonly [key: DiagnosticCountKey, label: string])[] {
  return [
    ['unparsedLines', `${capitalized(unit.many)} not understood`],
    ['orphanExits', 'Exits without entry'],
    ['unclosedCalls', 'Calls never closed'],
    ['dropMarkers', 'Lost-event markers'],
    ['droppedEvents', 'Events lost'],
    ['depthGaps', 'Depth gaps'],
    ['nameMismatches', 'Exit name mismatches'],
    ['timeBackwards', 'Times going back on a CPU'],
  ];
}

/** The Diagnostics panel's line when nothing is to report. */
export function nothingToReport(unit: InputUnit): string {
  return `Every ${unit.one} was understood; nothing had to be repaired.`;
}
