/** The source links' version: the trace's own kernel by default, the user's choice first. */
import { describe, expect, it } from 'vitest';
import { traceKernelVersion } from './kernel-version';

describe('traceKernelVersion', () => {
  it("defaults to the trace's kernel instead of latest", () => {
    expect(traceKernelVersion('latest', null, null, 'v6.1')).toBe('v6.1');
    expect(traceKernelVersion('latest', null, null, null)).toBe('latest');
  });

  it('follows the next trace while the version is still a default', () => {
    expect(traceKernelVersion('v6.1', 'v6.1', null, 'v6.8')).toBe('v6.8');
    expect(traceKernelVersion('v6.1', 'v6.1', null, null)).toBe('latest');
  });

  it("keeps the user's choice: remembered, or picked now (a link's)", () => {
    expect(traceKernelVersion('v6.8', null, 'v6.8', 'v6.1')).toBe('v6.8');
    expect(traceKernelVersion('latest', null, 'latest', 'v6.1')).toBe('latest');
    expect(traceKernelVersion('v5.15', 'v6.1', null, 'v6.1')).toBe('v5.15');
  });
});
