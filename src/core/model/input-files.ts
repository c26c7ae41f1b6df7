/**
 * The input files of `trace-cmd report -i A -i B`: trace-read.c prints `NAME: cpus=N` for each
 * file (read_data_info) and `NAME: ` before each of its records (print_handle_file), NAME being
 * the file's base name, the part after its last `/` (add_handle). Two files of one base name
 * (`-i host/trace.dat -i guest/trace.dat`, or one file given twice) print the same prefix: their
 * records cannot be told apart, so a task of one pid in both (systemd-1, kthreadd-2, a
 * ksoftirqd) is read as one task, its calls nested across the two kernels. The report itself
 * says so only by the repeated `cpus=` line; this tells it once.
 */
import { bidiIsolated } from '../../lib/bidi';

export class InputFileNames {
  private readonly seen = new Set<string>();
  private told = false;

  /** A `NAME: cpus=N` line's NAME: the note when it names a file already seen (once), else undefined. */
  cpusLine(name: string): string | undefined {
    if (name === '') return undefined;
    if (!this.seen.has(name)) {
      this.seen.add(name);
      return undefined;
    }
    if (this.told) return undefined;
    this.told = true;
    return (
      `two input files print the same name, "${bidiIsolated(name)}" (trace-cmd report names each by its base name): ` +
      'their records cannot be told apart, and a task with the same pid in both is read as one, its calls nested across the two. ' +
      'Copy the files to different names (host.dat, guest.dat) and report them again'
    );
  }
}
