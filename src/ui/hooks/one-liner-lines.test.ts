import { describe, expect, test } from 'vitest';
import { probeCommands } from '../../lib/probe-commands';
import { oneLinerLines } from './one-liner-lines';

const kinds = (name: string) => oneLinerLines(probeCommands(name)).map((l) => l.kind);
const texts = (name: string) => oneLinerLines(probeCommands(name)).map((l) => l.text);

describe('the lines above the one-liners (both Hook points panels)', () => {
  test("a ppc64 ELFv1 dot symbol's note is shown: the kprobe names it without the dot, trace-cmd's -g with it", () => {
    const lines = texts('.schedule');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\.schedule is a ppc64 ELFv1 function entry symbol .* schedule, .* -g takes \.schedule as printed\.$/);
  });

  test("a syscall wrapper's, a 32-bit entry's and a clone's notes are shown, each once, as sentences", () => {
    expect(texts('__x64_sys_connect')).toEqual(['__x64_sys_connect is the wrapper of SYSCALL_DEFINE(connect); the syscalls:sys_enter_connect tracepoint is usually the better hook.']);
    expect(texts('__ia32_compat_sys_ioctl')[0]).toContain('the kprobe on this wrapper is the hook for them');
    const clone = texts('getname_flags.part.0');
    expect(clone).toHaveLength(1);
    expect(clone[0]).toContain('getname_flags.part.0 is a compiler clone (.part.0) of getname_flags');
  });

  test("the notes come before the cautions, each caution a sentence of its own; a name with neither shows no line", () => {
    // A dot symbol of a blacklisted function: the note about its name, then the blacklist.
    const lines = oneLinerLines(probeCommands('.notify_die'));
    expect(lines.map((l) => l.kind)).toEqual(['note', 'caution']);
    expect(lines[1].text).toMatch(/^notify_die is on the kprobe blacklist .*\.$/);
    expect(kinds('tcp_sendmsg')).toEqual([]);
  });

  test('a name refused gives the reason alone, as text (the name is never part of HTML)', () => {
    expect(oneLinerLines(probeCommands('<img src=x onerror=alert(1)>'))).toEqual([
      { kind: 'refused', text: 'No command for this name: the name has a space or a line break: it is not a kernel symbol (a module or an offset may be attached).' },
    ]);
  });
});
