/**
 * The reader on the recorded trace.dat files of test/traces, against trace-cmd's own
 * `report -R` of the same files (test/traces/README.md):
 *
 * - record by record, in trace-cmd's order: CPU, pid, task name, time (the report prints
 *   microseconds), event, function, depth, the kernel's calltime and duration, and every
 *   other event's `field=value` text;
 * - the models: per function calls, total and self time, per task, the repairs;
 * - the version 6 and uncompressed copies that `trace-cmd convert` made give the same model.
 *
 * Symbols that share an address get trace-cmd's name (kallsyms.ts), except that a section
 * marker trace-cmd prints (`__softirqentry_text_start`) is the function at its address.
 */
import { describe, expect, it } from 'vitest';
import { CallFlag } from '../model/call-table';
import type { TraceModel } from '../model/tables';
import { createRecord, RecordKind, type LineRecord } from '../parse/record';
import { TraceCmdReportParser } from '../parse/trace-cmd-report';
import { summarize, type TraceSummary } from '../query/summary';
import { loadBytes, traceBytes, traceText } from '../../test-utils/traces';
import { isSectionMarker, Kallsyms } from './kallsyms';
import { loadTraceDat } from './load-trace-dat';
import { releaseOfUname } from './metadata';
import { readMetadata } from './read-metadata';
import { readTraceDat } from './read-records';
import { memorySource } from './source';

/** Each recorded .dat and trace-cmd's -R report of it. */
const FILES = [
  ['01-seed-curl-fgraph.dat', '05-seed-report-raw.txt.gz'],
  ['02-midstream-nc-fgraph.dat', '02-midstream-nc-fgraph.report-raw.txt.gz'],
  ['03-systemwide-sched-irq.dat', '03-systemwide-sched-irq.report-raw.txt.gz'],
  ['06-function-curl.dat', '06-function-curl.report-raw.txt.gz'],
  ['06-function-stacktrace.dat', '06-function-stacktrace.report-raw.txt'],
] as const;

/** Events printed as `trace-cmd report` prints them, not as -R does (event-formatters.ts). */
const FORMATTED = new Set(['sched_switch', 'sched_wakeup', 'sched_wakeup_new', 'irq_handler_entry', 'irq_handler_exit', 'softirq_entry', 'softirq_exit', 'softirq_raise']);

/**
 * The one place the reader departs from trace-cmd's name (kallsyms.ts): where trace-cmd
 * prints a section marker (`__softirqentry_text_start`), the reader prints the function at
 * that address. Marker → that function; every other name must be trace-cmd's exactly.
 */
async function aliasMap(bytes: Uint8Array): Promise<Map<string, string>> {
  const { meta } = await readMetadata(memorySource(bytes));
  const ks = new Kallsyms(meta.kallsyms);
  const out = new Map<string, string>();
  for (const line of new TextDecoder().decode(meta.kallsyms).split('\n')) {
    const m = /^([0-9a-f]+) [^Aa] (\S+)/.exec(line);
    if (!m || !isSectionMarker(m[2])) continue;
    const addr = m[1].padStart(16, '0');
    const name = ks.name(parseInt(addr.slice(0, 8), 16), parseInt(addr.slice(8), 16));
    if (!isSectionMarker(name)) out.set(m[2], name);
  }
  return out;
}

/** One record as the comparison sees it; `ts` in microseconds, rounded as the report prints it (libtraceevent print_event_time: `(ts + 500) / 1000`). */
function key(r: LineRecord, alias: Map<string, string>): string {
  const canon = (n: string) => alias.get(n) ?? n;
  const us = Math.floor((r.tsNs + 500) / 1000);
  switch (r.kind) {
    case RecordKind.Entry:
      return `${r.cpu} ${r.comm}-${r.pid} ${us} entry ${canon(r.name)} ${r.depth}`;
    case RecordKind.Exit:
      return `${r.cpu} ${r.comm}-${r.pid} ${us} exit ${canon(r.name)} ${r.depth} ${r.callTimeNs} ${r.durNs}`;
    case RecordKind.FunctionCall:
      return `${r.cpu} ${r.comm}-${r.pid} ${us} function ${canon(r.name)} <- ${canon(r.parentName)}`;
    case RecordKind.Event:
      // -R prints a kernel_stack's raw array; the reader its frames (checked against the pretty
      // report below). The formatted events print as the pretty report does (checked below too).
      return `${r.cpu} ${r.comm}-${r.pid} ${us} ${r.name}: ${r.name === 'kernel_stack' || FORMATTED.has(r.name) ? '' : r.text}`;
    case RecordKind.Lost:
      return `lost ${r.cpu} ${r.count}`;
    default:
      return `kind ${r.kind} ${r.name}`;
  }
}

/** The -R report's records, with `function: ip=F parent_ip=P` read into name and caller. */
function reportKeys(text: string, alias: Map<string, string>): string[] {
  const parser = new TraceCmdReportParser();
  const r = createRecord();
  const out: string[] = [];
  for (const line of text.split('\n')) {
    parser.parseLine(line, 0, r);
    if (r.kind === RecordKind.Preamble || r.kind === RecordKind.Blank) continue;
    if (r.kind === RecordKind.FunctionCall) {
      const m = /^ip=(\S+) parent_ip=(\S+)$/.exec(r.name);
      if (m) {
        r.name = m[1];
        r.parentName = m[2];
      }
    }
    out.push(key(r, alias));
  }
  return out;
}

async function binaryKeys(bytes: Uint8Array, alias: Map<string, string>): Promise<{ keys: string[]; errors: string[] }> {
  const keys: string[] = [];
  const errors: string[] = [];
  const record = (r: LineRecord) => {
    if (r.kind !== RecordKind.StackFrame) keys.push(key(r, alias));
  };
  await readTraceDat(memorySource(bytes), { record, error: (m) => errors.push(m) });
  return { keys, errors };
}

/** Summary functions with aliased names merged under the reader's name. */
function functionsByName(s: TraceSummary, alias: Map<string, string>): Map<string, { calls: number; totalNs: number; selfNs: number }> {
  const out = new Map<string, { calls: number; totalNs: number; selfNs: number }>();
  for (const f of s.functions) {
    const name = alias.get(f.name) ?? f.name;
    const row = out.get(name) ?? { calls: 0, totalNs: 0, selfNs: 0 };
    row.calls += f.calls;
    row.totalNs += f.totalNs ?? 0;
    row.selfNs += f.selfNs ?? 0;
    out.set(name, row);
  }
  return out;
}

interface CallSums {
  calls: number;
  totalNs: number;
  selfNs: number;
}

/**
 * Per function (aliased names merged), the calls that returned and those that did not,
 * apart. A call that never returned lasts until its task was last seen (builder.ts rule 7):
 * the binary knows that time to the nanosecond, the -R text only as printed (to the µs).
 */
function callsByName(m: TraceModel, alias: Map<string, string>): Map<string, { returned: CallSums; open: CallSums }> {
  const out = new Map<string, { returned: CallSums; open: CallSums }>();
  const c = m.calls;
  for (let i = 0; i < c.length; i++) {
    const raw = m.strings.get(c.func[i]);
    const name = alias.get(raw) ?? raw;
    let row = out.get(name);
    if (!row) out.set(name, (row = { returned: { calls: 0, totalNs: 0, selfNs: 0 }, open: { calls: 0, totalNs: 0, selfNs: 0 } }));
    const sums = c.flags[i] & CallFlag.Unclosed ? row.open : row.returned;
    sums.calls++;
    sums.totalNs += c.duration[i];
    sums.selfNs += c.self[i];
  }
  return out;
}

function tasksOf(s: TraceSummary): string[] {
  return s.tasks.map((t) => `${t.comm}-${t.pid} cpus=${t.cpus.join(',')} calls=${t.calls} depth=${t.maxDepth}`).sort();
}

describe.each(FILES)('%s against trace-cmd report -R', (dat, raw) => {
  const bytes = traceBytes(dat);

  it('gives the same records in the same order', async () => {
    const alias = await aliasMap(bytes);
    const { keys, errors } = await binaryKeys(bytes, alias);
    expect(errors).toEqual([]);
    const expected = reportKeys(traceText(raw), alias);
    expect(keys.length).toBe(expected.length);
    let differing = 0;
    let first = -1;
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] !== expected[k]) {
        differing++;
        if (first < 0) first = k;
      }
    }
    expect({ differing, first: first < 0 ? '' : `${keys[first]}  ≠  ${expected[first]}` }).toEqual({ differing: 0, first: '' });
  }, 60_000);

  it('gives the same model: per function calls, total and self, per task, the repairs', async () => {
    const alias = await aliasMap(bytes);
    const datModel = await loadTraceDat(memorySource(bytes));
    const textModel = loadBytes(traceBytes(raw));
    const fromDat = summarize(datModel);
    const fromText = summarize(textModel);
    expect(fromDat.format).toBe('trace-cmd-dat');
    expect(fromDat.calls).toBe(fromText.calls);
    expect(fromDat.events).toBe(fromText.events);
    expect(tasksOf(fromDat)).toEqual(tasksOf(fromText));
    const d = (s: TraceSummary) => {
      const { orphanExits, unclosedCalls, dropMarkers, droppedEvents, depthGaps, nameMismatches, timeBackwards, inputErrors } = s.diagnostics;
      return { orphanExits, unclosedCalls, dropMarkers, droppedEvents, depthGaps, nameMismatches, timeBackwards, inputErrors };
    };
    expect(d(fromDat)).toEqual(d(fromText));
    // The -R report's function lines are not read by the text parser (`ip=… parent_ip=…` as
    // one name): for those files the names come from the records test above.
    if (fromText.functions.some((f) => f.name.startsWith('ip='))) return;
    const ours = functionsByName(fromDat, alias);
    const theirs = functionsByName(fromText, alias);
    expect(ours.size).toBe(theirs.size);
    for (const name of theirs.keys()) expect(ours.get(name)?.calls, name).toBe(theirs.get(name)?.calls);
    // Calls that returned: the kernel's own calltime and rettime on both sides, exactly.
    const datCalls = callsByName(datModel, alias);
    const textCalls = callsByName(textModel, alias);
    for (const [name, row] of textCalls) {
      const mine = datCalls.get(name);
      expect({ name, ...mine?.returned }).toEqual({ name, ...row.returned });
      // Calls that did not return end at the task's last time: the text printed it to the µs.
      expect(mine?.open.calls, name).toBe(row.open.calls);
      expect(Math.abs((mine?.open.totalNs ?? 0) - row.open.totalNs), name).toBeLessThan(1000 * Math.max(1, row.open.calls));
    }
  }, 60_000);
});

describe('trace-cmd convert copies', () => {
  async function fingerprint(name: string): Promise<string> {
    const s = summarize(await loadTraceDat(memorySource(traceBytes(name))));
    expect(s.diagnostics.inputErrors).toEqual([]);
    const fns = s.functions.map((f) => `${f.name} ${f.calls} ${f.totalNs} ${f.selfNs} ${f.p50Ns} ${f.maxNs}`);
    return [s.calls, s.events, ...tasksOf(s), ...fns].join('\n');
  }

  it('version 6 (uncompressed, sequential headers) gives the model of the version 7 zstd file', async () => {
    expect(await fingerprint('02-midstream-nc-fgraph.v6.dat.gz')).toBe(await fingerprint('02-midstream-nc-fgraph.dat'));
  }, 60_000);

  it('version 7 uncompressed gives the model of the zstd file, stack frames included', async () => {
    expect(await fingerprint('06-function-stacktrace.none.dat.gz')).toBe(await fingerprint('06-function-stacktrace.dat'));
    const a = await loadTraceDat(memorySource(traceBytes('06-function-stacktrace.none.dat.gz')));
    // The frames trace-cmd's pretty report prints under each kernel_stack.
    const pretty = loadBytes(traceBytes('06-function-stacktrace.report.txt'));
    expect(a.events.stack).toEqual(pretty.events.stack);
  }, 60_000);
});

describe('the function tracer file against its pretty report', () => {
  it('has the same calls per function and task', async () => {
    const fromDat = summarize(await loadTraceDat(memorySource(traceBytes('06-function-curl.dat'))));
    const fromText = summarize(loadBytes(traceBytes('06-function-curl.report.txt.gz')));
    const alias = await aliasMap(traceBytes('06-function-curl.dat'));
    expect(tasksOf(fromDat)).toEqual(tasksOf(fromText));
    const calls = (s: TraceSummary) => [...functionsByName(s, alias)].map(([n, r]) => `${n} ${r.calls}`).sort();
    expect(calls(fromDat)).toEqual(calls(fromText));
  }, 60_000);
});

describe('scheduler and interrupt events against the pretty report', () => {
  /**
   * Debian's libtraceevent 1.7 printed prev_state with the letters of an older kernel
   * (`SDTtZXxW`) whatever the format said; 1.8 (commit 3152506) reads them from the
   * format's __print_flags, as the reader does: on 6.1, 16 is X, 32 Z and 128 I.
   */
  const OLD_LETTERS: Record<string, string> = { W: 'I', Z: 'X', X: 'Z' };
  const newLetters = (text: string) => text.replace(/\] ([A-Za-z|]+) ==>/, (_m, st: string) => `] ${st.replace(/[WZX]/g, (c) => OLD_LETTERS[c])} ==>`);

  it('03: every sched_switch, sched_wakeup, softirq and irq event has the text trace-cmd report printed, in order', async () => {
    const events: string[] = [];
    await readTraceDat(memorySource(traceBytes('03-systemwide-sched-irq.dat')), {
      record: (r) => {
        if (r.kind === RecordKind.Event && FORMATTED.has(r.name)) events.push(`${r.cpu} ${r.comm}-${r.pid} ${r.name}: ${r.text}`);
      },
      error: (m) => expect.fail(m),
    });
    const parser = new TraceCmdReportParser();
    const r = createRecord();
    const expected: string[] = [];
    for (const line of traceText('03-systemwide-sched-irq.report.txt.gz').split('\n')) {
      parser.parseLine(line, 0, r);
      if (r.kind === RecordKind.Event && FORMATTED.has(r.name)) expected.push(`${r.cpu} ${r.comm}-${r.pid} ${r.name}: ${r.name === 'sched_switch' ? newLetters(r.text) : r.text}`);
    }
    expect(new Set(events.map((e) => e.split(' ')[2])).size).toBeGreaterThanOrEqual(4);
    expect(events.length).toBe(expected.length);
    expect(events).toEqual(expected);
  }, 60_000);
});

describe('the kernel release', () => {
  it("is read from the UNAME option's third field", async () => {
    expect(releaseOfUname('Linux tracevm 6.1.0-56-amd64 x86_64')).toBe('6.1.0-56-amd64');
    expect(releaseOfUname('Linux')).toBe('');
    expect(releaseOfUname('')).toBe('');
    // The seed was recorded on Debian's 6.1 kernel (test/traces/README.md).
    expect((await loadTraceDat(memorySource(traceBytes('01-seed-curl-fgraph.dat')))).kernelRelease).toBe('6.1.0-56-amd64');
  }, 60_000);
});
