import { describe, expect, test } from 'vitest';
import { applyIrqMode } from '../model/interrupt-mode';
import type { TraceModel } from '../model/tables';
import { freshFacts } from '../../test-utils/fresh-facts';
import { REFERENCE_MODELS } from '../../test-utils/reference/models';
import { loadTraceModel, traceManifest } from '../../test-utils/traces';
import { computeEnclosing, entryFinder } from './enclosing';

/** Each call's root by the pass over every call in the topology's order (a parent met first is known). */
function rootsByPass(model: TraceModel): Int32Array {
  const { order } = freshFacts(model).topology();
  const { parent } = model.calls;
  const root = new Int32Array(model.calls.length).fill(-1);
  const seen = new Uint8Array(model.calls.length);
  for (const c of order) {
    const p = parent[c];
    root[c] = p >= 0 && seen[p] === 1 ? root[p] : c;
    seen[c] = 1;
  }
  return root;
}

/** The finder's answer for every call against computeEnclosing's pass; returns how many calls had an entry. */
function expectFinderIsPass(model: TraceModel): number {
  const facts = freshFacts(model);
  const pass = computeEnclosing(model, facts.topology());
  const roots = rootsByPass(model);
  const finder = entryFinder(facts);
  let entered = 0;
  for (let i = 0; i < model.calls.length; i++) {
    if (finder.entryOf(i) !== pass.entryCall[i]) expect({ call: i, entry: finder.entryOf(i) }).toEqual({ call: i, entry: pass.entryCall[i] });
    if (finder.isIrqEntry(i) !== (pass.isIrqEntry[i] === 1)) expect({ call: i, irq: finder.isIrqEntry(i) }).toEqual({ call: i, irq: pass.isIrqEntry[i] === 1 });
    if (finder.rootOf(i) !== roots[i] || pass.rootOf(i) !== roots[i]) expect({ call: i, root: finder.rootOf(i), pass: pass.rootOf(i) }).toEqual({ call: i, root: roots[i], pass: roots[i] });
    if (pass.entryCall[i] >= 0) entered++;
  }
  return entered;
}

describe("each call's nearest entry and root: walked up from the call, as the pass over every call has them", () => {
  test('every real trace in test/traces, in place and with interrupts apart', async () => {
    let entered = 0;
    let irqEntries = 0;
    for (const [k, { file }] of traceManifest().files.entries()) {
      const model = await loadTraceModel(file);
      entered += expectFinderIsPass(model);
      // Interrupts apart re-parents the frames: on every third trace (the suite's time).
      if (k % 3 === 0) entered += expectFinderIsPass(applyIrqMode(model, 'apart'));
      irqEntries += computeEnclosing(model, freshFacts(model).topology()).isIrqEntry.reduce((a, b) => a + b, 0);
    }
    expect(entered).toBeGreaterThan(100_000);
    expect(irqEntries).toBeGreaterThan(100);
  }, 120_000);

  test('broken input (a call its own parent, a parent cycle) reads the pass', () => {
    const [, make] = REFERENCE_MODELS.find(([name]) => name.includes('cycle'))!;
    const model = make();
    expect(freshFacts(model).topology().parentsFirst).toBe(false);
    expectFinderIsPass(model);
  });
});
