import { afterEach, describe, expect, test, vi } from 'vitest';
import { copyOutcome } from './CopyButton';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the one-liners’ Copy button', () => {
  test('a page over plain http has no navigator.clipboard: the button says the copy failed instead of throwing at the click', async () => {
    // Not a secure context (http from another host): the Clipboard API is absent.
    vi.stubGlobal('navigator', {});
    await expect(copyOutcome("bpftrace -e 'kprobe:tcp_sendmsg { @[kstack] = count(); }'")).resolves.toBe('Copy failed');
  });

  test('a refused write says so; a written one says Copied and writes the command as given', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } });
    await expect(copyOutcome('trace-cmd record -p function_graph -g tcp_sendmsg')).resolves.toBe('Copy failed');
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: (t: string) => (written.push(t), Promise.resolve()) } });
    await expect(copyOutcome('trace-cmd record -p function_graph -g tcp_sendmsg')).resolves.toBe('Copied');
    expect(written).toEqual(['trace-cmd record -p function_graph -g tcp_sendmsg']);
  });
});
