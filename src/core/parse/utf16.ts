/**
 * Trace text in UTF-16, read as the UTF-8 every parser reads. Windows PowerShell's `>` and
 * Out-File write UTF-16LE with a byte order mark (`trace-cmd report > trace.txt` in a
 * PowerShell session over WSL, `Get-Content trace | Out-File`); a part cut from such a file,
 * or `iconv -t UTF-16LE`, has none. Read as UTF-8, every other byte of such text is a NUL
 * and no line parses.
 */

export type Utf16 = 'utf-16le' | 'utf-16be';

/** Code units needed in the head before text without a byte order mark is taken for UTF-16. */
const MIN_UNITS = 8;

/**
 * The UTF-16 the input's first bytes are in, or null: by its byte order mark (FF FE
 * little-endian, FE FF big-endian; Unicode 15 §23.8), or, without one, by text that is
 * mostly ASCII: the high byte of 3 code units in 4 is zero and the low one is not. UTF-8
 * text has no NUL; a run of zeros has no non-zero byte.
 */
export function utf16Of(head: Uint8Array): Utf16 | null {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const units = head.length >> 1;
  if (units < MIN_UNITS) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < units; i++) {
    const a = head[2 * i];
    const b = head[2 * i + 1];
    if (a !== 0 && b === 0) le++;
    else if (a === 0 && b !== 0) be++;
  }
  if (le * 4 >= units * 3) return 'utf-16le';
  if (be * 4 >= units * 3) return 'utf-16be';
  return null;
}

/**
 * UTF-16 bytes in, UTF-8 bytes out, in chunks cut anywhere (a code unit or a surrogate pair
 * split across two chunks is held until it is whole). The byte order mark is dropped; a
 * code unit the text cannot hold (an unpaired surrogate, an odd last byte) is U+FFFD.
 */
export class Utf16Transcoder {
  private readonly decoder: TextDecoder;
  private readonly encoder = new TextEncoder();

  constructor(readonly encoding: Utf16) {
    this.decoder = new TextDecoder(encoding);
  }

  push(bytes: Uint8Array): Uint8Array {
    return this.encoder.encode(this.decoder.decode(bytes, { stream: true }));
  }

  /** What was held back at the end (an odd last byte, half a surrogate pair). */
  end(): Uint8Array {
    return this.encoder.encode(this.decoder.decode());
  }
}
