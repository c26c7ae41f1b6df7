/**
 * A regular file of size 0 that holds text, as tracefs's trace_pipe is (fs/tracefs/inode.c
 * tracefs_create_file makes regular files; their size is 0): read once, in order. A read of
 * trace_pipe consumes the events it prints, whole lines until the read's count is reached,
 * and keeps the rest of the last line for that open file only (kernel/trace/trace.c
 * tracing_read_pipe): emulated here over the fs modules for one path.
 */
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { loadBytes, traceBytes } from '../test-utils/traces';
import { modelDifference } from '../test-utils/model-difference';

const PIPE = '/sys/kernel/tracing/trace_pipe (emulated)';

/** The events not yet read, as lines, shared by every open of PIPE. */
const pipe = vi.hoisted(() => ({ lines: [] as Uint8Array[], opens: 0 }));

/** One open of PIPE: `read(n)` gives up to n bytes, as tracing_read_pipe does. */
function openPipe(): { read: (n: number) => Uint8Array } {
  pipe.opens++;
  let left: Uint8Array = new Uint8Array(0);
  return {
    read(n) {
      if (left.length === 0) {
        const taken: Uint8Array[] = [];
        let size = 0;
        while (size < n && pipe.lines.length > 0) {
          const line = pipe.lines.shift() as Uint8Array;
          taken.push(line);
          size += line.length;
        }
        left = new Uint8Array(Buffer.concat(taken));
      }
      const out = left.subarray(0, n);
      left = left.subarray(out.length);
      return out;
    },
  };
}

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    createReadStream: (path: string, options?: { start?: number; end?: number; highWaterMark?: number }) => {
      if (path !== PIPE) return fs.createReadStream(path, options);
      const file = openPipe();
      let budget = options?.end === undefined ? Number.POSITIVE_INFINITY : options.end - (options.start ?? 0) + 1;
      return Readable.from(
        (function* () {
          for (;;) {
            const bytes = file.read(Math.min(budget, options?.highWaterMark ?? 65536));
            if (bytes.length === 0) return;
            budget -= bytes.length;
            yield Buffer.from(bytes);
          }
        })(),
      );
    },
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const fsp = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fsp,
    access: (path: string, mode?: number) => (path === PIPE ? Promise.resolve() : fsp.access(path, mode)),
    stat: async (path: string) => {
      if (path !== PIPE) return fsp.stat(path);
      const info = await fsp.stat('/dev/null');
      return { ...info, size: 0, isFile: () => true, isDirectory: () => false };
    },
    open: async (path: string, flags?: string) => {
      if (path !== PIPE) return fsp.open(path, flags);
      const file = openPipe();
      return {
        read: (buf: Uint8Array, offset: number, length: number) => {
          const bytes = file.read(length);
          buf.set(bytes, offset);
          return Promise.resolve({ bytesRead: bytes.length, buffer: buf });
        },
        close: () => Promise.resolve(),
      };
    },
  };
});

const { loadTraceFile } = await import('./load-file');

describe('a regular file of size 0 (tracefs trace_pipe)', () => {
  it('is read once, from its first event: the model of its whole text, where the first event was lost', async () => {
    const text = traceBytes('04-tracefs-trace_pipe.txt');
    const lines: Uint8Array[] = [];
    for (let at = 0; at < text.length; ) {
      const nl = text.indexOf(10, at);
      const end = nl < 0 ? text.length : nl + 1;
      lines.push(text.subarray(at, end));
      at = end;
    }
    pipe.lines = lines;
    pipe.opens = 0;
    const m = await loadTraceFile(PIPE);
    expect(pipe.opens).toBe(1);
    expect(modelDifference(loadBytes(text), m)).toBeNull();
  });
});
