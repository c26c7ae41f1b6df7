/**
 * The toolbar's worker queries against the real seed trace (one curl run) and a small
 * DSL trace: the task list carries the ids the filter uses, and the search status counts
 * what the filter keeps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceModel } from '../../core/model/tables';
import { loadBytes, loadText, traceBytes } from '../../test-utils/traces';
import { reportFromDsl, withoutUnclosedDurations } from '../../test-utils/model-dsl';
import { TraceService } from '../trace-service';
import { DerivedData } from '../derived/derived-data';
import { searchStatus } from './search';
import { taskList } from './tasks';

const SLOW = 60_000;

describe('searchStatus on the seed trace', () => {
  let model: TraceModel;
  let views: DerivedData;
  let curl: number;
  beforeAll(() => {
    model = loadBytes(traceBytes('01-seed-curl-fgraph.report.txt.gz'));
    views = new DerivedData(model);
    curl = model.tasks.findIndex((t) => t.comm === 'curl' && t.pid === 139);
  }, SLOW);

  it('finds tcp_sendmsg and the tcp_sendmsg_locked call nested in it, counting the time once', () => {
    const s = searchStatus(views, { tasks: [curl] }, 'tcp_sendmsg');
    if (!s.ok) throw new Error(s.error);
    // MANIFEST fact: curl-139 enters tcp_sendmsg once; tcp_sendmsg_locked runs inside it.
    expect(s.calls).toBe(2);
    expect(s.functions).toBe(2);
    expect(s.outermostCalls).toBe(1);
    expect([...s.names].sort()).toEqual(['tcp_sendmsg', 'tcp_sendmsg_locked']);
    const outer = callsOf(model, 'tcp_sendmsg');
    expect(outer).toHaveLength(1);
    expect(s.totalNs).toBe(model.calls.duration[outer[0]]);
    expect(s.totalNs).toBeGreaterThan(0);
    expect(s.pattern).toBe('tcp_sendmsg');
  });

  it('is case-insensitive and accepts /regex/flags', () => {
    const upper = searchStatus(views, {}, 'TCP_SENDMSG');
    const exact = searchStatus(views, {}, '/^tcp_sendmsg$/');
    expect(upper.ok && upper.calls).toBe(2);
    expect(exact.ok && exact.calls).toBe(1);
    expect(exact.ok && exact.functions).toBe(1);
  });

  it('counts only the calls the filter keeps', () => {
    const idle = model.tasks.findIndex((t) => t.pid === 0);
    const s = searchStatus(views, { tasks: [idle] }, 'tcp_sendmsg');
    expect(s).toMatchObject({ ok: true, calls: 0, functions: 0, totalNs: 0, names: [] });
  });

  it('reports an invalid regex as an error, not a throw', () => {
    const s = searchStatus(views, {}, '/tcp_(/');
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error).toMatch(/invalid regular expression/);
  });

  it('matches nothing for an empty pattern', () => {
    expect(searchStatus(views, {}, '')).toMatchObject({ ok: true, calls: 0, functions: 0 });
  });

  // The facts e2e/explorer.spec.ts checks in the call tree, on the data itself.
  it('syscalls only drops curl-139 roots that are not syscall entry points', () => {
    const rootNames = (syscallsOnly: boolean): string[] => {
      const tree = views.topDown({ filter: { tasks: [curl], syscallsOnly }, inverted: false, groupByTask: false });
      return Array.from(tree.roots(), (n) => tree.display(n).name);
    };
    const all = rootNames(false);
    expect(all).toContain('exit_to_user_mode_prepare');
    expect(all).toContain('x64_sys_call');
    const syscalls = rootNames(true);
    expect(syscalls).toContain('__x64_sys_sendto');
    expect(syscalls.filter((n) => !n.startsWith('__x64_sys_'))).toEqual([]);
    // tcp_sendmsg still matches inside __x64_sys_sendto.
    expect(searchStatus(views, { tasks: [curl], syscallsOnly: true }, 'tcp_sendmsg')).toMatchObject({ ok: true, calls: 2 });
  });

  it('lists curl-139 first with its id, and CPU 1', () => {
    const list = taskList(model);
    expect(list.tasks[0]).toMatchObject({ id: curl, label: 'curl-139', comm: 'curl', pid: 139, cpus: [1] });
    expect(list.tasks.map((t) => t.id).sort()).toEqual(model.tasks.map((_, i) => i));
    expect(list.cpus).toEqual([1]);
  });
});

describe('searchStatus where the trace has no durations', () => {
  // The function tracer prints one line per call, with no duration (trace-cmd's function
  // plugin; test/traces/06-function-curl.report.txt): the matches' time is unknown, which
  // the functions table shows as "—", not 0 ns.
  const FUNCTION_TRACE = `cpus=2
            curl-888   [001]   201.258833: function:             tcp_sendmsg
            curl-888   [001]   201.259015: function:                tcp_sendmsg_locked
            curl-888   [001]   201.259025: function:                tcp_push
`;

  it('says the matches have no time (NaN), not 0 ns', () => {
    const views = new DerivedData(loadText(FUNCTION_TRACE));
    const s = searchStatus(views, {}, 'tcp_');
    expect(s).toMatchObject({ ok: true, calls: 3, functions: 3 });
    expect(s.ok && s.totalNs).toBeNaN();
    // No match keeps a total of 0 (the status says "No match").
    expect(searchStatus(views, {}, 'udp_')).toMatchObject({ ok: true, calls: 0, totalNs: 0 });
  });

  it('says why the matches have no time: the function tracer, or function_graph text printed with funcgraph-duration off', () => {
    const fn = searchStatus(new DerivedData(loadText(FUNCTION_TRACE)), {}, 'tcp_');
    expect(fn.ok && fn.untimedReason).toMatch(/function tracer/);
    // trace_functions_graph.c prints the duration column only under TRACE_GRAPH_PRINT_DURATION:
    // this text has every return and no time, and the function tracer has nothing to do with it.
    const graph = searchStatus(new DerivedData(loadBytes(traceBytes('04-tracefs-nofuncgraph-duration.txt'))), {}, 'connect');
    expect(graph).toMatchObject({ ok: true, untimedReason: expect.stringMatching(/funcgraph-duration/) });
    expect(graph.ok && graph.calls).toBeGreaterThan(0);
    expect(graph.ok && graph.totalNs).toBeNaN();
    expect(graph.ok && graph.untimedReason).not.toMatch(/function tracer/);
    // A timed match has no reason to give.
    expect(searchStatus(new DerivedData(loadText(reportFromDsl('t-1 1 0 | tcp_x 2'))), {}, 'tcp_')).toMatchObject({ ok: true, untimedReason: '' });
  });

  it('sums what is known when some matches have a duration', () => {
    const views = new DerivedData(
      withoutUnclosedDurations(
        loadText(
          reportFromDsl(`
t-1 1 0 | lock_a {
t-1 1 1 |   lock_b 2
t-1 1 5 |   lock_b 3
`),
        ),
      ),
    );
    expect(searchStatus(views, {}, 'lock')).toMatchObject({ ok: true, calls: 3, totalNs: 5000 });
    const onlyUntimed = searchStatus(views, {}, 'lock_a');
    expect(onlyUntimed).toMatchObject({ ok: true, calls: 1 });
    expect(onlyUntimed.ok && onlyUntimed.totalNs).toBeNaN();
  });
});

describe('taskList', () => {
  it('keeps model ids while sorting by calls', () => {
    const model = loadText(
      reportFromDsl(`
        a-1 0 0  | f 1
        b-2 2 1  | f {
        b-2 2 2  |   g 1
        b-2 2 5  | } 4
        a-1 3 10 | f 1
      `),
    );
    const list = taskList(model);
    const idOf = (label: string) => model.tasks.findIndex((t) => `${t.comm}-${t.pid}` === label);
    expect(list.tasks.map((t) => [t.label, t.id, t.calls])).toEqual([
      ['a-1', idOf('a-1'), 2],
      ['b-2', idOf('b-2'), 2],
    ]);
    expect(list.tasks[0].cpus).toEqual([0, 3]);
    expect(list.cpus).toEqual([0, 2, 3]);
  });
});

describe('TraceService delegation', () => {
  it('answers taskList and searchStatus for the loaded trace only', async () => {
    const service = new TraceService();
    expect(service.taskList()).toEqual({ tasks: [], cpus: [] });
    await service.loadText(
      reportFromDsl(`
        a-1 1 0 | tcp_sendmsg {
        a-1 1 1 |   tcp_sendmsg_locked 2
        a-1 1 5 | } 5
      `),
    );
    expect(service.taskList().tasks.map((t) => t.label)).toEqual(['a-1']);
    expect(await service.searchStatus({}, 'SENDMSG')).toMatchObject({ ok: true, calls: 2, functions: 2, totalNs: 5000, outermostCalls: 1 });
  });
});

function callsOf(model: TraceModel, name: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < model.calls.length; i++) if (model.strings.get(model.calls.func[i]) === name) out.push(i);
  return out;
}

describe('the status of a regular expression over a trace with a name it was not tested on', () => {
  it('counts the names too long to be tested, so "No match" does not pass for an answer about them', () => {
    // (50 KB: a text line is read up to 64 KB, line-reading.ts MAX_LINE_LENGTH)
    const long = 'x'.repeat(50_000);
    const derived = new DerivedData(loadText(reportFromDsl(`a-1 0 1 | ${long} 1\na-1 0 5 | xx 1`)));
    expect(searchStatus(derived, {}, '/^xx$/')).toMatchObject({ ok: true, calls: 1, longNamesUnsearched: 1 });
    // (after the line above, which fails at once where the long name is tested: this one would never end there)
    expect(searchStatus(derived, {}, '/x*x*y/')).toMatchObject({ ok: true, calls: 0, longNamesUnsearched: 1 });
    expect(searchStatus(derived, {}, 'xy')).toMatchObject({ ok: true, calls: 0, longNamesUnsearched: 0 });
  });
});
