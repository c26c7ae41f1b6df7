import { describe, expect, it } from 'vitest';
import { loadText } from '../../test-utils/traces';
import { DerivedData } from '../derived/derived-data';
import { flameChartFrames } from './flame-chart';

function chartOf(lines: string[]) {
  const views = new DerivedData(loadText(lines.join('\n') + '\n'));
  const r = flameChartFrames(views, { filter: {}, task: 0, startNs: 0, endNs: 1e15, minDurNs: 0 });
  const byName = new Map<string, number>();
  for (let k = 0; k < r.length; k++) byName.set(r.names[r.name[k]], k);
  const noteOf = (name: string) => {
    const k = byName.get(name);
    if (k === undefined) throw new Error(`no frame ${name}`);
    return r.note[k] >= 0 ? r.notes[r.note[k]] : null;
  };
  return { r, noteOf };
}

describe('flame chart frames carry what the trace printed beside each call', () => {
  it('return values (an errno named), arguments and callers; none for a plain call', () => {
    const { noteOf } = chartOf([
      '# tracer: function_graph',
      '#',
      ' 1)               |  do_dentry_open(f=0x1, name=(struct qstr)[0x1a:0x2b]) { /* <-vfs_open+0x2c/0x40 */',
      ' 1)   0.655 us    |    security_file_open(); /* ret=0x0 */',
      ' 1)   0.700 us    |    g(); /* ret=0x1c2d3e4f(trunc) */',
      ' 1)   1.000 us    |    plain();',
      ' 1)   5.113 us    |  } /* do_dentry_open ret=-13 */',
    ]);
    expect(noteOf('do_dentry_open')).toEqual({
      returned: '-13 (-EACCES)',
      args: 'f=0x1, name=(struct qstr)[0x1a:0x2b]',
      caller: 'vfs_open+0x2c/0x40',
      overruns: '',
    });
    expect(noteOf('security_file_open')).toEqual({ returned: '0x0', args: '', caller: '', overruns: '' });
    expect(noteOf('g')?.returned).toBe('0x1c2d3e4f… (printed cut)');
    expect(noteOf('plain')).toBeNull();
  });

  it('a trace without any of it sends no texts', () => {
    const { r } = chartOf(['# tracer: function_graph', '#', ' 0)               |  f() {', ' 0)   1.000 us    |    g();', ' 0)   3.000 us    |  }']);
    expect(r.length).toBe(2);
    expect(Array.from(r.note)).toEqual([-1, -1]);
    expect(r.notes).toEqual([]);
  });
});
