/**
 * This process's peak resident memory as the kernel keeps it (Linux's VmHWM: of this
 * process's memory since its exec, or since the last reset through clear_refs), undefined
 * where there is no /proc. Not getrusage's ru_maxrss: Linux carries that over from the
 * parent across exec, so a measurement spawned by a benchmark that had loaded a big model
 * reported that model's peak as its own.
 */
import { readFileSync } from 'node:fs';

export function selfPeakRss(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}
