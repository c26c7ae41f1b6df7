/**
 * Ground truth for tests, computed straight from a `trace-cmd report -R` text with
 * nothing from the parser: per function, calls (entry lines + exits whose entry is not
 * in the trace), total (sum of rettime - calltime) and self (duration minus the
 * durations of the calls directly nested in it, found by interval containment of the
 * kernel's own call/return times, per task: the innermost call whose [calltime, rettime]
 * holds a call, at a smaller or the same depth, is its parent).
 */
export interface TruthRow {
  calls: number;
  totalNs: number;
  selfNs: number;
}

interface Interval {
  func: string;
  depth: number;
  call: number;
  ret: number;
  childSum: number;
}

const LINE =
  /^\s*(.*)-(\d+)\s+\[(\d+)\]\s+(\d+)\.(\d{6}): funcgraph_(entry|exit):\s+func=(\S+) depth=(\d+)(?:.*calltime=([0-9a-f]+) rettime=([0-9a-f]+))?/;

export function rawGroundTruth(lines: Iterable<string>): Map<string, TruthRow> {
  const rows = new Map<string, TruthRow>();
  const row = (f: string): TruthRow => {
    let r = rows.get(f);
    if (!r) rows.set(f, (r = { calls: 0, totalNs: 0, selfNs: 0 }));
    return r;
  };
  // Per task and depth: entries not yet matched by an exit (to tell orphan exits apart),
  // and the closed intervals.
  const open = new Map<string, { func: string; depth: number; ts: number }[]>();
  const intervals = new Map<string, Interval[]>();
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m) continue;
    const pid = Number(m[2]);
    const task = pid === 0 ? `0/${m[3]}` : String(pid);
    const func = m[7];
    const depth = Number(m[8]);
    let stack = open.get(task);
    if (!stack) open.set(task, (stack = []));
    const ts = Number(m[4]) * 1e9 + Number(m[5]) * 1000;
    if (m[6] === 'entry') {
      stack.push({ func, depth, ts });
      row(func).calls++;
      continue;
    }
    const call = parseInt(m[9], 16);
    const ret = parseInt(m[10], 16);
    // The matching entry: same function and depth, written at or after the call time
    // (the printed time is rounded to the microsecond), the latest such.
    let k = stack.length - 1;
    while (k >= 0 && !(stack[k].func === func && stack[k].depth === depth && stack[k].ts >= call - 1000)) k--;
    if (k >= 0) stack.splice(k, 1);
    else row(func).calls++; // the exit is the only sign of this call
    row(func).totalNs += ret - call;
    let list = intervals.get(task);
    if (!list) intervals.set(task, (list = []));
    list.push({ func, depth, call, ret, childSum: 0 });
  }
  for (const list of intervals.values()) {
    list.sort((a, b) => a.call - b.call || a.depth - b.depth);
    const chain: Interval[] = [];
    for (const iv of list) {
      while (chain.length && chain[chain.length - 1].ret < iv.call) chain.pop();
      // The innermost enclosing call is the parent: at a depth below ours, or at our own
      // depth when an interrupt came between its return and its rettime (docs/formats.md §2.8).
      for (let k = chain.length - 1; k >= 0; k--) {
        if (chain[k].depth <= iv.depth && chain[k].ret >= iv.ret) {
          chain[k].childSum += iv.ret - iv.call;
          break;
        }
      }
      chain.push(iv);
    }
    for (const iv of list) row(iv.func).selfNs += iv.ret - iv.call - iv.childSum;
  }
  return rows;
}
