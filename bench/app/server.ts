/** The app under test: a production build in a temp dir, served by `vite preview` on a free loopback port. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}


export function buildApp(outDir: string): number {
  const t0 = performance.now();
  const r = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
  return performance.now() - t0;
}

export async function startPreview(outDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', outDir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so it and its children stop together
  });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let k = 0; k < 150; k++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok) return { child, url };
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  stopPreview(child);
  throw new Error(`vite preview did not answer on ${url}: ${stderr}`);
}

export function stopPreview(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
}

/** A build the app benchmarks compare, served by `vite preview`. */
export interface ServedBuild {
  label: string;
  dir: string;
  url: string;
  child: ChildProcess;
}

/**
 * The builds a benchmark compares side by side, each served: `--dist label=DIR` options
 * (prebuilt `vite build` outputs), or, with none, this checkout built into a temp dir as
 * `this`. `stop()` stops the servers and removes that temp dir.
 */
export async function serveBuilds(dist: readonly string[] | undefined, tempPrefix: string): Promise<{ servers: ServedBuild[]; stop: () => void }> {
  const builds = (dist ?? []).map((d) => {
    const at = d.indexOf('=');
    return { label: d.slice(0, at), dir: d.slice(at + 1) };
  });
  let builtDir: string | undefined;
  if (builds.length === 0) {
    builtDir = mkdtempSync(join(tmpdir(), tempPrefix));
    process.stderr.write('building … ');
    buildApp(builtDir);
    builds.push({ label: 'this', dir: builtDir });
  }
  const servers = await Promise.all(builds.map(async (b) => ({ ...b, ...(await startPreview(b.dir)) })));
  return {
    servers,
    stop: () => {
      for (const s of servers) stopPreview(s.child);
      if (builtDir) rmSync(builtDir, { recursive: true, force: true });
    },
  };
}
