/**
 * A trace.dat the reader cannot read on: the message names the part of the file
 * (section, option, CPU stream, page) and the byte offset in the file where it went wrong.
 */
export class TraceDatError extends Error {
  constructor(
    /** The part of the file, e.g. `options section`, `CPU 1 data (instance "")`. */
    readonly section: string,
    /** Byte offset in the file (for compressed data: of the compressed chunk). */
    readonly offset: number,
    detail: string,
  ) {
    super(`trace.dat ${section} at byte ${offset}: ${detail}`);
    this.name = 'TraceDatError';
  }
}
