/**
 * The import rules of src/README.md, checked on every source file under src/ and
 * workers/. A forbidden import fails this test with the file, the line and the rule.
 *
 * Layers (by folder) and what each may import:
 *   lib         nothing: pure, dependency-free helpers (no other folder, no package, no
 *               Node built-in, no host global such as window, localStorage or setTimeout)
 *   core        core only (pure TS: runs in the worker, in Node and in tests)
 *   service     service, core
 *   workers     workers, service; comlink
 *   client      client, service (`import type` only); comlink
 *   state       state, client, core (`import type` only); zustand
 *   ui          ui, state, core (`import type` only); react, react-dom, zustand, d3
 *   cli         cli, core; Node built-ins
 *   test-utils  test-utils, core, service (the service's test views), cli (the command line run in-process)
 *   bootstrap   src/main.tsx: ui, state, client; react, react-dom
 * Every layer may also import lib.
 * Test code (`*.test.ts`, and everything under src/test-utils/) may also import vitest,
 * Node built-ins and test-utils; code that ships may not import test code (it would pull
 * Node built-ins into the worker bundle). Test helpers live in src/test-utils/, not beside
 * the code they test: a `test-*.ts` or a `test-support/` folder elsewhere is refused.
 * A file in a folder that is not in this table fails the test: add the folder here and
 * in src/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

type Layer = 'lib' | 'core' | 'service' | 'workers' | 'client' | 'state' | 'ui' | 'cli' | 'test-utils' | 'bootstrap' | 'tooling';

/** Folder (or file) prefixes, repo-relative with `/`, most specific first. */
const LAYER_PREFIXES: readonly [string, Layer][] = [
  ['src/lib/', 'lib'],
  ['src/core/', 'core'],
  ['src/service/', 'service'],
  ['workers/', 'workers'],
  ['src/client/', 'client'],
  ['src/state/', 'state'],
  ['src/ui/', 'ui'],
  ['src/cli/', 'cli'],
  ['src/test-utils/', 'test-utils'],
  ['src/main.tsx', 'bootstrap'],
  ['src/architecture.test.ts', 'tooling'],
  ['src/repository-text.test.ts', 'tooling'],
];

/** `any`: value and type imports; `type`: only `import type` / `export type … from`. */
type Access = 'any' | 'type';

const ALLOWED_LAYERS: Record<Layer, Partial<Record<Layer, Access>>> = {
  lib: { lib: 'any' },
  core: { core: 'any', lib: 'any' },
  service: { service: 'any', core: 'any', lib: 'any' },
  workers: { workers: 'any', service: 'any', lib: 'any' },
  client: { client: 'any', service: 'type', lib: 'any' },
  state: { state: 'any', client: 'any', core: 'type', lib: 'any' },
  ui: { ui: 'any', state: 'any', core: 'type', lib: 'any' },
  cli: { cli: 'any', core: 'any', lib: 'any' },
  // The client's types: the state's tests talk to a fake of it (fake-trace-client.ts).
  'test-utils': { 'test-utils': 'any', core: 'any', service: 'any', cli: 'any', lib: 'any', client: 'type' },
  bootstrap: { bootstrap: 'any', ui: 'any', state: 'any', client: 'any', lib: 'any' },
  tooling: {},
};

/** Packages that tie code to a framework, a thread or the DOM: allowed only where listed. */
const BOUND_PACKAGES = ['react', 'react-dom', 'zustand', 'comlink', 'd3-selection', 'd3-zoom', 'd3-brush'];

const ALLOWED_BOUND_PACKAGES: Record<Layer, readonly string[]> = {
  lib: [],
  core: [],
  service: [],
  workers: ['comlink'],
  client: ['comlink'],
  state: ['zustand'],
  ui: ['react', 'react-dom', 'zustand', 'd3-selection', 'd3-zoom', 'd3-brush'],
  cli: [],
  'test-utils': [],
  bootstrap: ['react', 'react-dom'],
  tooling: [],
};

/** Layers whose (non-test) code may use Node built-ins. Everything else runs in a browser. */
const NODE_LAYERS: readonly Layer[] = ['cli', 'tooling'];
/** Packages only tests may use. */
const TEST_ONLY_PACKAGES = ['vitest', '@playwright/test'];
/** Layers whose (non-test) code may import no package at all: dependency-free. */
const PACKAGE_FREE_LAYERS: readonly Layer[] = ['lib'];
/** Layers whose (non-test) code may not touch what a host (browser, worker, Node) provides. */
const HOST_FREE_LAYERS: readonly Layer[] = ['lib'];
/**
 * Globals of a browser page, a worker or Node: code that uses one runs in one of them only,
 * or has effects (storage, timers, network). ECMAScript's own (Math, Intl, encodeURIComponent)
 * are fine.
 */
const HOST_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage',
  'indexedDB', 'fetch', 'XMLHttpRequest', 'WebSocket', 'Worker', 'self', 'postMessage',
  'setTimeout', 'setInterval', 'requestAnimationFrame', 'queueMicrotask', 'performance',
  'crypto', 'process', 'Buffer', 'require', 'global', '__dirname', '__filename',
];

export interface SourceFile {
  /** Repo-relative path with `/`. */
  path: string;
  source: string;
}

export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/**
 * Blanks out comments and the contents of string literals (keeping quotes, line breaks
 * and every offset), so commented-out imports and `import` inside strings are ignored.
 */
export function blankCommentsAndStrings(src: string): string {
  const out = src.split('');
  const n = src.length;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < n) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(j, n));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** Each pattern ends right before the opening quote of the module specifier. */
const IMPORT_PATTERNS: readonly RegExp[] = [
  // import x from 'm'; import type { X } from 'm'; import * as m from 'm'
  /\bimport\s+(type\s+)?[^;'"`]*?\bfrom\s*(?=['"])/g,
  // export { x } from 'm'; export type { X } from 'm'; export * from 'm'
  /\bexport\s+(type\s+)?[^;'"`=()]*?\bfrom\s*(?=['"])/g,
  // import 'm' (side effect)
  /\bimport\s*()(?=['"])/g,
  // import('m')
  /\bimport\s*\(\s*()(?=['"])/g,
];

export function findImports(source: string): ImportRef[] {
  const code = blankCommentsAndStrings(source);
  const refs: ImportRef[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const m of code.matchAll(pattern)) {
      const open = m.index + m[0].length;
      const close = source.indexOf(source[open], open + 1);
      if (close < 0) continue;
      const line = code.slice(0, m.index).split('\n').length;
      refs.push({ specifier: source.slice(open + 1, close), typeOnly: Boolean(m[1]), line });
    }
  }
  return refs.sort((a, b) => a.line - b.line);
}

export function layerOf(path: string): Layer | undefined {
  for (const [prefix, layer] of LAYER_PREFIXES) if (path === prefix || path.startsWith(prefix)) return layer;
  return undefined;
}

/** Tests and their helpers: never part of the app or worker bundle. */
const isTestFile = (path: string): boolean => /\.test\.tsx?$/.test(path) || path.startsWith('src/test-utils/');
/** A test helper outside src/test-utils/ (in a folder that ships). */
const isStrayTestHelper = (path: string): boolean =>
  !path.startsWith('src/test-utils/') && (/(^|\/)test-[^/]*\.tsx?$/.test(path) || path.includes('/test-support/'));
const NODE_BUILTINS = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every broken rule, as `path:line: message`. */
export function checkImports(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (file.path.endsWith('.d.ts')) continue;
    const from = layerOf(file.path);
    if (!from) {
      problems.push(`${file.path}: not in any layer (add its folder to src/architecture.test.ts and src/README.md)`);
      continue;
    }
    const test = isTestFile(file.path);
    if (isStrayTestHelper(file.path)) problems.push(`${file.path}: test helpers belong in src/test-utils/`);
    for (const ref of findImports(file.source)) {
      const where = `${file.path}:${ref.line}: '${ref.specifier}'`;
      const spec = ref.specifier.replace(/\?.*$/, '');
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const target = spec.startsWith('@/')
          ? posix.join('src', spec.slice(2))
          : posix.normalize(posix.join(posix.dirname(file.path), spec));
        const to = layerOf(target) ?? layerOf(`${target}/`);
        if (!to) {
          problems.push(`${where}: imports ${target}, which is in no layer`);
          continue;
        }
        const access = ALLOWED_LAYERS[from][to] ?? (test && to === 'test-utils' ? 'any' : undefined);
        const targetIsTest = isTestFile(target) || isTestFile(`${target}.ts`) || to === 'test-utils';
        if (!access) problems.push(`${where}: ${from} may not import ${to}`);
        else if (targetIsTest && !test && !ref.typeOnly) problems.push(`${where}: only test code may import test code`);
        else if (access === 'type' && !ref.typeOnly) problems.push(`${where}: ${from} may import ${to} with \`import type\` only`);
        continue;
      }
      const name = packageName(spec);
      if (spec.startsWith('node:') || NODE_BUILTINS.has(name)) {
        if (!test && !NODE_LAYERS.includes(from)) problems.push(`${where}: ${from} runs in the browser: no Node built-ins`);
        continue;
      }
      if (TEST_ONLY_PACKAGES.includes(name)) {
        if (!test && from !== 'tooling') problems.push(`${where}: only tests may import ${name}`);
        continue;
      }
      if (!test && PACKAGE_FREE_LAYERS.includes(from)) {
        problems.push(`${where}: ${from} is dependency-free: it may import no package`);
        continue;
      }
      if (BOUND_PACKAGES.includes(name) && !ALLOWED_BOUND_PACKAGES[from].includes(name)) {
        problems.push(`${where}: ${from} may not import ${name}`);
      }
    }
  }
  return problems;
}

/** Host globals used by code that must run anywhere, as `path:line: message`. */
export function checkHostGlobals(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  // Not a property (`o.self`), a longer name (`selfish`) or an object key (`{ self: 1 }`).
  const pattern = new RegExp(`(?<![.\\w$])(${HOST_GLOBALS.join('|')})(?![\\w$]|\\s*:)`, 'g');
  for (const file of files) {
    const layer = layerOf(file.path);
    if (!layer || !HOST_FREE_LAYERS.includes(layer) || isTestFile(file.path)) continue;
    const code = blankCommentsAndStrings(file.source);
    for (const m of code.matchAll(pattern)) {
      const line = code.slice(0, m.index).split('\n').length;
      problems.push(`${file.path}:${line}: ${layer} is pure: no host global '${m[1]}'`);
    }
  }
  return problems;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function listSources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const p = join(abs, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) {
        out.push({ path: relative(ROOT, p).split(sep).join('/'), source: readFileSync(p, 'utf8') });
      }
    }
  };
  walk(join(ROOT, dir));
  return out;
}

describe('architecture: import rules (src/README.md)', () => {
  it('every file under src/ and workers/ follows them', () => {
    const files = [...listSources('src'), ...listSources('workers')];
    expect(files.length).toBeGreaterThan(20);
    expect(checkImports(files)).toEqual([]);
    expect(files.some((f) => layerOf(f.path) === 'lib')).toBe(true);
    expect(checkHostGlobals(files)).toEqual([]);
  });

  it('the checker catches forbidden imports', () => {
    const files: SourceFile[] = [
      { path: 'src/core/model/x.ts', source: "import { create } from 'zustand';\nimport { a } from '../../ui/format';" },
      { path: 'src/core/y.ts', source: "import { readFileSync } from 'node:fs';" },
      { path: 'src/client/c.ts', source: "import { TraceService } from '../service/trace-service';" },
      { path: 'src/ui/u.tsx', source: "import { summarize } from '../core/query/summary';\nimport { wrap } from 'comlink';" },
      { path: 'src/ui/v.tsx', source: "import { TraceClient } from '../client/trace-client';" },
      { path: 'src/service/s.ts', source: "export { App } from '../ui/app/App';" },
      { path: 'src/state/s.ts', source: "const m = await import('../service/trace-service');" },
      { path: 'src/core/query/q.ts', source: "import { modelFromDsl } from '../../test-utils/model-dsl';\nimport { x } from './call-tree.test';" },
      { path: 'src/service/queries/test-views.ts', source: '' },
      { path: 'src/newdir/z.ts', source: '' },
      { path: 'src/lib/l.ts', source: "import { summarize } from '../core/query/summary';\nimport type { X } from '../ui/x';" },
      { path: 'src/lib/m.ts', source: "import { scaleLinear } from 'd3-scale';\nimport { create } from 'zustand';\nimport { gzipSync } from 'node:zlib';" },
    ];
    expect(checkImports(files).map((p) => p.replace(/:\d+: '[^']*': /, ': '))).toEqual([
      "src/core/model/x.ts: core may not import zustand",
      "src/core/model/x.ts: core may not import ui",
      "src/core/y.ts: core runs in the browser: no Node built-ins",
      "src/client/c.ts: client may import service with `import type` only",
      "src/ui/u.tsx: ui may import core with `import type` only",
      "src/ui/u.tsx: ui may not import comlink",
      "src/ui/v.tsx: ui may not import client",
      "src/service/s.ts: service may not import ui",
      "src/state/s.ts: state may not import service",
      'src/core/query/q.ts: core may not import test-utils',
      'src/core/query/q.ts: only test code may import test code',
      'src/service/queries/test-views.ts: test helpers belong in src/test-utils/',
      'src/newdir/z.ts: not in any layer (add its folder to src/architecture.test.ts and src/README.md)',
      'src/lib/l.ts: lib may not import core',
      'src/lib/l.ts: lib may not import ui',
      'src/lib/m.ts: lib is dependency-free: it may import no package',
      'src/lib/m.ts: lib is dependency-free: it may import no package',
      'src/lib/m.ts: lib runs in the browser: no Node built-ins',
    ]);
  });

  it('the checker catches host globals in lib, and only there', () => {
    const files: SourceFile[] = [
      {
        path: 'src/lib/h.ts',
        source: "export const v = () => localStorage.getItem('k');\nexport function later() { setTimeout(() => 0, 1); return window.innerWidth; }",
      },
      // Properties, longer names, comments and strings are not globals; tests and other layers may use them.
      { path: 'src/lib/ok.ts', source: "// window\nconst o = { self: 1 };\nexport const w = o.self + 'document'.length;\nconst selfish = 2;" },
      { path: 'src/lib/ok.test.ts', source: "setTimeout(() => 0, 1);" },
      { path: 'src/state/s.ts', source: "localStorage.getItem('k');" },
    ];
    expect(checkHostGlobals(files)).toEqual([
      "src/lib/h.ts:1: lib is pure: no host global 'localStorage'",
      "src/lib/h.ts:2: lib is pure: no host global 'setTimeout'",
      "src/lib/h.ts:2: lib is pure: no host global 'window'",
    ]);
  });

  it('allows what the rules allow, and ignores comments', () => {
    const files: SourceFile[] = [
      { path: 'src/ui/a.tsx', source: "import type { TraceSummary } from '../core/query/summary';\nimport { useAppStore } from '../state/store';\nimport { useState } from 'react';" },
      { path: 'src/client/c.ts', source: "import type {\n  LoadResult,\n} from '../service/api';\nexport type { LoadResult } from '../service/api';\nimport { wrap } from 'comlink';" },
      { path: 'src/core/x.test.ts', source: "import { readFileSync } from 'node:fs';\nimport { it } from 'vitest';" },
      { path: 'src/test-utils/model-dsl.ts', source: "import { readFileSync } from 'node:fs';\nimport { TraceLoader } from '../core/load';" },
      { path: 'src/test-utils/traces.ts', source: "import { gunzipSync } from 'node:zlib';" },
      { path: 'src/test-utils/service-views.ts', source: "import { DerivedData } from '../service/derived/derived-data';" },
      { path: 'src/core/query/x.test.ts', source: "import { m } from '../../test-utils/model-dsl';\nimport { t } from '../../test-utils/traces';" },
      { path: 'src/core/d.ts', source: "// import { create } from 'zustand';\n/* import x from '../ui/app/App' */\nconst s = 'import y from \"react\"';" },
      // Every layer may import lib; lib's own tests may use vitest and Node built-ins.
      ...['core', 'service', 'client', 'state', 'ui', 'cli', 'test-utils'].map((layer) => ({
        path: `src/${layer}/a.ts`,
        source: "import { elixirUrl } from '../lib/kernel-source';",
      })),
      { path: 'src/lib/b.ts', source: "import { elixirUrl } from './kernel-source';" },
      { path: 'workers/w.ts', source: "import { isGzip } from '../src/lib/file-magic';" },
      { path: 'src/main.tsx', source: "import { MAX_SUBTREE_ROWS } from './lib/limits';" },
      { path: 'src/lib/x.test.ts', source: "import { readFileSync } from 'node:fs';\nimport { it } from 'vitest';\nimport { isGzip } from './file-magic';" },
    ];
    expect(checkImports(files)).toEqual([]);
  });
});

/**
 * Inside ui, the canvas chart kit (ui/chart) depends on no view, and the chart views share
 * code only through it: a chart view may render another's component (both flame views show
 * the Overview strip) but not use its modules. Imports outside ui follow the layer rules.
 */
const CHART_KIT = 'src/ui/chart/';
const CHART_VIEWS = ['src/ui/flame-graph/', 'src/ui/flame-chart/', 'src/ui/overview/'];
/** Components a chart view may render from another: the overview strip. */
const SHARED_VIEW_COMPONENTS = ['src/ui/overview/Overview'];
/** Modules of ui outside the kit that the kit may use. */
const KIT_MAY_USE = ['src/ui/format'];

/** Every broken chart kit rule, as `path:line: message`. */
export function checkChartKit(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (!file.path.startsWith('src/ui/')) continue;
    const fromView = CHART_VIEWS.find((v) => file.path.startsWith(v));
    for (const ref of findImports(file.source)) {
      if (!ref.specifier.startsWith('.')) continue;
      const target = posix.normalize(posix.join(posix.dirname(file.path), ref.specifier)).replace(/\.tsx?$/, '');
      if (!target.startsWith('src/ui/')) continue;
      const where = `${file.path}:${ref.line}: '${ref.specifier}'`;
      if (file.path.startsWith(CHART_KIT) && !target.startsWith(CHART_KIT) && !KIT_MAY_USE.includes(target)) {
        problems.push(`${where}: ui/chart may not import ${target} (the kit depends on no view)`);
      }
      const toView = CHART_VIEWS.find((v) => target.startsWith(v));
      if (fromView && toView && toView !== fromView && !SHARED_VIEW_COMPONENTS.includes(target)) {
        problems.push(`${where}: a chart view may not use another's modules (share them through ui/chart)`);
      }
    }
  }
  return problems;
}

describe('architecture: the chart kit (src/README.md)', () => {
  it('every file under src/ui follows it', () => {
    const files = listSources('src/ui');
    expect(files.some((f) => f.path.startsWith(CHART_KIT))).toBe(true);
    expect(checkChartKit(files)).toEqual([]);
  });

  it('the checker catches a view using another view, and the kit using a view', () => {
    const files: SourceFile[] = [
      { path: 'src/ui/flame-chart/c.ts', source: "import { x } from '../flame-graph/colors';\nimport { Overview } from '../overview/Overview';" },
      { path: 'src/ui/overview/o.ts', source: "import { d } from '../flame-chart/draw';" },
      { path: 'src/ui/chart/k.ts', source: "import { v } from '../flame-graph/FlameGraphView';\nimport { f } from '../format';\nimport type { S } from '../../state/store';" },
      { path: 'src/ui/call-tree/t.ts', source: "import { r } from '../chart/frame-rows';\nimport { c } from '../flame-graph/colors';" },
    ];
    expect(checkChartKit(files).map((p) => p.replace(/:\d+: '[^']*': /, ': '))).toEqual([
      "src/ui/flame-chart/c.ts: a chart view may not use another's modules (share them through ui/chart)",
      "src/ui/overview/o.ts: a chart view may not use another's modules (share them through ui/chart)",
      'src/ui/chart/k.ts: ui/chart may not import src/ui/flame-graph/FlameGraphView (the kit depends on no view)',
    ]);
  });
});
