import { describe, expect, test } from 'vitest';
import { elixirUrl, elixirVersionFromRelease, parseSymbol, sourceIdentifier, syscallPart, validateElixirVersion } from './kernel-source';

describe('sourceIdentifier (docs/formats.md §6.2)', () => {
  test('88: compiler clone suffixes are cut at the first dot and kept for display', () => {
    expect(sourceIdentifier('do_execveat_common.isra.0')).toBe('do_execveat_common');
    expect(sourceIdentifier('count.constprop.0.isra.0')).toBe('count');
    expect(sourceIdentifier('tcp_sendmsg_locked.cold')).toBe('tcp_sendmsg_locked');
    for (const n of ['dput.part.0', 'foo.cold.12', 'foo.lto_priv.0', 'foo.llvm.1234567890123', 'foo.localalias']) {
      expect(sourceIdentifier(n)).toBe(n.slice(0, n.indexOf('.')));
    }
    expect(parseSymbol('count.constprop.0.isra.0')).toMatchObject({ ident: 'count', cloneSuffix: '.constprop.0.isra.0' });
    expect(parseSymbol('tcp_sendmsg')).toMatchObject({ ident: 'tcp_sendmsg', cloneSuffix: '' });
  });

  test('89: syscall wrappers map to sys_NAME', () => {
    for (const n of ['__x64_sys_sendto', '__arm64_sys_sendto', '__do_sys_sendto', '__se_sys_sendto', 'SyS_sendto']) {
      expect(sourceIdentifier(n)).toBe('sys_sendto');
    }
    for (const n of ['__ia32_sys_read', '__riscv_sys_read', '__s390x_sys_read', 'sys_read']) {
      expect(sourceIdentifier(n)).toBe('sys_read');
    }
    // COMPAT_SYSCALL_DEFINE is not indexed as sys_NAME: link compat_sys_NAME.
    expect(sourceIdentifier('__ia32_compat_sys_ioctl')).toBe('compat_sys_ioctl');
    expect(sourceIdentifier('__x32_compat_sys_ioctl')).toBe('compat_sys_ioctl');
    expect(sourceIdentifier('__arm64_compat_sys_ioctl')).toBe('compat_sys_ioctl');
  });

  test('a ppc64 ELFv1 entry symbol (.schedule) links to the function without its dot', () => {
    // kallsyms prints the text symbol beside the function descriptor with a leading dot
    // (arch/powerpc/kernel/kprobes.c kprobe_lookup_name looks up "the dot variant" first).
    expect(parseSymbol('.schedule')).toMatchObject({ ident: 'schedule', name: '.schedule', cloneSuffix: '' });
    expect(parseSymbol('.dput.part.0')).toMatchObject({ ident: 'dput', cloneSuffix: '.part.0' });
    expect(sourceIdentifier('.sys_write')).toBe('sys_write');
    expect(sourceIdentifier('.SyS_read')).toBe('sys_read');
    expect(sourceIdentifier('.__se_sys_read')).toBe('sys_read');
    expect(sourceIdentifier('.do_IRQ [kvm]')).toBe('do_IRQ');
    expect(elixirUrl('.schedule', 'v4.19')).toBe('https://elixir.bootlin.com/linux/v4.19/A/ident/schedule');
    // Not a dot before a digit or another dot.
    for (const n of ['.0abc', '..schedule', '.']) expect(sourceIdentifier(n)).toBeNull();
  });

  test('90: offsets, modules and addresses are cut; unresolved and special names give no link', () => {
    expect(sourceIdentifier('vfs_open+0x2c/0x40 [foo]')).toBe('vfs_open');
    expect(sourceIdentifier('vfs_open+0x2c/0x40')).toBe('vfs_open');
    expect(sourceIdentifier('e1000_xmit_frame+0x1a0/0x9f0 [e1000e] <ffffffffc0a1b2c3>')).toBe('e1000_xmit_frame');
    expect(sourceIdentifier('kvm_mmu_page_fault [kvm]')).toBe('kvm_mmu_page_fault');
    expect(parseSymbol('kvm_mmu_page_fault [kvm]').module).toBe('kvm');
    for (const n of [
      '0xffffffffc0a1b2c3',
      'ffffffffc0a1b2c3',
      '0x0000beef',
      '0',
      "[unknown/kretprobe'd]",
      '[FTRACE TRAMPOLINE]',
      'bpf_prog_6deef7357e7b4530_handler',
      '_RNvCs1234_4core3fmt5write',
      '_ZN4core3fmt5write17h0123456789abcdefE',
      '',
      '   ',
    ]) {
      expect(sourceIdentifier(n)).toBeNull();
    }
  });

  test('padding prefixes are stripped', () => {
    expect(sourceIdentifier('__pfx_tcp_sendmsg')).toBe('tcp_sendmsg');
    expect(sourceIdentifier('__cfi_tcp_sendmsg')).toBe('tcp_sendmsg');
    expect(sourceIdentifier('__pfx___x64_sys_read')).toBe('sys_read');
  });

  test('hostile names never become identifiers', () => {
    for (const n of [
      '<img src=x onerror=alert(1)>',
      '"><script>alert(1)</script>',
      'javascript:alert(1)',
      'javascript:',
      'foo/../../bar',
      'foo?x=1',
      'foo#bar',
      'foo bar',
      'a%2fb',
      'ünïcode',
      '1abc',
    ]) {
      expect(sourceIdentifier(n)).toBeNull();
      expect(elixirUrl(n)).toBeNull();
    }
    // Text after the name is cut before it can matter: only the clean identifier is linked.
    expect(elixirUrl('foo <img src=x onerror=alert(1)>')).toBe('https://elixir.bootlin.com/linux/latest/A/ident/foo');
  });
});

describe('elixirVersionFromRelease (§6.3)', () => {
  test('release strings to tags', () => {
    expect(elixirVersionFromRelease('6.8.0-45-generic')).toBe('v6.8');
    expect(elixirVersionFromRelease('7.1.8-arch1-3')).toBe('v7.1.8');
    expect(elixirVersionFromRelease('6.6.30-rt30')).toBe('v6.6.30');
    expect(elixirVersionFromRelease('6.10.0-rc3')).toBe('v6.10-rc3');
    expect(elixirVersionFromRelease('6.1.0-56-amd64')).toBe('v6.1');
    expect(elixirVersionFromRelease('5.15.0')).toBe('v5.15');
    expect(elixirVersionFromRelease('6.8')).toBe('v6.8');
    expect(elixirVersionFromRelease('6.10-rc3')).toBe('v6.10-rc3');
    expect(elixirVersionFromRelease('6.10.0-0.rc3.20240614git2ef5971ff345.31.fc41.x86_64')).toBe('v6.10-rc3');
    expect(elixirVersionFromRelease('6.12.5+')).toBe('v6.12.5');
    expect(elixirVersionFromRelease(' 6.9.1 ')).toBe('v6.9.1');
  });

  test('anything else is null', () => {
    for (const r of ['', 'linux', '6', '6.x', 'v', '6.8.0 45 generic', '6.8.0-<script>', '06.8.0', 'latest', '6.8.0-"x']) {
      expect(elixirVersionFromRelease(r)).toBeNull();
    }
  });
});

describe('validateElixirVersion', () => {
  test('accepts the tag shapes', () => {
    for (const v of ['latest', 'v6.8', 'v6.12.5', 'v6.10-rc3', 'v5.15.1', 'v2.6.39']) expect(validateElixirVersion(v)).toBe(v);
    expect(validateElixirVersion(' v6.8 ')).toBe('v6.8');
  });

  test('rejects everything else', () => {
    for (const v of ['', '6.8', 'V6.8', 'v6', 'v6.8.0.1', 'v6.12.5-rc1', 'v6.8/../..', 'latest/x', 'javascript:', 'v6.8?x', 'master']) {
      expect(validateElixirVersion(v)).toBeNull();
    }
  });
});

describe('elixirUrl', () => {
  test('91: links with the default and with derived versions', () => {
    expect(elixirUrl('tcp_sendmsg')).toBe('https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg');
    expect(elixirUrl('tcp_sendmsg', elixirVersionFromRelease('7.1.8-arch1-3')!)).toBe(
      'https://elixir.bootlin.com/linux/v7.1.8/A/ident/tcp_sendmsg',
    );
    expect(elixirUrl('tcp_sendmsg', elixirVersionFromRelease('6.10.0-rc3')!)).toBe(
      'https://elixir.bootlin.com/linux/v6.10-rc3/A/ident/tcp_sendmsg',
    );
  });

  test('links the normalised identifier', () => {
    expect(elixirUrl('__x64_sys_sendto', 'v6.8')).toBe('https://elixir.bootlin.com/linux/v6.8/A/ident/sys_sendto');
    expect(elixirUrl('tcp_sendmsg_locked.cold')).toBe('https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg_locked');
  });

  test('no link for a bad version or a name without identifier', () => {
    expect(elixirUrl('tcp_sendmsg', 'v6.8/../../evil')).toBeNull();
    expect(elixirUrl('tcp_sendmsg', 'javascript:alert(1)')).toBeNull();
    expect(elixirUrl('0xffffffff81000000')).toBeNull();
  });

  test('every URL made is on elixir and contains nothing but [A-Za-z0-9_.-/:]', () => {
    const names = ['tcp_sendmsg', '<img src=x onerror=alert(1)>', '"><script>', 'javascript:', 'a"b', "x'y", 'ok_name [mod"]'];
    for (const n of names) {
      const url = elixirUrl(n, 'v6.8');
      if (url === null) continue;
      expect(url.startsWith('https://elixir.bootlin.com/linux/')).toBe(true);
      expect(url).toMatch(/^[A-Za-z0-9_.\-/:]+$/);
    }
  });
});

describe('what the views link (trees, tables, hover cards)', () => {
  test('links identifiers, strips clone suffixes, and refuses what is not one', () => {
    expect(['tcp_sendmsg', 'copy_strings.isra.0', '0xffffffff81000000', '<script>'].map((n) => elixirUrl(n, 'latest'))).toEqual([
      'https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg',
      'https://elixir.bootlin.com/linux/latest/A/ident/copy_strings',
      null,
      null,
    ]);
    expect(elixirUrl('tcp_sendmsg', 'v6.8')).toBe('https://elixir.bootlin.com/linux/v6.8/A/ident/tcp_sendmsg');
    expect(elixirUrl('tcp_sendmsg', 'v6.8/../x')).toBeNull();
  });

  test('checks version tags and maps kernel releases', () => {
    expect(validateElixirVersion(' v6.12.5 ')).toBe('v6.12.5');
    expect(validateElixirVersion('6.8')).toBeNull();
    expect(elixirVersionFromRelease('6.8.0-45-generic')).toBe('v6.8');
    expect(elixirVersionFromRelease('')).toBeNull();
  });
});

describe('syscallPart', () => {
  test("names SYSCALL_DEFINE's wrapper, body and argument-extending helper (include/linux/syscalls.h)", () => {
    const parts = ['__x64_sys_read', '__arm64_compat_sys_ioctl', 'SyS_read', '.__do_sys_read', '__do_compat_sys_ioctl.isra.0', '__se_sys_read', 'tcp_sendmsg', 'sys_imageblit'].map(syscallPart);
    expect(parts).toEqual(['wrapper', 'wrapper', 'wrapper', 'body', 'body', 'helper', null, 'wrapper']);
  });
});
