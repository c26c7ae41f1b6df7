/**
 * Ground truth for tests, computed straight from a `trace-cmd report -R` text with
 * nothing from the parser: per function, calls (entry lines + exits whose entry is not
 * in the trace), total (sum of rettime - calltime) and self (duration minus the
 * durations of the calls directly nested in it, found by interval containment of the
 * kernel's own call/return times, per task: the innermost call whose [calltime, rettime]
 * holds a call, at a smaller or the same depth, is its parent).
 *
 * A call whose exit is not in the trace lasts, by the builder's repair policy (rule 7),
 * from its printed entry time until the last time its task was seen, and not past the
 * call that holds it. (That is the policy for calls still open at the end of the trace,
 * the only kind of unclosed call in the raw reports this is used on.)
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
  const lastSeen = new Map<string, number>();
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
    lastSeen.set(task, Math.max(lastSeen.get(task) ?? ts, ts));
    if (m[6] === 'entry') {
      stack.push({ func, depth, ts });
      row(func).calls++;
      continue;
    }
    const call = parseInt(m[9], 16);
    const ret = parseInt(m[10], 16);
    lastSeen.set(task, Math.max(lastSeen.get(task)!, ret));
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
  // Entries that never saw their exit: open until the task was last seen.
  const neverReturned = new Set<Interval>();
  for (const [task, stack] of open) {
    let list = intervals.get(task);
    if (!list) intervals.set(task, (list = []));
    for (const o of stack) {
      const iv = { func: o.func, depth: o.depth, call: o.ts, ret: lastSeen.get(task)!, childSum: 0 };
      neverReturned.add(iv);
      list.push(iv);
    }
  }
  for (const list of intervals.values()) {
    list.sort((a, b) => a.call - b.call || a.depth - b.depth);
    // A call that never returned ends no later than the returned call holding it.
    const holder: Interval[] = [];
    for (const iv of list) {
      while (holder.length && holder[holder.length - 1].ret < iv.call) holder.pop();
      if (neverReturned.has(iv)) {
        for (let k = holder.length - 1; k >= 0; k--) {
          if (!neverReturned.has(holder[k]) && holder[k].depth < iv.depth) {
            iv.ret = Math.min(iv.ret, holder[k].ret);
            break;
          }
        }
        row(iv.func).totalNs += iv.ret - iv.call;
      }
      holder.push(iv);
    }
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
