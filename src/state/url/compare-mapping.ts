/**
 * Between the compare slice and a link's compare part (codec.ts SharedCompare). Pure
 * (tested in compare-mapping.test.ts). Side B's tasks travel as labels (`comm-pid`) like
 * side A's; names B's trace does not have are dropped with a notice each.
 */
import type { CompareState, CompareView } from '../slices/compare';
import { EMPTY_COMPARE, type SharedCompare } from './codec';
import { quote, type LoadedTrace, type TaskRef } from './view-mapping';

const VIEWS: readonly CompareView[] = ['diff-flame', 'compared-functions', 'compared-tree', 'sides'];

/** The link's compare part for the compare slice (null when not comparing). */
export function sharedCompareOf(c: CompareState, traceB: LoadedTrace | null, tasksB: readonly TaskRef[]): SharedCompare | null {
  if (c.status !== 'ready') return null;
  const same = c.source?.kind === 'same';
  const label = new Map(tasksB.map((t) => [t.id, t.label]));
  const f = c.filterB;
  return {
    ...EMPTY_COMPARE,
    trace: same || !traceB ? null : traceB.identity,
    traceUrl: same ? null : (traceB?.url ?? null),
    same,
    tasks: f.tasks.map((id) => label.get(id)).filter((l): l is string => l !== undefined),
    cpus: [...f.cpus],
    range: f.range ? [Math.round(f.range[0]), Math.round(f.range[1])] : null,
    syscallsOnly: f.syscallsOnly,
    quantity: c.quantity,
    normalisation: c.normalisation,
    layoutBy: c.layoutBy,
    negated: c.negated,
    presence: c.presence,
    minChangePercent: c.minChangePercent,
    underZoom: c.underZoom,
    zoomPath: [...c.zoomPath],
    focusPath: [...c.focusPath],
    pathsFrom: c.pathsFrom,
    exactNames: c.exactNames,
    view: c.view,
    tableSort: c.tableSort,
  };
}

/** The compare slice patch a link asks for, against side B's tasks and CPUs. */
export function comparePatchOf(
  c: SharedCompare,
  tasksB: readonly TaskRef[],
  cpusB: readonly number[],
): { patch: Partial<CompareState>; notices: string[] } {
  const notices: string[] = [];
  const byLabel = new Map(tasksB.map((t) => [t.label, t.id]));
  const tasks: number[] = [];
  for (const l of c.tasks) {
    const id = byLabel.get(l);
    if (id === undefined) notices.push(`Side B has no task ${quote(l)}; the link's side B task filter for it was ignored.`);
    else tasks.push(id);
  }
  const cpus = c.cpus.filter((cpu) => {
    const ok = cpusB.includes(cpu);
    if (!ok) notices.push(`Side B has no CPU ${cpu}; the link's side B CPU filter for it was ignored.`);
    return ok;
  });
  const view = VIEWS.find((v) => v === c.view);
  if (c.view !== null && !view) notices.push(`The link's compare view ${quote(c.view)} does not exist; it was ignored.`);
  return {
    patch: {
      filterB: { tasks, cpus, range: c.range, syscallsOnly: c.syscallsOnly },
      quantity: c.quantity,
      normalisation: c.normalisation,
      layoutBy: c.layoutBy,
      negated: c.negated,
      presence: c.presence,
      minChangePercent: c.minChangePercent,
      underZoom: c.underZoom,
      zoomPath: [...c.zoomPath],
      focusPath: [...c.focusPath],
      pathsFrom: c.pathsFrom,
      exactNames: c.exactNames,
      tableSort: c.tableSort,
      ...(view ? { view } : {}),
    },
    notices,
  };
}

/** Whether opening side B for this link needs the user to give a file. */
export function needsFileB(c: SharedCompare): boolean {
  return !c.same && c.traceUrl === null;
}

/**
 * The notice when side B, ready, is not the file the link names (`name`: the link's): the
 * name quoted and set apart (view-mapping.ts quote), so a right-to-left override in it
 * cannot turn the rest of the notice round.
 */
export function otherSideBNotice(name: string): string {
  return `Side B is not the trace the link names (${quote(name)}); its view was applied anyway.`;
}
