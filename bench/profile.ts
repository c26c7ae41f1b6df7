/**
 * Summarises a V8 `.cpuprofile` (node --cpu-prof, Chrome DevTools): the functions with the
 * most self time, and the most inclusive time (each sample counted once per function on
 * its stack, so recursion does not double count).
 *
 *   tsx bench/profile.ts FILE.cpuprofile [TOP]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  totalMs: number;
  bySelf: ProfileRow[];
  byTotal: ProfileRow[];
  /** Self time per source file (or `(native)` / `(gc)` / …). */
  byFile: { file: string; selfMs: number }[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function where(url: string, line: number): string {
  if (!url) return '(native)';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = relative(ROOT, fileURLToPath(url));
    } catch {
      /* keep the URL */
    }
  } else if (/^https?:\/\//.test(url)) {
    path = new URL(url).pathname.replace(/^\//, '');
  }
  // Line 1 everywhere means the positions are in transformed code without a useful map.
  return line > 0 ? `${path}:${line + 1}` : path;
}

function summarizeProfile(file: string, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map<number, string>();
  const rows = new Map<string, ProfileRow>();
  const fileSelf = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    const w = where(f.url, f.lineNumber);
    const key = `${name}\u0000${w}`;
    keyOf.set(n.id, key);
    if (!rows.has(key)) rows.set(key, { name, where: w, selfMs: 0, totalMs: 0 });
  }
  let totalUs = 0;
  const seen = new Set<string>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    if (dt <= 0) continue;
    totalUs += dt;
    const id = p.samples[i];
    const row = rows.get(keyOf.get(id)!)!;
    row.selfMs += dt / 1000;
    const node = byId.get(id)!;
    const fileKey = node.callFrame.url ? where(node.callFrame.url, -1) : row.name.startsWith('(') ? row.name : '(native)';
    fileSelf.set(fileKey, (fileSelf.get(fileKey) ?? 0) + dt / 1000);
    seen.clear();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const k = keyOf.get(n)!;
      if (seen.has(k)) continue;
      seen.add(k);
      rows.get(k)!.totalMs += dt / 1000;
    }
  }
  const all = [...rows.values()];
  const meta = (r: ProfileRow) => r.name === '(root)' || r.name === '(program)' || r.name === '(idle)';
  return {
    totalMs: totalUs / 1000,
    bySelf: all.filter((r) => r.selfMs > 0).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byTotal: all.filter((r) => !meta(r)).sort((a, b) => b.totalMs - a.totalMs).slice(0, top),
    byFile: [...fileSelf].map(([f, ms]) => ({ file: f, selfMs: ms })).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}

/** `node --cpu-prof` writes one profile per thread (tsx adds a loader thread): the busiest wins. */
export function busiestProfile(files: string[], top = 15): ProfileSummary {
  let best: ProfileSummary | undefined;
  for (const f of files) {
    const s = summarizeProfile(f, top);
    const busy = (x: ProfileSummary) => x.totalMs - x.bySelf.filter((r) => r.name === '(idle)').reduce((a, r) => a + r.selfMs, 0);
    if (!best || busy(s) > busy(best)) best = s;
  }
  return best!;
}

export function formatProfile(s: ProfileSummary, indent = '  '): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
  const out: string[] = [];
  out.push(`${indent}sampled ${(s.totalMs / 1000).toFixed(2)} s`);
  out.push(`${indent}hottest functions by self time:`);
  for (const r of s.bySelf) out.push(`${indent}  ${pct(r.selfMs)}  ${(r.selfMs / 1000).toFixed(2).padStart(7)} s  ${r.name}  ${r.where}`);
  out.push(`${indent}by inclusive time:`);
  for (const r of s.byTotal) out.push(`${indent}  ${pct(r.totalMs)}  ${(r.totalMs / 1000).toFixed(2).padStart(7)} s  ${r.name}  ${r.where}`);
  out.push(`${indent}self time by file:`);
  for (const r of s.byFile) out.push(`${indent}  ${pct(r.selfMs)}  ${r.file}`);
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Positional only: parseArgs refuses any --option.
  const args = parseArgs({ allowPositionals: true, strict: true, options: {} }).positionals;
  const top = args.length > 1 && /^\d+$/.test(args[args.length - 1]) ? Number(args.pop()) : 15;
  if (args.length === 0) {
    console.error('usage: tsx bench/profile.ts FILE.cpuprofile... [TOP]   (several files: the busiest one)');
    process.exit(2);
  }
  console.log(formatProfile(busiestProfile(args, top)));
}
