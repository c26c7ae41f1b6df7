import { describe, expect, it } from 'vitest';
import { deferred, type Deferred } from './deferred';
import { LatestQuestion, SUPERSEDED } from './latest-question';

/** A fake worker: records each question asked, answered when the test says. */
function fakeWorker() {
  const asked: { q: string; answer: Deferred<string> }[] = [];
  const ask = (q: string) => () => {
    const answer = deferred<string>();
    asked.push({ q, answer });
    return answer.promise;
  };
  return { asked, ask };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LatestQuestion', () => {
  it('asks at once when nothing is on its way', async () => {
    const w = fakeWorker();
    const lane = new LatestQuestion<string>();
    const a = lane.ask(w.ask('a'));
    expect(w.asked.map((x) => x.q)).toEqual(['a']);
    w.asked[0].answer.resolve('A');
    expect(await a).toBe('A');
  });

  it('asks only the latest of the questions that came while one was on its way, once it is answered', async () => {
    const w = fakeWorker();
    const lane = new LatestQuestion<string>();
    const a = lane.ask(w.ask('a'));
    const b = lane.ask(w.ask('b'));
    const c = lane.ask(w.ask('c'));
    const d = lane.ask(w.ask('d'));
    // Nothing more asked while a is on its way.
    expect(w.asked.map((x) => x.q)).toEqual(['a']);
    expect(await b).toBe(SUPERSEDED);
    expect(await c).toBe(SUPERSEDED);
    w.asked[0].answer.resolve('A');
    expect(await a).toBe('A');
    await settle();
    expect(w.asked.map((x) => x.q)).toEqual(['a', 'd']);
    w.asked[1].answer.resolve('D');
    expect(await d).toBe('D');
    // Idle again: the next question goes at once.
    void lane.ask(w.ask('e'));
    expect(w.asked.map((x) => x.q)).toEqual(['a', 'd', 'e']);
  });

  it('asks the waiting question after a failed one, and passes each failure to its own asker', async () => {
    const w = fakeWorker();
    const lane = new LatestQuestion<string>();
    const a = lane.ask(w.ask('a'));
    const b = lane.ask(w.ask('b'));
    w.asked[0].answer.reject(new Error('a failed'));
    await expect(a).rejects.toThrow('a failed');
    await settle();
    expect(w.asked.map((x) => x.q)).toEqual(['a', 'b']);
    w.asked[1].answer.reject(new Error('b failed'));
    await expect(b).rejects.toThrow('b failed');
  });

  it('turns a question that throws as it is asked into a failure, and goes on', async () => {
    const w = fakeWorker();
    const lane = new LatestQuestion<string>();
    const a = lane.ask(() => {
      throw new Error('no worker');
    });
    await expect(a).rejects.toThrow('no worker');
    await settle();
    const b = lane.ask(w.ask('b'));
    expect(w.asked.map((x) => x.q)).toEqual(['b']);
    w.asked[0].answer.resolve('B');
    expect(await b).toBe('B');
  });

  it('drop: the waiting question is never asked', async () => {
    const w = fakeWorker();
    const lane = new LatestQuestion<string>();
    void lane.ask(w.ask('a'));
    const b = lane.ask(w.ask('b'));
    lane.drop();
    expect(await b).toBe(SUPERSEDED);
    w.asked[0].answer.resolve('A');
    await settle();
    expect(w.asked.map((x) => x.q)).toEqual(['a']);
  });
});
