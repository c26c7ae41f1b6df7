/** The refetch policy: ask only when the answer at hand does not cover the view. */
import { describe, expect, test } from 'vitest';
import { Refetcher, type Need } from './refetcher';

describe('Refetcher', () => {
  function setup() {
    let need: Need | null = { key: 'a', detail: 1 / 1024, visible: [0.2, 0.3], fetch: [0.1, 0.4] };
    const asked: Need[] = [];
    const answered: string[] = [];
    const pending: ((v: string | null) => void)[] = [];
    const r = new Refetcher<string>({
      need: () => need,
      ask: (n) => {
        asked.push(n);
        return new Promise((resolve) => pending.push(resolve));
      },
      answer: (a) => answered.push(a),
      error: () => undefined,
      busy: () => undefined,
    });
    return { r, asked, answered, pending, setNeed: (n: Need | null) => (need = n) };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  test('asks once, then not while the answer covers the view', async () => {
    const s = setup();
    s.r.poke();
    s.r.poke(); // in flight: only marks "again"
    expect(s.asked).toHaveLength(1);
    s.pending[0]('first');
    await flush();
    expect(s.answered).toEqual(['first']);
    // The "again" poke found the need covered: no second request.
    expect(s.asked).toHaveLength(1);
    // A pan inside the fetched window and a coarser detail are covered too.
    s.setNeed({ key: 'a', detail: 1 / 512, visible: [0.3, 0.4], fetch: [0.2, 0.5] });
    s.r.poke();
    expect(s.asked).toHaveLength(1);
  });

  test('asks again for finer detail, another window or another key; drops answers for an old key', async () => {
    const s = setup();
    s.r.poke();
    s.pending[0]('first');
    await flush();
    s.setNeed({ key: 'a', detail: 1 / 4096, visible: [0.2, 0.3], fetch: [0.1, 0.4] });
    s.r.poke();
    expect(s.asked).toHaveLength(2);
    // The key changes while that request is in flight: its answer is dropped, and the new key is asked.
    s.setNeed({ key: 'b', detail: 1 / 4096, visible: [0.2, 0.3], fetch: [0.1, 0.4] });
    s.r.poke();
    s.pending[1]('stale');
    await flush();
    expect(s.answered).toEqual(['first']);
    expect(s.asked.map((n) => n.key)).toEqual(['a', 'a', 'b']);
    s.pending[2]('b answer');
    await flush();
    expect(s.answered).toEqual(['first', 'b answer']);
  });
});
