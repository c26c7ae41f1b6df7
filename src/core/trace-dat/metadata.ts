/** What the headers, sections and options of a trace.dat say, before any event data is read. */

/** One CPU's stream of ring-buffer pages in the file. */
export interface CpuData {
  cpu: number;
  /** File offset of the CPU's data (of its chunk table when compressed). */
  offset: number;
  /** Bytes of page data (for compressed data, trace-cmd's size field, which is not used). */
  size: number;
}

/** A ring buffer: the top instance ('' name) or a named instance (BUFFER option). */
export interface BufferInstance {
  name: string;
  /** Trace clock of this instance ('' when the file does not say). */
  clock: string;
  pageSize: number;
  /** Latency-format text instead of pages (BUFFER_TEXT, `latency` data). */
  latency: boolean;
  /** Page data compressed in chunks (version 7 with a compression). */
  compressed: boolean;
  /** File offset of the data section (version 7) or of the `flyrecord` table (version 6). */
  sectionOffset: number;
  cpus: CpuData[];
}

export interface TraceDatMetadata {
  version: number;
  littleEndian: boolean;
  /** User-space long size from the initial header. */
  longSize: number;
  /** The kernel's long size, from header_page's `commit` field: the page header's layout. */
  kernelLongSize: number;
  pageSize: number;
  /** `zstd`, `zlib`, or '' when uncompressed. */
  compression: string;
  compressionVersion: string;
  headerPage: string;
  headerEvent: string;
  ftraceFormats: string[];
  eventFormats: { system: string; text: string }[];
  /** The kallsyms text, kept as bytes: it is the largest header and only its addresses are read up front. */
  kallsyms: Uint8Array;
  printk: string;
  cmdlines: string;
  /** CPU count (CPUCOUNT option or the version 6 count). */
  cpuCount: number;
  clock: string;
  /** Whether the file has a TRACECLOCK option: a version 6 file then holds each buffer's clock after its flyrecord table. */
  clockOption: boolean;
  uname: string;
  traceCmdVersion: string;
  /** Nanoseconds added to every timestamp (DATE and OFFSET options). */
  tsOffset: number;
  /** TSC2NSEC option: raw counts to ns as trace-cmd does (`(ts * mult) >> shift`, + offset). */
  tsc2nsec: { mult: number; shift: number; offset: number } | null;
  /** Options read but not applied (guest time shift), by name: reported, not silently ignored. */
  unsupported: string[];
  /** The CPUSTAT options' texts, in order: the ring buffer's per-CPU stats at the end of the recording (cpu-stats.ts). */
  cpuStats: string[];
  /** What of the headers could not be read while the rest could (an instance's data left out), as messages. */
  warnings: string[];
  buffers: BufferInstance[];
}

export function emptyMetadata(): TraceDatMetadata {
  return {
    version: 0,
    littleEndian: true,
    longSize: 8,
    kernelLongSize: 8,
    pageSize: 4096,
    compression: '',
    compressionVersion: '',
    headerPage: '',
    headerEvent: '',
    ftraceFormats: [],
    eventFormats: [],
    kallsyms: new Uint8Array(0),
    printk: '',
    cmdlines: '',
    cpuCount: 0,
    clock: '',
    clockOption: false,
    uname: '',
    traceCmdVersion: '',
    tsOffset: 0,
    tsc2nsec: null,
    unsupported: [],
    cpuStats: [],
    warnings: [],
    buffers: [],
  };
}

/**
 * The kernel release in trace-cmd's UNAME option, `sysname nodename release machine`
 * (`Linux tracevm 6.1.0-56-amd64 x86_64` → `6.1.0-56-amd64`); '' when it is not that shape.
 */
export function releaseOfUname(uname: string): string {
  const parts = uname.trim().split(/\s+/);
  return parts.length >= 3 && /^\d/.test(parts[2]) ? parts[2] : '';
}
