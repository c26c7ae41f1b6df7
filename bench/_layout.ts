import { readFileSync } from 'node:fs';
import { TraceService } from '../src/service/trace-service';
import { DerivedData } from '../src/service/derived/derived-data';
import { mergeCallTrees } from '../src/core/query/compare';
import { DiffLayoutBase } from '../src/service/queries/diff-layout';
const ms = [];
for (const seed of [1,2]) { const s = new TraceService(); await s.load(new Blob([readFileSync(`/tmp/ftrace-explorer-bench/compare-1000000-seed${seed}.txt`)]), {name:'x'}); ms.push(s.currentModel()!); }
const t = ms.map((m) => new DerivedData(m).topDown({filter:{}, inverted:false, groupByTask:false}));
for (let i = 0; i < 4; i++) {
  let t0 = performance.now();
  const mg = mergeCallTrees(t[0], t[1]);
  const tm = performance.now() - t0;
  const base = new DiffLayoutBase(mg);
  const times = [];
  for (let j = 0; j < 4; j++) { t0 = performance.now(); const l = base.layout({layoutBy: j % 2 ? 'a' : 'b', quantity: 'total', zoomPath: [], minWidth: 2 ** -12}); times.push((performance.now() - t0).toFixed(1) + '/' + l.node.length); }
  console.log('merge', tm.toFixed(1), 'layouts', times.join(' '));
}
process.exit(0);
