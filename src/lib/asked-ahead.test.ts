import { describe, expect, test } from 'vitest';
import { AskedAhead } from './asked-ahead';

describe('AskedAhead', () => {
  test('a question asked ahead is answered once: the taker gets that answer, and then it is gone', async () => {
    const ahead = new AskedAhead<string>(2);
    let asked = 0;
    ahead.put('a', () => Promise.resolve(`answer ${++asked}`));
    ahead.put('a', () => Promise.resolve(`answer ${++asked}`));
    expect(asked).toBe(1);
    const early = ahead.take('a');
    expect(early).toBeDefined();
    expect(await early).toBe('answer 1');
    expect(ahead.take('a')).toBeUndefined();
    expect(ahead.size).toBe(0);
  });

  test('no answer for a question not asked ahead', () => {
    const ahead = new AskedAhead<number>(2);
    ahead.put('x', () => Promise.resolve(1));
    expect(ahead.take('y')).toBeUndefined();
    expect(ahead.size).toBe(1);
  });

  test('only the newest `capacity` answers are kept; putting a kept key again makes it the newest', async () => {
    const ahead = new AskedAhead<string>(2);
    ahead.put('a', () => Promise.resolve('A'));
    ahead.put('b', () => Promise.resolve('B'));
    ahead.put('a', () => Promise.resolve('A again'));
    ahead.put('c', () => Promise.resolve('C'));
    expect(ahead.size).toBe(2);
    expect(ahead.take('b')).toBeUndefined();
    expect(await ahead.take('a')).toBe('A');
    expect(await ahead.take('c')).toBe('C');
  });

  test('a failed answer nobody takes raises no unhandled rejection; the taker sees the failure', async () => {
    const ahead = new AskedAhead<string>(1);
    ahead.put('a', () => Promise.reject(new Error('worker gone')));
    ahead.put('b', () => Promise.reject(new Error('also gone')));
    await expect(ahead.take('b')).rejects.toThrow('also gone');
    // Let the dropped one's rejection settle: vitest fails the run on an unhandled one.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  test('a shared question is asked once for all its askers and kept for later ones; a failed one is asked again', async () => {
    const ahead = new AskedAhead<string>(2);
    let asked = 0;
    const ask = () => Promise.resolve(`answer ${++asked}`);
    const [a, b] = await Promise.all([ahead.share('k', ask), ahead.share('k', ask)]);
    expect([a, b, asked]).toEqual(['answer 1', 'answer 1', 1]);
    expect(await ahead.share('k', ask)).toBe('answer 1');
    let fails = 0;
    const failing = (): Promise<string> => {
      fails++;
      return Promise.reject(new Error('busy'));
    };
    await expect(ahead.share('f', failing)).rejects.toThrow('busy');
    await expect(ahead.share('f', failing)).rejects.toThrow('busy');
    expect(fails).toBe(2);
  });
});
