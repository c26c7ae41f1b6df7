/**
 * The first difference between two models, field by field (null when there is none): what
 * a test of "the same model, built another way" asserts. Every part of the model counts:
 * the string table's order, every call column, tasks, events, notes, diagnostics with their
 * items and line numbers, and the facts of the input.
 */
import type { TraceModel } from '../core/model/tables';

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? s.slice(0, 300) + '…' : s;
}

/** The first index where two array-likes differ, -1 when none (lengths compared first). */
function firstIndex(a: ArrayLike<unknown>, b: ArrayLike<unknown>, n: number): number {
  for (let i = 0; i < n; i++) if (!same(a[i], b[i])) return i;
  return -1;
}

export function modelDifference(a: TraceModel, b: TraceModel): string | null {
  for (const key of ['format', 'textBytes', 'cpuCount', 'kernelRelease', 'hasTimestamps'] as const) {
    if (!same(a[key], b[key])) return `${key}: ${show(a[key])} vs ${show(b[key])}`;
  }
  const sa = a.strings.strings;
  const sb = b.strings.strings;
  if (sa.length !== sb.length) return `strings: ${sa.length} vs ${sb.length}`;
  let i = firstIndex(sa, sb, sa.length);
  if (i >= 0) return `strings[${i}]: ${show(sa[i])} vs ${show(sb[i])}`;
  const ca = a.calls;
  const cb = b.calls;
  if (ca.length !== cb.length) return `calls: ${ca.length} vs ${cb.length}`;
  for (const col of ['func', 'parent', 'task', 'depth', 'cpu', 'flags', 'start', 'duration', 'self', 'line'] as const) {
    i = firstIndex(ca[col], cb[col], ca.length);
    if (i >= 0) return `calls.${col}[${i}]: ${ca[col][i]} vs ${cb[col][i]}`;
  }
  // The flags' interrupt context (irq-context.ts): made only where lines print flags.
  if ((ca.context === undefined) !== (cb.context === undefined)) return `calls.context: ${show(ca.context === undefined)} vs ${show(cb.context === undefined)} undefined`;
  if (ca.context && cb.context) {
    i = firstIndex(ca.context, cb.context, ca.length);
    if (i >= 0) return `calls.context[${i}]: ${ca.context[i]} vs ${cb.context[i]}`;
  }
  if (a.tasks.length !== b.tasks.length) return `tasks: ${a.tasks.length} vs ${b.tasks.length}`;
  i = firstIndex(a.tasks, b.tasks, a.tasks.length);
  if (i >= 0) return `tasks[${i}]: ${show(a.tasks[i])} vs ${show(b.tasks[i])}`;
  const ea = a.events;
  const eb = b.events;
  if (ea.length !== eb.length) return `events: ${ea.length} vs ${eb.length}`;
  for (const col of ['task', 'cpu', 'ts', 'name', 'text', 'line', 'stack'] as const) {
    i = firstIndex(ea[col], eb[col], ea.length);
    if (i >= 0) return `events.${col}[${i}]: ${show(ea[col][i])} vs ${show(eb[col][i])}`;
  }
  if (a.notes.length !== b.notes.length) return `notes: ${a.notes.length} vs ${b.notes.length}`;
  for (let c = 0; c < ca.length && a.notes.length > 0; c++) {
    if (!same(a.notes.get(c), b.notes.get(c))) return `notes of call ${c}: ${show(a.notes.get(c))} vs ${show(b.notes.get(c))}`;
  }
  const da = a.diagnostics;
  const db = b.diagnostics;
  for (const key of Object.keys(da) as (keyof typeof da)[]) {
    if (key === 'items') continue;
    if (!same(da[key], db[key])) return `diagnostics.${key}: ${show(da[key])} vs ${show(db[key])}`;
  }
  if (da.items.length !== db.items.length) return `diagnostics.items: ${da.items.length} vs ${db.items.length}`;
  i = firstIndex(da.items, db.items, da.items.length);
  if (i >= 0) return `diagnostics.items[${i}]: ${show(da.items[i])} vs ${show(db.items[i])}`;
  if (!same(a.interrupts, b.interrupts)) return `interrupts: ${show(a.interrupts)} vs ${show(b.interrupts)}`;
  return null;
}
