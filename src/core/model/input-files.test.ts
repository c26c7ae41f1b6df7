import { describe, expect, it } from 'vitest';
import { modelFromReport } from '../../test-utils/model-dsl';
import type { TraceModel } from './tables';

/** The name of the call that holds the (only) call of `name`, '' when it is a root. */
function parentOf(m: TraceModel, name: string): string {
  for (let c = 0; c < m.calls.length; c++) {
    if (m.strings.get(m.calls.func[c]) !== name) continue;
    const p = m.calls.parent[c];
    return p < 0 ? '' : m.strings.get(m.calls.func[p]);
  }
  throw new Error(`no call of ${name}`);
}

/** `trace-cmd report -i A -i B` of two recordings with a task of one pid in both, the files printed as `a` and `b`. */
function twoFiles(a: string, b: string): string {
  const w = Math.max(a.length, b.length);
  const p = (name: string) => `${name.padStart(w)}: `;
  return [
    `${p(a)}cpus=2`,
    `${p(b)}cpus=1`,
    `${p(a)}         systemd-1     [000]    11.524982: funcgraph_entry:                   |  do_epoll_wait() {`,
    `${p(b)}         systemd-1     [000]    11.524983: funcgraph_entry:                   |  do_sys_open() {`,
    `${p(a)}         systemd-1     [000]    11.525491: funcgraph_entry:        1.183 us   |    mutex_unlock();`,
    `${p(b)}         systemd-1     [000]    11.525700: funcgraph_exit:       ! 717.000 us |  }`,
    `${p(a)}         systemd-1     [000]    11.525800: funcgraph_exit:       ! 818.000 us |  }`,
  ].join('\n') + '\n';
}

describe('a report of two input files of one base name', () => {
  it('is said once, naming the file: their records cannot be told apart', () => {
    const m = modelFromReport(twoFiles('trace.dat', 'trace.dat'));
    expect(m.diagnostics.inputErrors).toHaveLength(1);
    expect(m.diagnostics.inputErrors[0]).toContain('two input files print the same name, "trace.dat"');
    // What it warns of: both files' systemd-1 read as one task, one file's call nested in the other's.
    expect(m.tasks).toHaveLength(1);
    expect(parentOf(m, 'do_sys_open')).toBe('do_epoll_wait');
  });

  it('files of different names say nothing, each its own task', () => {
    const m = modelFromReport(twoFiles('host.dat', 'guest.dat'));
    expect(m.diagnostics.inputErrors).toEqual([]);
    expect(m.tasks).toHaveLength(2);
    expect(parentOf(m, 'do_sys_open')).toBe('');
  });

  it('a name with a right-to-left override is isolated, the sentence after it kept in order', () => {
    const m = modelFromReport(twoFiles('x\u202eyz.dat', 'x\u202eyz.dat'));
    expect(m.diagnostics.inputErrors[0]).toContain('"\u2068x\ufffdyz.dat\u2069"');
  });
});
