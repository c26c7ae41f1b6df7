import { afterEach, describe, expect, test, vi } from 'vitest';
import { clipboardText, copyText } from './copy-text';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('what Copy writes to the clipboard', () => {
  test("a name's control characters go as U+FFFD: a CR or the end of a bracketed paste would run what follows when pasted into a shell", async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: (t: string) => (written.push(t), Promise.resolve()) } });
    // A kallsyms name of a hostile trace.dat: ESC [201~ ends the bracketed paste, CR runs the line.
    await expect(copyText('x\u001b[201~\rreboot\r')).resolves.toBe(true);
    expect(written).toEqual(['x\ufffd[201~\ufffdreboot\ufffd']);
    expect(clipboardText('a\u0000b\u007fc\u009bd\u0085e')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
  });

  test("tabs, line feeds (a stack's lines) and every other text are copied as they are", () => {
    const stack = 'tcp_sendmsg\n__sys_sendto\t\n__x64_sys_sendto';
    expect(clipboardText(stack)).toBe(stack);
    expect(clipboardText("bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'")).toBe("bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'");
    expect(clipboardText('ünïcode ✓ \u202e')).toBe('ünïcode ✓ \u202e');
  });
});
