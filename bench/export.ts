/**
 * Export speed and memory: a trace's flame graph as SVG and its calls as Chrome trace-event
 * JSON (and folded, speedscope), made the way the worker makes them (service/queries/
 * export.ts over one DerivedData), the chunks counted and dropped as a download would take them.
 *
 *   node --expose-gc --import tsx bench/export.ts FILE [--formats svg,chrome,folded,speedscope]
 *   npx tsx bench/generate.ts --calls 1000000 --out /tmp/1m.txt   # the 1M-call trace
 *
 * Prints one line per format: wall time, output size, chunks, and the memory it added over
 * the loaded model: the peak of heap + array buffers and of RSS, sampled at every chunk.
 */
import { parseArgs } from 'node:util';
import { loadTraceFile } from '../src/cli/load-file';
import { DerivedData } from '../src/service/derived/derived-data';
import { exportChunksOf, type ExportFormat } from '../src/service/queries/export';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { formats: { type: 'string', default: 'svg,chrome,folded,speedscope' } } });
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/export.ts FILE [--formats svg,chrome]\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
const mem = (): { js: number; rss: number } => {
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.arrayBuffers, rss: m.rss };
};

const t0 = performance.now();
const model = await loadTraceFile(file);
const derived = new DerivedData(model);
// What every export reads first (pre-order, depths), built once like the worker keeps it.
derived.topology();
gc();
const loaded = mem();
process.stdout.write(`${file}: ${model.calls.length.toLocaleString('en')} calls, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; model + facts ${mb(loaded.js)} (RSS ${mb(loaded.rss)})\n`);

for (const format of values.formats.split(',') as ExportFormat[]) {
  gc();
  const base = mem();
  let peakJs = base.js;
  let peakRss = base.rss;
  let chars = 0;
  let chunks = 0;
  const start = performance.now();
  const it = exportChunksOf(derived, { format, filter: {}, name: 'bench' });
  for (let r = it.next(); !r.done; r = it.next()) {
    chars += r.value.length;
    chunks++;
    const m = mem();
    peakJs = Math.max(peakJs, m.js);
    peakRss = Math.max(peakRss, m.rss);
  }
  const ms = performance.now() - start;
  process.stdout.write(
    `${format.padEnd(10)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${mb(chars).padStart(9)} in ${String(chunks).padStart(5)} chunks  ` +
      `peak added: heap+buffers ${mb(peakJs - base.js)}, RSS ${mb(peakRss - base.rss)}\n`,
  );
}
