import { describe, expect, test } from 'vitest';
import { DerivedData } from '../derived/derived-data';
import { loadText } from '../../test-utils/traces';
import { hookPointsOf, MAX_HOOK_LIST_ROWS } from './hook-points';

/** `n` tasks, each calling kmalloc once, each returning a pointer of its own (funcgraph-retval). */
function manyTasks(n: number): DerivedData {
  const lines = ['cpus=1'];
  for (let k = 0; k < n; k++) {
    const ts = (1 + k / 1e6).toFixed(6);
    lines.push(`w-${k + 1} [000] ${ts}: funcgraph_entry: 0.100 us | kmalloc(); (ret=0xffff8881${k.toString(16).padStart(8, '0')})`);
  }
  return new DerivedData(loadText(lines.join('\n') + '\n'));
}

describe('the Hook points answer of a function every one of many tasks calls', () => {
  test('sends the first tasks and return values and counts them all: the page is not sent a row per task', () => {
    const n = 3 * MAX_HOOK_LIST_ROWS;
    const h = hookPointsOf(manyTasks(n), {}, 'kmalloc');
    expect(h?.calls).toBe(n);
    expect(h?.taskCount).toBe(n);
    expect(h?.returnValueCount).toBe(n);
    expect(h?.tasks.length).toBe(MAX_HOOK_LIST_ROWS);
    expect(h?.returnValues.length).toBe(MAX_HOOK_LIST_ROWS);
    // the busiest first, ties by task: the first tasks of the trace
    expect(h?.tasks[0]).toEqual({ task: 0, label: 'w-1', calls: 1 });
    expect(h?.returnValues[0].count).toBe(1);
  });
});
