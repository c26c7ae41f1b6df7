/**
 * A tar archive of text files, as tar(1) writes it (POSIX ustar layout): each member a
 * 512-byte header with its checksum, its bytes padded to 512, two zero blocks at the end.
 */
import { concatBytes } from './concat-bytes';

const BLOCK = 512;

/** One member's header; `magic` is POSIX's "ustar\0" + "00" or GNU's old "ustar  \0". */
export function tarHeader(name: string, size: number, magic = 'ustar\x0000'): Uint8Array {
  const enc = new TextEncoder();
  const h = new Uint8Array(BLOCK);
  const put = (at: number, s: string) => h.set(enc.encode(s), at);
  put(0, name);
  put(100, '0000644\0');
  put(124, `${size.toString(8).padStart(11, '0')}\0`);
  put(156, '0');
  put(257, magic);
  h.fill(0x20, 148, 156);
  const sum = h.reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/** The archive of `files` (name → text). */
export function tarArchive(files: Record<string, string>, magic?: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, content] of Object.entries(files)) {
    const bytes = new TextEncoder().encode(content);
    parts.push(tarHeader(name, bytes.length, magic), bytes, new Uint8Array((BLOCK - (bytes.length % BLOCK)) % BLOCK));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return concatBytes(parts);
}
