import { describe, expect, it } from 'vitest';
import { hashWorkerHandler, InlineHasher, webCryptoDigester, type HashReply } from './input-hasher';

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
});
