import { describe, expect, it } from 'vitest';
import { cpuChip } from './cpu-chip';

describe('cpuChip', () => {
  it('names the CPUs, and says a call is kept by the CPU it was entered on, counted whole', () => {
    expect(cpuChip([0]).text).toBe('CPU 0');
    expect(cpuChip([0, 3]).text).toBe('CPUs 0, 3');
    const { text, title } = cpuChip([1]);
    expect(title.startsWith(text)).toBe(true);
    // filter.ts: `cpus` is the CPU a call was entered on; its duration is not cut where it migrated.
    expect(title).toMatch(/entered on it/);
    expect(title).toMatch(/counted whole/);
    expect(title).toMatch(/moved to another CPU/);
    expect(cpuChip([1, 2]).title).toMatch(/entered on them/);
  });
});
