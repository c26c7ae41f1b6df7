import { describe, expect, it } from 'vitest';
import { cpuByRole, cpuRole, type ThreadCpu } from './procs';

const thread = (process: string, name: string, cpuMs: number): ThreadCpu => ({ pid: 1, tid: 2, process, name, cpuMs });

describe('cpuRole', () => {
  it('tells the workers, the File read, V8 helpers and the page apart by process and thread name', () => {
    expect(cpuRole(thread('renderer', 'DedicatedWorker', 0))).toBe('workers');
    expect(cpuRole(thread('renderer', 'Chrome_ChildIOT', 0))).toBe('file read');
    expect(cpuRole(thread('browser', 'Chrome_IOThread', 0))).toBe('file read');
    expect(cpuRole(thread('browser', 'ThreadPoolForeg', 0))).toBe('file read');
    expect(cpuRole(thread('renderer', 'ThreadPoolForeg', 0))).toBe('V8 helpers');
    expect(cpuRole(thread('renderer', 'chromium', 0))).toBe('page');
    // The browser's own main thread and the GPU process do none of the load.
    expect(cpuRole(thread('browser', 'chromium', 0))).toBe('other');
    expect(cpuRole(thread('gpu-process', 'DedicatedWorker', 0))).toBe('other');
  });

  it('adds each role up and lists every role', () => {
    const roles = cpuByRole([thread('renderer', 'DedicatedWorker', 400), thread('renderer', 'DedicatedWorker', 350), thread('browser', 'Chrome_IOThread', 90), thread('renderer', 'Chrome_ChildIOT', 10)]);
    expect(roles).toEqual({ workers: 750, 'file read': 100, 'V8 helpers': 0, page: 0, other: 0 });
  });
});
