/**
 * zstd frames written without a compressor (Node 20's zlib has none): each block stored raw
 * (RFC 8878 §3.1.1.2.2, Block_Type 0), enough to test framing, block seams and a stream
 * cut short; the entropy coding is fzstd's own and checked by a frame the zstd command made.
 */
import { concatBytes } from './concat-bytes';

/** The largest block: Block_Maximum_Size (RFC 8878 §3.1.1.2.4), the window below. */
const BLOCK = 128 << 10;

/** One frame of `bytes` in raw blocks: magic, a header with a 128 KiB window and no content size. */
export function zstdRawFrame(bytes: Uint8Array): Uint8Array {
  const parts: number[][] = [[0x28, 0xb5, 0x2f, 0xfd, 0x00, (17 - 10) << 3]];
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length || at === 0; at += BLOCK) {
    const block = bytes.subarray(at, at + BLOCK);
    const last = at + BLOCK >= bytes.length ? 1 : 0;
    const header = (block.length << 3) | last; // Block_Type 0: raw
    parts.push([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff]);
    out.push(new Uint8Array(parts.splice(0).flat()), block);
  }
  return concatBytes(out);
}

/** A skippable frame (RFC 8878 §3.1.2) holding `length` bytes, as pzstd writes one before each frame. */
export function zstdSkippableFrame(length: number): Uint8Array {
  const frame = new Uint8Array(8 + length);
  new DataView(frame.buffer).setUint32(0, 0x184d2a50, true);
  new DataView(frame.buffer).setUint32(4, length, true);
  return frame;
}

/** `zstd -19` (v1.5.4) of test/traces/04-tracefs-max-graph-depth-2.txt: a frame the zstd command made. */
export const DEPTH2_ZST_BASE64 =
  'KLUv/WTECiURAFbdUyQAk9MG95poIQCGzlmLJr13vqo1feohQis3EUnBRP1g6X++CzxaAE0AQQCN8i6m+FXrQ/Geu8C5kzLXGj7VHkDHCQRMD3S5YB5H4pAc5Q3HEciDeHh4XAOJYGBAkEgaJgrX4LAggQAxSbibPEiugTSQigxKROFcMBbTc8lMHEEEPZRouiadZ4QkCmSBorXy2W7AYYxvZhVokqCL5Fw8GAuq+t5RSBgZz3R3TDtSyZimirs7MDjWjliizBNRyFdtmF9smKlygaRuvq4mZQ4Vf7VWF6vyyUv3qYs1u/V6s+SzZQ1Zn5Ohyj03I27rU6FSxm/W8pq18K3Urr5RMbMzYzMjNmbbJ3JB734TMTDRhMYDRdgCyfi2qvi6Etd39TbtK2azc98APlXTa7L7ra28Z7lNs6+rW9sjNre9Wtmrz4aqtT1XS3bNpsjvVGV9XdwOaqDhOIMIkVpJQUptBvBIRGjUBrYpJMThOcuWrxu3f9mlah8JOqZdhsx7QJ6EJKLAY844HiVzQMlGAUiNJKIgsiOlA2K8LRHSmuSJ7mPuuE5wDcGg7eJWYC60OYMxtaLYrmVGsUsY30JORFQirkBUnhjdmoZjSvguuVtsw6TuVDwPxTxiTz+9gFs0W1SOJkL/BbRICtogV3X37elWWFLMN+jlEyJkpuoTQ8BzVjEiF70ELdTyTADZ2K04ky8ljJWfJe14qUO9EiegJJq5qbf1Zl4Fc09phw==';
