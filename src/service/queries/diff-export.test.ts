/**
 * The differential flame graph's SVG export: well-formed XML, one rect and one title per
 * frame the view draws (same layout, same zoom), the change colours of lib/diff-colors.ts
 * on a frame where B spends more, one where it spends less and one where they are equal,
 * swapped hues, dimming by the legend, and hostile names escaped.
 */
import { describe, expect, it } from 'vitest';
import { diffFill, unknownFill } from '../../lib/diff-colors';
import { reportFromDsl } from '../../test-utils/model-dsl';
import { checkXml } from '../../test-utils/xml-check';
import { TraceService } from '../trace-service';
import type { DiffFlameExportRequest } from './diff-export';
import { SVG_MIN_WIDTH } from './export';

const HOSTILE = `</title><script>&x"'`;

/** A: sys { more 2, less 5, same 3, HOSTILE 1 } 12; B: sys { more 6, same 3 } 10 (calls: more and less once each side). */
const A_DSL = `
a-1 0 0  | sys {
a-1 0 1  |   more 2
a-1 0 3  |   less 5
a-1 0 8  |   same 3
a-1 0 11 |   ${HOSTILE} 1
a-1 0 12 | } 12
`;
const B_DSL = `
b-2 0 0  | sys {
b-2 0 1  |   more 6
b-2 0 7  |   same 3
b-2 0 10 | } 10
`;

async function pair(): Promise<TraceService> {
  const s = new TraceService();
  expect((await s.loadText(reportFromDsl(A_DSL), { name: 'a.txt' })).kind).toBe('loaded');
  expect((await s.loadText(reportFromDsl(B_DSL), { name: 'b.txt', side: 'b' })).kind).toBe('loaded');
  return s;
}

const REQ: DiffFlameExportRequest = {
  a: {},
  b: {},
  quantity: 'total',
  normalisation: { kind: 'raw' },
  layoutBy: 'b',
  zoomPath: [],
  heading: 'a.txt vs b.txt',
  negated: false,
  presence: [],
};

function svgOf(s: TraceService, req: DiffFlameExportRequest): string {
  const id = s.exportDiffFlameBegin(req);
  let out = '';
  for (let batch = s.exportNext(id, 1 << 20); batch; batch = s.exportNext(id, 1 << 20)) out += batch.join('');
  return out;
}

/** The <g> of each frame: its title text, its rect's attributes, its opacity. */
function framesOf(svg: string) {
  const els = checkXml(svg);
  expect(els[0].name).toBe('svg');
  return els
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.name === 'g')
    .map(({ i, e }) => ({
      title: els.find((c) => c.parent === i && c.name === 'title')!.text,
      rect: els.find((c) => c.parent === i && c.name === 'rect')!.attrs,
      opacity: e.attrs.opacity,
    }));
}

describe('differential flame graph SVG', () => {
  it('has one rect and title per drawn frame, coloured as the view colours them', async () => {
    const s = await pair();
    const view = s.diffFlameGraph({ ...REQ, minWidth: SVG_MIN_WIDTH });
    const svg = svgOf(s, REQ);
    const frames = framesOf(svg);
    expect(frames.length).toBe(view.length);
    // (and the white background's)
    expect(svg.match(/<rect /g)!.length).toBe(view.length + 1);
    const byName = (name: string) => {
      const k = [...view.name].findIndex((id) => view.names[id] === name);
      const f = frames.find((x) => x.title.startsWith(`${name}`))!;
      expect(f, name).toBeDefined();
      return { k, f };
    };
    const fill = (k: number, negated = false) => diffFill({ delta: view.delta[k], maxAbsDelta: view.maxAbsDelta, dark: false, negated });
    // more: B 6 µs against A 2 µs (red); less: only in A (blue); same: 3 µs each side (pale).
    const more = byName('more');
    expect(view.delta[more.k]).toBe(4000);
    expect(more.f.rect.fill).toBe(fill(more.k));
    expect(more.f.rect.fill).toMatch(/^hsl\(2 /);
    expect(more.f.title).toBe('more: A 2.000 µs, B 6.000 µs, change +4.000 µs, ×3.00');
    const less = byName('less');
    expect(less.f.rect.fill).toBe(fill(less.k));
    expect(less.f.rect.fill).toMatch(/^hsl\(218 /);
    expect(less.f.title).toBe('less (only in A): A 5.000 µs, B 0.000 µs, change −5.000 µs, ×0.00');
    const same = byName('same');
    expect(view.delta[same.k]).toBe(0);
    expect(same.f.rect.fill).toBe(fill(same.k));
    expect(same.f.title).toContain('change ±0.000 µs, ×1.00');
    // Widths are the view's layout (by B) on 1200 px.
    expect(Number(more.f.rect.width)).toBeCloseTo((view.x1[more.k] - view.x0[more.k]) * 1200, 1);
    // The hostile name stays text in its title; no element comes from it.
    expect(frames.some((f) => f.title.startsWith(HOSTILE))).toBe(true);
    expect(checkXml(svg).some((e) => e.name === 'script')).toBe(false);
  });

  it("sets a name's right-to-left override apart from the figures of its title", async () => {
    const s = new TraceService();
    expect((await s.loadText(reportFromDsl('a-1 0 0 | x\u202ey 2\n'), { name: 'a.txt' })).kind).toBe('loaded');
    expect((await s.loadText(reportFromDsl('b-2 0 0 | x\u202ey 3\n'), { name: 'b.txt', side: 'b' })).kind).toBe('loaded');
    expect(framesOf(svgOf(s, REQ)).map((f) => f.title)).toEqual(['\u2068x\ufffdy\u2069: A 2.000 µs, B 3.000 µs, change +1.000 µs, ×1.50']);
  });

  it('gives no change or ratio where B is unknown (per call of a function B never calls)', async () => {
    const s = await pair();
    // B has no call of `less`: its figures are unknown (NaN), A's are per call of A's one.
    const frames = framesOf(svgOf(s, { ...REQ, normalisation: { kind: 'perCall', root: 'less' } }));
    expect(frames.find((f) => f.title.startsWith('more'))!.title).toBe('more: A 2.000 µs, B —, change —');
    // Its change unknown, the frame is grey (unknownFill), not the pale of an equal change.
    expect(frames.find((f) => f.title.startsWith('more'))!.rect.fill).toBe(unknownFill(false));
  });

  it('says under its heading what the titles\' figures are: the quantity, the normalisation, the widths\' side, the hues', async () => {
    const s = await pair();
    // The svg's own <text> lines (the heading and the line under it), before the first frame.
    const headings = (req: DiffFlameExportRequest) =>
      checkXml(svgOf(s, req))
        .filter((e, _, all) => e.name === 'text' && all[e.parent]?.name === 'svg')
        .map((e) => e.text);
    expect(headings(REQ)).toEqual(['a.txt vs b.txt', "total time, as measured; widths: B's total time; red: B more, blue: B less"]);
    // Per call of sys (once on each side): the titles' figures are per call, and the file says so.
    expect(headings({ ...REQ, quantity: 'self', normalisation: { kind: 'perCall', root: 'sys' }, layoutBy: 'a', negated: true })[1]).toBe(
      "self time, per call of sys (A: 1 call, B: 1 call); widths: A's total time; blue: B more, red: B less",
    );
    // B scaled to A's total time: 12 µs over 10 µs.
    expect(headings({ ...REQ, normalisation: { kind: 'scaled' } })[1]).toBe(
      "total time, B scaled to A's total (×1.20); widths: B's total time; red: B more, blue: B less",
    );
    // A function B never calls (a hostile name, typed or from a link): said, and kept text.
    const hostile = headings({ ...REQ, quantity: 'calls', normalisation: { kind: 'perCall', root: HOSTILE } });
    expect(hostile[1]).toBe(`calls, per call of ${HOSTILE}, but B has no call of it: unknown; widths: B's calls; red: B more, blue: B less, grey: unknown`);
    // Paths from a function (compare mode's Paths from): the file is of its subtrees only, and says so.
    const from = { ...REQ, a: { pathsFrom: 'more' }, b: { pathsFrom: 'more' } };
    expect(headings(from)[1]).toBe("total time, as measured; widths: B's total time; red: B more, blue: B less; paths from more");
    expect(framesOf(svgOf(s, from)).map((f) => f.title.split(':')[0])).toEqual(['more']);
    expect(headings({ ...REQ, a: { pathsFrom: HOSTILE }, b: { pathsFrom: HOSTILE } })[1]).toBe(
      `total time, as measured; widths: B's total time; red: B more, blue: B less; paths from ${HOSTILE}`,
    );
  });

  it('follows the view: swapped colours, laid out by A, zoomed, the legend filter dimming', async () => {
    const s = await pair();
    const negated = framesOf(svgOf(s, { ...REQ, negated: true }));
    const view = s.diffFlameGraph({ ...REQ, minWidth: SVG_MIN_WIDTH });
    const k = [...view.name].findIndex((id) => view.names[id] === 'more');
    expect(negated.find((f) => f.title.startsWith('more'))!.rect.fill).toBe(
      diffFill({ delta: view.delta[k], maxAbsDelta: view.maxAbsDelta, dark: false, negated: true }),
    );
    // By A: A's frames (less has A's 5 of 12 µs).
    const byA = framesOf(svgOf(s, { ...REQ, layoutBy: 'a' }));
    const lessA = byA.find((f) => f.title.startsWith('less'))!;
    expect(Number(lessA.rect.width)).toBeCloseTo((5 / 12) * 1200, 0);
    // Zoomed into sys>more: that frame is the whole width, the only one.
    const zoomed = framesOf(svgOf(s, { ...REQ, zoomPath: ['sys', 'more'] }));
    expect(zoomed.map((f) => [f.title.split(':')[0], f.rect.width])).toEqual([['more', '1200']]);
    // Only in A kept: the frames in both are dimmed, less is not.
    const onlyA = framesOf(svgOf(s, { ...REQ, presence: [1] }));
    expect(onlyA.find((f) => f.title.startsWith('less'))!.opacity).toBeUndefined();
    expect(onlyA.find((f) => f.title.startsWith('more'))!.opacity).toBe('0.35');
  });
});
