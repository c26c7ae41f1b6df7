/** The exports on the seed trace: well-formed, one item per call or frame, nested, and streamed. */
import { describe, expect, test } from 'vitest';
import { freshFacts } from '../../test-utils/fresh-facts';
import { modelFromDsl, modelFromReport, seedModel } from '../../test-utils/model-dsl';
import { validateJson } from '../../test-utils/json-schema';
import { SPEEDSCOPE_FILE_SCHEMA } from '../../test-utils/speedscope-schema';
import { traceText } from '../../test-utils/traces';
import { checkXml } from '../../test-utils/xml-check';
import { buildCallTree } from '../query/call-tree';
import { filterMask, type ViewFilter } from '../query/filter';
import { foldedLines } from '../query/folded';
import { CHUNK_CHARS, microsText } from './chunks';
import { chromeThreadIds, chromeTraceChunks, isChromeEvent } from './chrome-trace';
import { flameFramesOfTree, flameSvgChunks, xmlEscape, type SvgFrame } from './flame-svg';
import { foldedChunks } from './folded-export';
import { SPEEDSCOPE_SCHEMA, speedscopeChunks } from './speedscope';

const join = (chunks: Iterable<string>): string => [...chunks].join('');

/** trace-cmd record -C tai: times of ~1.7e18 ns, past 2^53, where a double is a multiple of 256 ns. */
const TAI_REPORT = [
  'cpus=2',
  '            curl-139   [001] 1764923456.524982: funcgraph_entry:                   |  __f_unlock_pos() {',
  '            curl-139   [001] 1764923456.524988: funcgraph_entry:        1.183 us   |    mutex_unlock();',
  '            curl-139   [001] 1764923456.524991: funcgraph_exit:         8.836 us   |  }',
  '',
].join('\n');

describe('chunks', () => {
  test('microseconds keep the nanoseconds as an exact decimal fraction', () => {
    expect(microsText(11524982123)).toBe('11524982.123');
    expect(microsText(1000)).toBe('1');
    expect(microsText(1500)).toBe('1.5');
    expect(microsText(7)).toBe('0.007');
    expect(microsText(-2500)).toBe('-2.5');
  });
});

describe('folded export', () => {
  test('equals the lines of cli folded, newline-ended, in chunks', () => {
    const m = seedModel();
    const chunks = [...foldedChunks(m)];
    expect(chunks.join('')).toBe([...foldedLines(m)].map((l) => `${l}\n`).join(''));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(CHUNK_CHARS + 4096);
  });

  test('a task filter keeps only that task', () => {
    const m = seedModel();
    const curl = m.tasks.findIndex((t) => t.comm === 'curl');
    const mask = filterMask(freshFacts(m), { tasks: [curl] });
    const lines = join(foldedChunks(m, mask)).trim().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) expect(l.startsWith('curl-139;')).toBe(true);
  });
});

describe('Chrome trace-event JSON', () => {
  type Ev = { ph: string; name: string; ts: number; dur: number; pid: number; tid: number; args: { name?: string; call?: number; clamped?: boolean } };
  test('parses; one X event per call of the selection; every event inside its parent; threads named', () => {
    const m = seedModel();
    const chunks = [...chromeTraceChunks(freshFacts(m))];
    expect(chunks.length).toBeGreaterThan(1);
    const doc = JSON.parse(chunks.join('')) as { traceEvents: Ev[]; displayTimeUnit: string };
    const xs = doc.traceEvents.filter((e) => e.ph === 'X');
    const selected: number[] = [];
    for (let i = 0; i < m.calls.length; i++) if (isChromeEvent(m, i)) selected.push(i);
    expect(selected.length).toBeGreaterThan(10000);
    expect(xs.length).toBe(selected.length);
    expect(xs.map((e) => e.args.call)).toEqual(selected);
    const eventOf = new Map<number, Ev>();
    for (const e of xs) eventOf.set(e.args.call!, e);
    const { tid } = chromeThreadIds(m);
    const ns = (us: number): number => Math.round(us * 1000);
    // Plain checks in the loop (an expect per call takes seconds), the failures listed at the end.
    const wrong: string[] = [];
    let nested = 0;
    let clamped = 0;
    for (const c of selected) {
      const e = eventOf.get(c)!;
      if (e.name !== m.strings.get(m.calls.func[c]) || e.tid !== tid[m.calls.task[c]]) wrong.push(`call ${c}: name or tid`);
      if (e.args.clamped) clamped++;
      else if (ns(e.ts) !== m.calls.start[c] || ns(e.dur) !== m.calls.duration[c]) wrong.push(`call ${c}: times differ from the trace`);
      const p = m.calls.parent[c];
      const pe = p >= 0 ? eventOf.get(p) : undefined;
      if (!pe) continue;
      nested++;
      if (ns(e.ts) < ns(pe.ts) || ns(e.ts) + ns(e.dur) > ns(pe.ts) + ns(pe.dur)) wrong.push(`call ${c} is outside its parent ${p}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(nested).toBeGreaterThan(10000);
    // Cutting to the parent or the next sibling is the exception, not the rule (3,855 of
    // 226,772 calls on the seed, mostly by a few ns: function_graph reads the clock for a
    // child's exit and its parent's at different points).
    expect(clamped).toBeGreaterThan(0);
    expect(clamped).toBeLessThan(selected.length / 50);
    const names = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(names.map((e) => e.args.name)).toContain('curl-139');
    expect(new Set(names.map((e) => e.tid))).toEqual(new Set(xs.map((e) => e.tid)));
    const processes = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name');
    expect(processes.find((e) => e.pid === 139)?.args.name).toBe('curl');
    expect(new Set(processes.map((e) => e.pid)).size).toBe(processes.length);
  });
});

describe('Chrome trace-event JSON: control characters', () => {
  test("a DEL (U+007F) in a function's or a task's name is escaped: Perfetto's tokenizer refuses a string holding a byte iscntrl() takes", () => {
    // json_trace_tokenizer.cc ReadOneJsonString, which reads the strings before an event's
    // ts (its name) and fails the whole import on one; JSON.stringify escapes only U+0000–U+001F.
    const m = modelFromReport(['cpus=1', '   a\u007fb-7     [000]    11.000001: funcgraph_entry:        1.000 us   |  f\u007fg\u0001();'].join('\n') + '\n');
    expect(m.strings.find('f\u007fg\u0001')).toBeDefined();
    const text = join(chromeTraceChunks(freshFacts(m)));
    // (newlines only between the events, none in a string)
    expect(text.match(/[\u0000-\u0009\u000b-\u001f\u007f]/g)).toBeNull();
    const doc = JSON.parse(text) as { traceEvents: { ph: string; name: string; args: { name?: string } }[] };
    expect(doc.traceEvents.filter((e) => e.ph === 'X').map((e) => e.name)).toEqual(['f\u007fg\u0001']);
    expect(doc.traceEvents.filter((e) => e.ph === 'M').map((e) => e.args.name)).toEqual(['a\u007fb-7', 'a\u007fb']);
  });
});

describe('Chrome trace-event JSON: a pid in two buffer instances', () => {
  test('each copy of the task is a thread of its own, named after its instance; no event overlaps another', () => {
    // trace-cmd record -B net: the same task recorded in two buffers, its lines interleaved,
    // each copy's calls overlapping the other's (report prefixes an instance's lines).
    const lines = ['cpus=2'];
    let us = 11_000_000;
    const at = () => `${Math.floor(us / 1e6)}.${String(us++ % 1e6).padStart(6, '0')}`;
    for (let i = 0; i < 3; i++) {
      lines.push(`                 nc-500   [000] ..... ${at()}: funcgraph_entry:                   |  a() {`);
      lines.push(`net:             nc-500   [001] ..... ${at()}: funcgraph_entry:                   |  b() {`);
      lines.push(`                 nc-500   [000] ..... ${at()}: funcgraph_exit:         2.000 us   |  }`);
      lines.push(`net:             nc-500   [001] ..... ${at()}: funcgraph_exit:         2.000 us   |  }`);
    }
    const m = modelFromReport(lines.join('\n') + '\n');
    expect(m.tasks.map((t) => [t.instance, t.pid])).toEqual([
      ['', 500],
      ['net', 500],
    ]);
    type Ev = { ph: string; name: string; ts: number; dur: number; pid: number; tid: number; args: { name?: string } };
    const events = (JSON.parse(join(chromeTraceChunks(freshFacts(m)))) as { traceEvents: Ev[] }).traceEvents;
    const xs = events.filter((e) => e.ph === 'X');
    expect(xs.length).toBe(6);
    expect(crossings(xs)).toBe(0);
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
    expect(threads.map((e) => e.args.name)).toEqual(['nc-500', 'net:nc-500']);
    expect(new Set(threads.map((e) => e.tid)).size).toBe(2);
    expect(new Set(xs.filter((e) => e.name === 'a').map((e) => e.tid))).toEqual(new Set([threads[0].tid]));
    expect(new Set(xs.filter((e) => e.name === 'b').map((e) => e.tid))).toEqual(new Set([threads[1].tid]));
    const processes = events.filter((e) => e.ph === 'M' && e.name === 'process_name');
    expect(processes.map((e) => [e.pid, e.args.name])).toEqual([
      [500, 'nc'],
      [threads[1].pid, 'net:nc'],
    ]);
  });
});

/** Events of one thread that overlap without nesting (Perfetto allows only perfect nesting). */
function crossings(events: { ts: number; dur: number; tid: number }[]): number {
  const ns = (us: number): number => Math.round(us * 1000);
  const byTid = new Map<number, [number, number][]>();
  for (const e of events) {
    const list = byTid.get(e.tid) ?? [];
    list.push([ns(e.ts), ns(e.ts) + ns(e.dur)]);
    byTid.set(e.tid, list);
  }
  let crossed = 0;
  for (const list of byTid.values()) {
    list.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
    const open: [number, number][] = [];
    for (const iv of list) {
      while (open.length > 0 && open[open.length - 1][1] <= iv[0]) open.pop();
      if (open.length > 0 && iv[1] > open[open.length - 1][1]) crossed++;
      open.push(iv);
    }
  }
  return crossed;
}

describe('Chrome trace-event JSON: siblings', () => {
  type Ev = { ph: string; name: string; ts: number; dur: number; tid: number; args: { clamped?: boolean } };
  const xEvents = (chunks: Iterable<string>): Ev[] => (JSON.parse(join(chunks)) as { traceEvents: Ev[] }).traceEvents.filter((e) => e.ph === 'X');

  test('a call printed longer than the time to its next sibling ends where that sibling starts', () => {
    // b's duration (5 µs) runs past c's entry (3 µs): the two would overlap on the thread.
    const m = modelFromDsl(`
      t-1 1 0  | a {
      t-1 1 1  |   b 5
      t-1 1 3  |   c 1
      t-1 1 10 | } 10
      t-1 1 11 | d 4
      t-1 1 12 | e 1
    `);
    const xs = xEvents(chromeTraceChunks(freshFacts(m)));
    const byName = new Map(xs.map((e) => [e.name, e]));
    expect(byName.get('b')).toMatchObject({ ts: 1, dur: 2, args: { clamped: true } });
    expect(byName.get('c')).toMatchObject({ ts: 3, dur: 1 });
    expect(byName.get('c')?.args.clamped).toBeUndefined();
    // Roots of a task too: d (11 + 4 µs) is cut at e's entry.
    expect(byName.get('d')).toMatchObject({ ts: 11, dur: 1, args: { clamped: true } });
    expect(crossings(xs)).toBe(0);
  });

  test('past 2^53 ns (trace-cmd record -C tai: 1.7e18 ns) each call keeps its own duration, not cut', () => {
    // A double there is a multiple of 256 ns: start + duration, less start, was 1.28 µs for 1.183.
    const m = modelFromReport(TAI_REPORT);
    const xs = xEvents(chromeTraceChunks(freshFacts(m)));
    expect(xs.map((e) => [e.name, e.dur, e.args.clamped])).toEqual([
      ['__f_unlock_pos', 8.836, undefined],
      ['mutex_unlock', 1.183, undefined],
    ]);
  });

  test('the seed trace (durations longer than their timestamps) exports perfectly nested events', () => {
    const xs = xEvents(chromeTraceChunks(freshFacts(seedModel())));
    expect(xs.length).toBeGreaterThan(10000);
    expect(crossings(xs)).toBe(0);
  });
});

/**
 * The ns Perfetto makes of a `ts` or `dur` as written: json_parser.h StringToDouble (the
 * integer part, plus the fraction's digits over their power of ten, as doubles), then
 * json_trace_tokenizer.cc CoerceToTs (a whole number times 1000, else llround(value * 1000)).
 */
function perfettoNs(text: string): number {
  const [whole, frac = ''] = text.replace(/^-/, '').split('.');
  let v = Number(whole);
  if (frac !== '') v += Number(frac) / 10 ** frac.length;
  const ns = v === Math.trunc(v) ? v * 1000 : Math.round(v * 1000);
  return text.startsWith('-') ? -ns : ns;
}

/** The X events of a Chrome export with their times as Perfetto reads them, in ns. */
function perfettoEvents(doc: string): { name: string; tid: number; start: number; end: number; dur: number }[] {
  const out: { name: string; tid: number; start: number; end: number; dur: number }[] = [];
  for (const line of doc.split('\n')) {
    const m = /^,?\{"ph":"X","name":"([^"]*)".*"ts":(-?[0-9.]+),"dur":([0-9.]+),"pid":\d+,"tid":(\d+)/.exec(line);
    if (!m) continue;
    const start = perfettoNs(m[2]);
    const dur = perfettoNs(m[3]);
    out.push({ name: m[1], tid: Number(m[4]), start, end: start + dur, dur });
  }
  return out;
}

describe('Chrome trace-event JSON: times as Perfetto reads them', () => {
  // trace-cmd record -C tai, reported with -t (ns timestamps): times of 1.7e18 ns, 1.7e15 µs,
  // where a double is a multiple of 0.25 µs. b starts 2 ns into a and ends 98 ns before it.
  const TAI_NS_REPORT = [
    'cpus=1',
    '            curl-139   [000] 1764923456.524982374: funcgraph_entry:                   |  a() {',
    '            curl-139   [000] 1764923456.524982376: funcgraph_entry:        9.900 us   |    b();',
    '            curl-139   [000] 1764923456.524992374: funcgraph_exit:        10.000 us   |  }',
    '',
  ].join('\n');

  /** Events whose start, less the first event's, or duration Perfetto reads other than the model holds them. */
  const misread = (m: ReturnType<typeof modelFromReport>, doc: string): string[] => {
    const events = perfettoEvents(doc);
    expect(events.length).toBe(m.calls.length);
    const wrong: string[] = [];
    events.forEach((e, i) => {
      if (e.start - events[0].start !== m.calls.start[i] - m.calls.start[0]) wrong.push(`${e.name} starts ${e.start - events[0].start} ns after the first`);
      if (e.dur !== m.calls.duration[i]) wrong.push(`${e.name} lasts ${e.dur} ns`);
    });
    return wrong;
  };

  test('a tai-clock trace: each ts is read back to the ns the model holds, b inside a (given from the earliest call, its time in otherData)', () => {
    const m = modelFromReport(TAI_NS_REPORT);
    const doc = join(chromeTraceChunks(freshFacts(m)));
    expect(misread(m, doc)).toEqual([]);
    const [a, b] = perfettoEvents(doc);
    expect(b.start >= a.start && b.end <= a.end).toBe(true);
    // (past 2^53 ns the model's times are doubles too, multiples of 256 ns: a's start is ...272)
    expect((JSON.parse(doc) as { otherData: { timeBaseNs?: string } }).otherData.timeBaseNs).toBe('1764923456524982272');
  });

  test('past 2^43 µs (102 days of uptime on the boot clock) too, to the ns; a trace of a few seconds keeps its own times', () => {
    // 2^43 µs + 0.7 s: a double there is a multiple of 2^-9 µs (1.95 ns), so most ns were not read back.
    const late = modelFromReport(TAI_NS_REPORT.replaceAll('1764923456.5249', '8796093.0229'));
    expect(misread(late, join(chromeTraceChunks(freshFacts(late))))).toEqual([]);
    const [a, b] = perfettoEvents(join(chromeTraceChunks(freshFacts(late))));
    expect([b.start - a.start, a.end - b.end]).toEqual([2, 98]);
    const seed = seedModel();
    const doc = join(chromeTraceChunks(freshFacts(seed)));
    expect((JSON.parse(doc) as { otherData: { timeBaseNs?: string } }).otherData.timeBaseNs).toBeUndefined();
    expect(perfettoEvents(doc)[0].start).toBe(seed.calls.start[0]);
  });

  test('a call the model starts before 0 (an exit whose duration is longer than the time before it) is not dropped: the ts count from it', () => {
    const m = modelFromReport(
      ['cpus=1', '            curl-139   [000]     0.000100: funcgraph_entry:        1.000 us   |    b();', '            curl-139   [000]     0.000200: funcgraph_exit:       500.000 us   |  }', ''].join('\n'),
    );
    const doc = join(chromeTraceChunks(freshFacts(m)));
    const starts = perfettoEvents(doc).map((e) => e.start);
    expect(starts.length).toBe(2);
    expect(Math.min(...starts)).toBe(0);
    expect((JSON.parse(doc) as { otherData: { timeBaseNs?: string } }).otherData.timeBaseNs).toBe(String(Math.min(...m.calls.start.slice(0, 2))));
  });
});

describe('speedscope JSON', () => {
  type Event = { type: string; frame: number; at: number };
  type Profile = { type: string; name: string; unit: string; startValue: number; endValue: number; events: Event[] };
  test("validates against speedscope's published file-format schema; balanced, time-ordered events per profile", () => {
    const m = seedModel();
    const facts = freshFacts(m);
    const doc = JSON.parse(join(speedscopeChunks(facts, '01-seed'))) as {
      $schema: string;
      name: string;
      shared: { frames: { name: string }[] };
      profiles: Profile[];
    };
    expect(validateJson(SPEEDSCOPE_FILE_SCHEMA, doc)).toEqual([]);
    expect(doc.$schema).toBe(SPEEDSCOPE_SCHEMA);
    expect(doc.name).toBe('01-seed');
    expect(doc.shared.frames.length).toBeGreaterThan(100);
    expect(doc.shared.frames.every((f) => typeof f.name === 'string')).toBe(true);
    expect(doc.profiles.map((p) => p.name)).toContain('curl-139');
    let opens = 0;
    const wrong: string[] = [];
    for (const p of doc.profiles) {
      expect(p).toMatchObject({ type: 'evented', unit: 'nanoseconds', startValue: expect.any(Number), endValue: expect.any(Number) });
      const stack: number[] = [];
      let at = p.startValue;
      for (const e of p.events) {
        if (e.at < at || e.at > p.endValue) wrong.push(`${p.name}: at ${e.at} out of order or bounds`);
        at = e.at;
        if (!(e.frame >= 0 && e.frame < doc.shared.frames.length)) wrong.push(`${p.name}: frame ${e.frame}`);
        if (e.type === 'O') {
          stack.push(e.frame);
          opens++;
        } else if (e.type !== 'C' || stack.pop() !== e.frame) wrong.push(`${p.name}: unbalanced close at ${e.at}`);
      }
      if (stack.length > 0) wrong.push(`${p.name}: ${stack.length} frames left open`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    let selected = 0;
    for (let i = 0; i < m.calls.length; i++) if (isChromeEvent(m, i)) selected++;
    expect(opens).toBe(selected);
  });
});

describe('Chrome trace-event JSON and speedscope under a filter: the calls and the nesting of the views', () => {
  test('task, CPU, 0.8 ms ranges, Syscalls only: an event per timed call in view, inside its nearest ancestor in view; speedscope\'s stacks are the call tree\'s paths', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const m of [seedModel(), modelFromReport(traceText('03-systemwide-sched-irq.report.txt.gz'))]) {
      const facts = freshFacts(m);
      const { calls } = m;
      // Ranges from calls' starts (a long trace has gaps where nothing ran).
      const starts = Float64Array.from(facts.times().start.filter(Number.isFinite)).sort();
      const curl = m.tasks.findIndex((t) => t.comm === 'curl');
      const filters: [string, ViewFilter][] = [
        ['task', { tasks: [curl >= 0 ? curl : 0] }],
        ['CPU 1', { cpus: [1] }],
        ['syscalls only', { syscallsOnly: true }],
      ];
      for (const at of [0.25, 0.75]) {
        const from = starts[Math.floor(starts.length * at)];
        filters.push([`0.8 ms at ${at}`, { range: [from, from + 800_000] }], [`0.8 ms at ${at}, syscalls only`, { range: [from, from + 800_000], syscallsOnly: true }]);
      }
      for (const [label, filter] of filters) {
        const mask = filterMask(facts, filter);
        const selected: number[] = [];
        for (let i = 0; i < calls.length; i++) if (isChromeEvent(m, i, mask)) selected.push(i);
        // (a range may hold no syscall)
        if (selected.length === 0 && !(filter.range && filter.syscallsOnly)) wrong.push(`${label}: no call in view`);
        // Chrome: one X event per timed call in view, inside the event of its nearest ancestor in view.
        type Ev = { ph: string; ts: number; dur: number; args: { call?: number } };
        const doc = JSON.parse(join(chromeTraceChunks(facts, mask))) as { traceEvents: Ev[] };
        const xs = doc.traceEvents.filter((e) => e.ph === 'X');
        if (JSON.stringify(xs.map((e) => e.args.call)) !== JSON.stringify(selected)) wrong.push(`${label}: Chrome's events are not the calls in view`);
        const eventOf = new Map(xs.map((e) => [e.args.call!, e]));
        for (const c of selected) {
          let a = calls.parent[c];
          while (a >= 0 && mask[a] !== 1) a = calls.parent[a];
          const e = eventOf.get(c)!;
          const pe = a >= 0 ? eventOf.get(a) : undefined;
          if (pe && (e.ts < pe.ts || e.ts + e.dur > pe.ts + pe.dur + 1e-6)) wrong.push(`${label}: call ${c} is outside its nearest ancestor in view, ${a}`);
        }
        // speedscope: the stack open at each opening is that call's path in the call tree.
        const tree = buildCallTree(facts, { mask, groupByTask: true });
        const treePaths = new Set(selected.map((c) => tree.pathOf(tree.callNode[c]).join(';')));
        const sdoc = JSON.parse(join(speedscopeChunks(facts, label, mask))) as { shared: { frames: { name: string }[] }; profiles: { name: string; events: { type: string; frame: number }[] }[] };
        const opened = new Set<string>();
        let opens = 0;
        for (const p of sdoc.profiles) {
          const stack = [p.name];
          for (const e of p.events) {
            if (e.type === 'O') {
              stack.push(sdoc.shared.frames[e.frame].name);
              opened.add(stack.join(';'));
              opens++;
            } else stack.pop();
          }
        }
        if (opens !== selected.length) wrong.push(`${label}: speedscope opens ${opens} calls, ${selected.length} are in view`);
        for (const path of opened) if (!treePaths.has(path)) wrong.push(`${label}: speedscope's ${path} is no path of the call tree`);
        for (const path of treePaths) if (!opened.has(path)) wrong.push(`${label}: the call tree's ${path} is not in speedscope`);
        checked += selected.length;
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(10000);
    // Two real traces exported under ten filters each, both formats parsed back: about 10 s
    // alone, past the suite's 30 s when the machine is shared (CI's two cores, helpers).
  }, 120_000);
});

/** Each function's total time open in a speedscope file (ns), from its events. */
function speedscopeTotals(text: string): Map<string, number> {
  const doc = JSON.parse(text) as { shared: { frames: { name: string }[] }; profiles: { events: { type: string; frame: number; at: number }[] }[] };
  const totals = new Map<string, number>();
  for (const p of doc.profiles) {
    const open: { frame: number; at: number }[] = [];
    for (const e of p.events) {
      if (e.type === 'O') open.push(e);
      else {
        const o = open.pop()!;
        const name = doc.shared.frames[o.frame].name;
        totals.set(name, (totals.get(name) ?? 0) + e.at - o.at);
      }
    }
  }
  return totals;
}

describe('speedscope JSON: printed durations past the timestamps', () => {
  test('a call printed longer than the time to its next sibling is cut there; the sibling keeps its time', () => {
    // b's duration (5 µs) runs past c's entry (3 µs). Pushed forward, c opened at b's printed
    // end (6 µs) and closed at once: 0 µs instead of 1.
    const m = modelFromDsl(`
      t-1 1 0  | a {
      t-1 1 1  |   b 5
      t-1 1 3  |   c 1
      t-1 1 10 | } 10
    `);
    const text = join(speedscopeChunks(freshFacts(m), 'overrun'));
    expect(validateJson(SPEEDSCOPE_FILE_SCHEMA, JSON.parse(text))).toEqual([]);
    expect(Object.fromEntries(speedscopeTotals(text))).toEqual({ a: 10_000, b: 2000, c: 1000 });
  });

  test("the seed report: every function's time in speedscope is its time in the Chrome export", () => {
    // trace-cmd report's µs timestamps beside ns durations: 3,855 calls printed past the next
    // entry, one of them (free_swap_cache, 1972 µs printed, 354 µs to its exit line) by 1.6 ms,
    // which squashed every call after it for that long (release_pages 12% short).
    const facts = freshFacts(seedModel());
    const ss = speedscopeTotals(join(speedscopeChunks(facts, '01-seed')));
    const chrome = new Map<string, number>();
    const doc = JSON.parse(join(chromeTraceChunks(facts))) as { traceEvents: { ph: string; name: string; dur: number }[] };
    for (const e of doc.traceEvents) if (e.ph === 'X') chrome.set(e.name, (chrome.get(e.name) ?? 0) + Math.round(e.dur * 1000));
    expect(ss.size).toBeGreaterThan(100);
    const differ = [...chrome].filter(([name, t]) => ss.get(name) !== t).map(([name, t]) => `${name}: chrome ${t}, speedscope ${ss.get(name)}`);
    expect(differ.slice(0, 5)).toEqual([]);
  });
});

describe('speedscope JSON past 2^53 ns', () => {
  test('a tai-clock trace: times from its earliest call, each call open for its own duration', () => {
    const doc = JSON.parse(join(speedscopeChunks(freshFacts(modelFromReport(TAI_REPORT)), 'tai'))) as {
      profiles: { startValue: number; endValue: number; events: { type: string; frame: number; at: number }[] }[];
    };
    expect(validateJson(SPEEDSCOPE_FILE_SCHEMA, doc)).toEqual([]);
    const [p] = doc.profiles;
    // Each call closes its own duration after it opens: 1.183 and 8.836 µs. (Where it opens,
    // .524988 s, is a double of the model's, 256 ns apart from its neighbours there.)
    expect(p.events.map((e) => e.type)).toEqual(['O', 'O', 'C', 'C']);
    const [outer, inner, innerEnd, outerEnd] = p.events.map((e) => e.at);
    expect([innerEnd - inner, outerEnd - outer]).toEqual([1183, 8836]);
    expect(Math.abs(inner - outer - 6000)).toBeLessThanOrEqual(256);
    expect([p.startValue, p.endValue]).toEqual([0, 8836]);
  });
});

describe('the schema check itself', () => {
  test('catches what speedscope would refuse: a missing field, a wrong unit, an event type, a string frame', () => {
    const ok = {
      $schema: SPEEDSCOPE_SCHEMA,
      shared: { frames: [{ name: 'f' }] },
      profiles: [{ type: 'evented', name: 't', unit: 'nanoseconds', startValue: 0, endValue: 2, events: [{ type: 'O', frame: 0, at: 0 }, { type: 'C', frame: 0, at: 2 }] }],
    };
    expect(validateJson(SPEEDSCOPE_FILE_SCHEMA, ok)).toEqual([]);
    const broken = (edit: (d: typeof ok) => void): string[] => {
      const d = structuredClone(ok);
      edit(d);
      return validateJson(SPEEDSCOPE_FILE_SCHEMA, d);
    };
    expect(broken((d) => delete (d as Partial<typeof ok>).shared)).toEqual(['/: misses shared']);
    expect(broken((d) => (d.profiles[0].unit = 'ns'))).not.toEqual([]);
    expect(broken((d) => (d.profiles[0].events[0].type = 'B'))).not.toEqual([]);
    expect(broken((d) => ((d.profiles[0].events[1] as { frame: unknown }).frame = '0'))).not.toEqual([]);
    expect(broken((d) => (d.$schema = 'x'))).not.toEqual([]);
  });
});

describe('flame graph SVG', () => {
  test('parses as XML with one rect and one title per frame, the names in the titles', () => {
    const m = seedModel();
    const facts = freshFacts(m);
    const frames = flameFramesOfTree(buildCallTree(facts), facts.childrenFit());
    expect(frames.length).toBeGreaterThan(200);
    const els = checkXml(join(flameSvgChunks(frames, { heading: '01-seed <&>' })));
    expect(els[0].name).toBe('svg');
    // (a frame's rect is in its <g>; the background's is the root's)
    const rects = els.filter((e) => e.name === 'rect' && els[e.parent].name === 'g');
    const titles = els.filter((e) => e.name === 'title');
    expect(rects.length).toBe(frames.length);
    expect(titles.map((t) => t.text)).toEqual(frames.map((f) => f.title));
    for (const f of frames) expect(f.title.startsWith(`${f.name} (`)).toBe(true);
    expect(els.find((e) => e.name === 'text')?.text).toBe('01-seed <&>');
    // Widths are the frames' fractions of 1200 px.
    expect(Number(rects[0].attrs.width)).toBeCloseTo((frames[0].x1 - frames[0].x0) * 1200, 1);
  });

  test('the background is a white shape under the frames, for renderers without CSS (SVG 1.1 has no background property)', () => {
    const els = checkXml(join(flameSvgChunks([{ depth: 0, x0: 0, x1: 1, name: 'f', title: '', fill: '' }], { heading: 'h' })));
    const svg = els[0];
    // What an SVG 1.1 renderer paints first, the root's first shape, covers the whole canvas opaquely.
    const first = els.find((e) => e.parent === 0 && ['rect', 'text', 'g'].includes(e.name))!;
    expect(first.name).toBe('rect');
    expect([first.attrs.x, first.attrs.y, first.attrs.width, first.attrs.height]).toEqual(['0', '0', svg.attrs.width, svg.attrs.height]);
    expect(first.attrs.fill).toBe('#fff');
  });

  test("a label stays inside its frame at a monospace font's advance (0.602 em, DejaVu Sans Mono and Menlo)", () => {
    const name = 'syscall_exit_to_user_mode_prepare'.repeat(6);
    const frames: SvgFrame[] = [];
    for (let px = 10; px <= 1200; px++) frames.push({ depth: px, x0: 0, x1: px / 1200, name, title: '', fill: '' });
    const els = checkXml(join(flameSvgChunks(frames)));
    const rects = els.filter((e) => e.name === 'rect');
    const over: string[] = [];
    for (const t of els.filter((e) => e.name === 'text')) {
      // (the label's frame: the rect of its group; the isolates around it take no room)
      const rect = rects.find((r) => r.parent === t.parent)!;
      const right = Number(t.attrs.x) + t.text.replace(/[\u2068\u2069]/g, '').length * 12 * 0.602;
      if (right > Number(rect.attrs.x) + Number(rect.attrs.width)) over.push(`${rect.attrs.width} px: ${t.text.length} characters`);
    }
    expect(els.filter((e) => e.name === 'text').length).toBeGreaterThan(1000);
    expect(over.slice(0, 3)).toEqual([]);
  });

  test('a label of wide characters (a task named in CJK, an emoji) stays inside its frame: each is 1 em, two columns', () => {
    // prctl(PR_SET_NAME) takes any bytes; the task's frame is labelled with its comm.
    const names = ['渲染线程-4242;ｆｕｌｌ', 'kworker/u16:2-😀😀😀😀😀-17', '가나다라마바사아자차카타파하'.repeat(3)];
    const frames: SvgFrame[] = [];
    for (const name of names) for (let px = 10; px <= 400; px++) frames.push({ depth: px, x0: 0, x1: px / 1200, name, title: '', fill: '' });
    const els = checkXml(join(flameSvgChunks(frames)));
    const rects = els.filter((e) => e.name === 'rect');
    const texts = els.filter((e) => e.name === 'text');
    const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]|\p{Extended_Pictographic}/u;
    const over: string[] = [];
    for (const t of texts) {
      const rect = rects.find((r) => r.parent === t.parent)!;
      let px = 0;
      for (const ch of t.text.replace(/[\u2068\u2069]/g, '')) px += wide.test(ch) ? 12 : 12 * 0.602;
      if (Number(t.attrs.x) + px > Number(rect.attrs.x) + Number(rect.attrs.width)) over.push(`${rect.attrs.width} px: ${t.text}`);
      if (/[\ud800-\udfff]/.test(t.text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) over.push(`half a surrogate pair: ${t.text}`);
    }
    expect(texts.length).toBeGreaterThan(900);
    expect(over.slice(0, 3)).toEqual([]);
    // Cut labels still fill their frame: the whole name once there is room for it.
    expect(texts.some((t) => t.text.includes('渲染线程-4242;ｆｕｌｌ'))).toBe(true);
  });

  test('a right-to-left override in a name cannot turn the figures of its title round', () => {
    // A function and a task named with U+202E (RIGHT-TO-LEFT OVERRIDE), which would run on
    // over ' (1.000 µs, 1 calls, …)' to the end of the title (UAX #9).
    const m = modelFromDsl(`
t\u202e-1 0 0 | ab\u202ecd 1
`);
    const facts = freshFacts(m);
    const frames = flameFramesOfTree(buildCallTree(facts), facts.childrenFit());
    expect(frames.map((f) => f.title)).toEqual(['\u2068ab\ufffdcd\u2069 (1.000 µs, 1 calls, 100.00%)']);
    const els = checkXml(join(flameSvgChunks(frames)));
    expect(els.filter((e) => e.name === 'title').map((t) => t.text)).toEqual([frames[0].title]);
    expect(els.filter((e) => e.name === 'text').map((t) => t.text)).toEqual(['\u2068ab\ufffdcd\u2069']);
  });

  test('hostile names are escaped; characters XML cannot hold become U+FFFD', () => {
    const hostile = `</title><script>alert("x")</script>&amp;'\u0001\ud800`;
    const frames: SvgFrame[] = [
      { depth: 0, x0: 0, x1: 1, name: hostile, title: '', fill: '' },
      { depth: 1, x0: 0, x1: 0.5, name: 'a', title: '', fill: 'red" onload="alert(1)' },
    ];
    const els = checkXml(join(flameSvgChunks(frames)));
    expect(els.filter((e) => e.name === 'script')).toEqual([]);
    const titles = els.filter((e) => e.name === 'title').map((t) => t.text);
    expect(titles[0]).toBe(`</title><script>alert("x")</script>&amp;'\ufffd\ufffd`);
    // A fill that is not a plain colour falls back to the palette.
    expect(els.filter((e) => e.name === 'rect' && els[e.parent].name === 'g')[1].attrs.fill).toMatch(/^rgb\(/);
    expect(xmlEscape('a<b')).toBe('a&lt;b');
  });

  test('DEL, C1 controls and bidi controls are character references: the same text, none raw on a terminal', () => {
    expect(xmlEscape('a\u009b2J\u202eb\u007fc\u2069&')).toBe('a&#x9b;2J&#x202e;b&#x7f;c&#x2069;&amp;');
    const name = 'f\u007f\u0085\u009bg';
    const doc = join(flameSvgChunks([{ depth: 0, x0: 0, x1: 1, name, title: '', fill: '' }], { heading: 'h\u202e.dat' }));
    expect(doc).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const els = checkXml(doc);
    expect(els.filter((e) => e.name === 'title').map((t) => t.text)).toEqual([name]);
    expect(els.filter((e) => e.name === 'text').map((t) => t.text)).toEqual(['h\u202e.dat', name]);
  });
});
