/**
 * Test fixtures: build a TraceModel from a few readable lines instead of a real trace.
 *
 * Each DSL line is `TASK CPU TIME_US | BODY`, where BODY is indented two spaces per depth
 * (like the function_graph column) and is one of
 *
 *   name {          entry
 *   name DUR        leaf that took DUR µs
 *   } DUR           exit of the open call, which took DUR µs
 *   } DUR name      the same, with funcgraph-tail's comment naming the function
 *   }               exit without a duration
 *
 * Blank lines and lines starting with `#` are skipped. Example:
 *
 *   curl-1 1 0  | a {
 *   curl-1 1 1  |   b 2
 *   curl-1 1 10 | } 10
 *
 * The lines are turned into real `trace-cmd report` text and loaded by the real loader,
 * so fixtures exercise the same parser and repair policy as real traces.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { TraceLoader } from '../core/load';
import { CallFlag } from '../core/model/call-table';
import type { TraceModel } from '../core/model/tables';
import type { CallTreeView } from '../core/query/call-tree';

/** trace-cmd report text for the DSL lines (see the module comment). */
export function reportFromDsl(dsl: string): string {
  const out: string[] = ['cpus=4'];
  for (const raw of dsl.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const bar = line.indexOf('|');
    if (bar < 0) throw new Error(`test DSL: missing '|' in ${JSON.stringify(line)}`);
    const head = line.slice(0, bar).trim().split(/\s+/);
    if (head.length !== 3) throw new Error(`test DSL: expected 'TASK CPU TIME_US |' in ${JSON.stringify(line)}`);
    const [taskName, cpuText, timeText] = head;
    const bodyText = line.slice(bar + 1).replace(/^ /, '');
    const indent = bodyText.length - bodyText.trimStart().length;
    const body = bodyText.trim();
    const pad = ' '.repeat(indent);
    const ts = (Number(timeText) / 1e6).toFixed(6);
    const prefix = `${taskName.padStart(16)} [${cpuText.padStart(3, '0')}] ${ts.padStart(12)}:`;
    let m: RegExpExecArray | null;
    if ((m = /^(\S+) \{$/.exec(body))) {
      out.push(`${prefix} funcgraph_entry:                   |  ${pad}${m[1]}() {`);
    } else if ((m = /^\}(?: (\S+))?(?: (\S+))?$/.exec(body))) {
      const col = m[1] === undefined ? '                  ' : durColumn(Number(m[1]));
      const tail = m[2] === undefined ? '' : ` /* ${m[2]} */`;
      out.push(`${prefix} funcgraph_exit: ${col} |  ${pad}}${tail}`);
    } else if ((m = /^(\S+) (\S+)$/.exec(body))) {
      out.push(`${prefix} funcgraph_entry: ${durColumn(Number(m[2]))} |  ${pad}${m[1]}();`);
    } else {
      throw new Error(`test DSL: cannot read body ${JSON.stringify(body)}`);
    }
  }
  return out.join('\n') + '\n';
}

function durColumn(us: number): string {
  return `${us.toFixed(3)} us`.padStart(17);
}

/** A model from trace text, through the real loader (detection, parser, builder). */
export function modelFromReport(text: string): TraceModel {
  const loader = new TraceLoader();
  loader.pushText(text);
  return loader.finish();
}

/** A model from the test DSL. */
export function modelFromDsl(dsl: string): TraceModel {
  return modelFromReport(reportFromDsl(dsl));
}

/** The same model with every start removed, like kernel text without timestamps (in place: derive nothing from it before). */
export function withoutTimestamps(model: TraceModel): TraceModel {
  model.calls.start.fill(Number.NaN);
  model.hasTimestamps = false;
  return model;
}

/**
 * The same model with no duration for the calls that did not return, as the model was
 * before builder.ts rule 7 gave them one, and as kernel text without times or durations
 * still gives calls: duration and self NaN, and the closed parent's self counts the
 * unknown call's returned children out instead of the call. For the views' handling of
 * calls whose time is unknown. Call it before any query (a DerivedData keeps what it derives from the table).
 */
export function withoutUnclosedDurations(model: TraceModel): TraceModel {
  const { parent, duration, self, flags, length } = model.calls;
  const childSum = new Map<number, number>();
  for (let i = 0; i < length; i++) {
    const p = parent[i];
    if (p >= 0 && flags[p] & CallFlag.Unclosed && !(flags[i] & CallFlag.Unclosed)) childSum.set(p, (childSum.get(p) ?? 0) + duration[i]);
  }
  for (let i = 0; i < length; i++) {
    if (!(flags[i] & CallFlag.Unclosed)) continue;
    const p = parent[i];
    if (p >= 0 && !(flags[p] & CallFlag.Unclosed)) self[p] += duration[i] - (childSum.get(i) ?? 0);
  }
  for (let i = 0; i < length; i++) {
    if (!(flags[i] & CallFlag.Unclosed)) continue;
    duration[i] = Number.NaN;
    self[i] = Number.NaN;
  }
  return model;
}

/** The seed trace, kept in the repository with the other test traces. */
const SEED = new URL('../../test/traces/01-seed-curl-fgraph.report.txt.gz', import.meta.url);
let seed: TraceModel | undefined;

/** The real seed trace (`curl` under function_graph), parsed once per test file. */
export function seedModel(): TraceModel {
  seed ??= modelFromReport(gunzipSync(readFileSync(SEED)).toString('utf8'));
  return seed;
}

/** Function id by name (throws when the model has no such function). */
export function funcId(model: TraceModel, name: string): number {
  const id = model.strings.find(name);
  if (id === undefined) throw new Error(`no function ${name}`);
  return id;
}

/**
 * A tree as indented lines `name total/self/calls` (times in µs), children in the tree's
 * order, expanding at most `maxDepth` levels: readable assertions on small trees.
 */
export function formatTree(tree: CallTreeView, maxDepth = Number.POSITIVE_INFINITY): string[] {
  const lines: string[] = [];
  const walk = (nodes: Int32Array, level: number): void => {
    for (const k of nodes) {
      const d = tree.display(k);
      lines.push(`${'  '.repeat(level)}${d.name} ${d.total / 1000}/${d.self / 1000}/${d.calls}`);
      if (level + 1 < maxDepth) walk(tree.children(k), level + 1);
    }
  };
  walk(tree.roots(), 0);
  return lines;
}

/**
 * A small two-task trace used across the query tests (times in µs):
 *
 *   curl-1 (task 0, CPU 1)                         sh-2 (task 1, CPU 0)
 *   __x64_sys_write 0..13  self 2                  main 20..25  self 3
 *     vfs_write 1..11  self 3                        f 21..23
 *       f 2..8  self 3
 *         g 3..6  self 2
 *           f 4..5          (f inside f: recursion)
 *       g 8..9
 *     h 11..12
 */
export const SAMPLE_DSL = `
curl-1 1 0  | __x64_sys_write {
curl-1 1 1  |   vfs_write {
curl-1 1 2  |     f {
curl-1 1 3  |       g {
curl-1 1 4  |         f 1
curl-1 1 6  |       } 3
curl-1 1 8  |     } 6
curl-1 1 8  |     g 1
curl-1 1 11 |   } 10
curl-1 1 11 |   h 1
curl-1 1 13 | } 13
sh-2 0 20   | main {
sh-2 0 21   |   f 2
sh-2 0 25   | } 5
`;
