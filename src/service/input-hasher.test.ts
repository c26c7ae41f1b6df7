import { describe, expect, it } from 'vitest';
import { hashWorkerHandler, InlineHasher, webCryptoDigester, type HashReply } from './input-hasher';
import { BackOff } from './load/back-off';
import { ManualClock } from '../test-utils/manual-clock';

const data = new Uint8Array(9 * 1024 * 1024 + 5).map((_, i) => (i * 2654435761) >>> 24);

function chunks(size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.slice(i, i + size));
  return out;
}

async function inline(hasher: InlineHasher): Promise<string> {
  const given: ArrayBuffer[] = [];
  const parts = chunks(262_144);
  for (const c of parts) hasher.update(c, (b) => given.push(b));
  // Every buffer comes back at once, in order: the reader may read into it again.
  expect(given).toHaveLength(parts.length);
  given.forEach((b, i) => expect(b).toBe(parts[i].buffer));
  return hasher.digest();
}

describe('input hashers', () => {
  it('in line, the JavaScript and the WebCrypto block digests give one fingerprint', async () => {
    expect(await inline(new InlineHasher(webCryptoDigester()!))).toBe(await inline(new InlineHasher()));
  });

  it("the hash worker's side returns each handed-over buffer and gives the same fingerprint", async () => {
    const replies: HashReply[] = [];
    let digested: (hex: string) => void = () => undefined;
    const hex = new Promise<string>((resolve) => (digested = resolve));
    const handle = hashWorkerHandler((reply) => {
      replies.push(reply);
      if (reply.type === 'digest') digested(reply.hex);
    });
    const parts = chunks(1_000_003);
    handle({ type: 'update', chunk: parts[0] });
    for (const c of parts.slice(1)) handle({ type: 'hash-and-return', buffer: c.buffer as ArrayBuffer, offset: 0, length: c.length });
    handle({ type: 'digest' });
    expect(await hex).toBe(await inline(new InlineHasher()));
    const returned = replies.flatMap((r) => (r.type === 'returned' ? [r.buffer] : []));
    expect(returned).toHaveLength(parts.length - 1);
    returned.forEach((b, i) => expect(b).toBe(parts[i + 1].buffer));
  });

  it("the hash worker's read of a Blob holds off between blocks while the page asks, then gives the same fingerprint", async () => {
    const clock = new ManualClock();
    const window = 150;
    let hex: string | undefined;
    const handle = hashWorkerHandler((reply) => void (reply.type === 'digest' && (hex = reply.hex)), undefined, new BackOff(clock, window, 400));
    handle({ type: 'hold' });
    handle({ type: 'blob', blob: new Blob([data]) });
    handle({ type: 'digest' });
    /** Lets the Blob's reading go on, the clock standing still, until `done` (or it is stuck). */
    const pumpUntil = async (done: () => boolean) => {
      for (let k = 0; k < 20_000 && !done(); k++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        clock.runTasks();
      }
    };
    // After its first block the reading waits, on a timer, for the window's end…
    await pumpUntil(() => clock.pendingTimers > 0 || hex !== undefined);
    expect(hex).toBeUndefined();
    expect(clock.pendingTimers).toBe(1);
    // …and then reads on to the end.
    clock.advance(window);
    await pumpUntil(() => hex !== undefined);
    expect(hex).toBe(await inline(new InlineHasher()));
  });
});
