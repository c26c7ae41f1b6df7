/**
 * Names for the error codes a kernel function returns (`-13` is `-EACCES`), so a return
 * value printed by `funcgraph-retval` or trace-cmd's `(ret=…)` reads as the kernel source
 * reads. The numbers are asm-generic's (include/uapi/asm-generic/errno-base.h, errno.h)
 * plus the kernel-internal ones of include/linux/errno.h; x86 and arm64 use these, while
 * alpha, mips, parisc and sparc number some differently, so a name is a reading aid, not a
 * fact of the trace.
 */
const NAMES: Readonly<Record<number, string>> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC',
  9: 'EBADF', 10: 'ECHILD', 11: 'EAGAIN', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 15: 'ENOTBLK',
  16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV', 19: 'ENODEV', 20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL',
  23: 'ENFILE', 24: 'EMFILE', 25: 'ENOTTY', 26: 'ETXTBSY', 27: 'EFBIG', 28: 'ENOSPC', 29: 'ESPIPE',
  30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 33: 'EDOM', 34: 'ERANGE', 35: 'EDEADLK', 36: 'ENAMETOOLONG',
  37: 'ENOLCK', 38: 'ENOSYS', 39: 'ENOTEMPTY', 40: 'ELOOP', 42: 'ENOMSG', 43: 'EIDRM', 61: 'ENODATA',
  62: 'ETIME', 71: 'EPROTO', 74: 'EBADMSG', 75: 'EOVERFLOW', 84: 'EILSEQ', 88: 'ENOTSOCK',
  89: 'EDESTADDRREQ', 90: 'EMSGSIZE', 91: 'EPROTOTYPE', 92: 'ENOPROTOOPT', 93: 'EPROTONOSUPPORT',
  95: 'EOPNOTSUPP', 97: 'EAFNOSUPPORT', 98: 'EADDRINUSE', 99: 'EADDRNOTAVAIL', 100: 'ENETDOWN',
  101: 'ENETUNREACH', 102: 'ENETRESET', 103: 'ECONNABORTED', 104: 'ECONNRESET', 105: 'ENOBUFS',
  106: 'EISCONN', 107: 'ENOTCONN', 108: 'ESHUTDOWN', 109: 'ETOOMANYREFS', 110: 'ETIMEDOUT', 111: 'ECONNREFUSED',
  112: 'EHOSTDOWN', 113: 'EHOSTUNREACH', 114: 'EALREADY', 115: 'EINPROGRESS', 116: 'ESTALE',
  // EUCLEAN is the filesystems' EFSCORRUPTED (ext4, xfs, erofs), EREMOTEIO i2c's and the block layer's.
  117: 'EUCLEAN', 121: 'EREMOTEIO', 122: 'EDQUOT', 123: 'ENOMEDIUM', 124: 'EMEDIUMTYPE', 125: 'ECANCELED',
  126: 'ENOKEY', 127: 'EKEYEXPIRED', 128: 'EKEYREVOKED', 129: 'EKEYREJECTED', 130: 'EOWNERDEAD',
  131: 'ENOTRECOVERABLE', 132: 'ERFKILL', 133: 'EHWPOISON', 512: 'ERESTARTSYS', 513: 'ERESTARTNOINTR', 514: 'ERESTARTNOHAND',
  515: 'ENOIOCTLCMD', 516: 'ERESTART_RESTARTBLOCK', 517: 'EPROBE_DEFER', 518: 'EOPENSTALE',
  524: 'ENOTSUPP',
};

/**
 * `-EACCES` for a return value printed as `-13`, else null: only negative decimals, as the
 * kernel prints a value it takes for an error (hex values are addresses, counts or flags).
 */
export function errnoName(retval: string): string | null {
  const m = /^-(\d{1,4})$/.exec(retval);
  if (!m) return null;
  const name = NAMES[Number(m[1])];
  return name ? `-${name}` : null;
}

/** Smallest errno a kernel function returns as an error pointer or code (IS_ERR_VALUE: -4095..-1). */
const MAX_ERRNO = 4095;

/**
 * The errno a printed return value carries, for the Hook points panel: a negative decimal
 * (`-13`, as the kernel and trace-cmd print an error by default), or a hex value in the
 * error range read as a 64-bit or a 32-bit two's complement (`0xfffffffffffffff3`, and
 * `0xfffffff3`: an int returned without sign extension, which `funcgraph-retval-hex` and
 * trace-cmd's `(ret=0x…)` print so); and that int in unsigned decimal (`4294967283`):
 * trace-cmd's `-O fgraph:retval-dec` prints the field `%lld` (lib/trace-cmd/trace-ftrace.c),
 * which gives a zero-extended 32-bit value, or any value of a 32-bit kernel, no sign.
 * `{ errno: 13, name: '-EACCES' }`, or null when the value is no error. The name is '' for
 * a number without one.
 */
export function errnoOfRetval(retval: string): { errno: number; name: string } | null {
  let errno: number;
  const dec = /^-(\d{1,4})$/.exec(retval);
  const hex = /^0x(?:f{8})?([0-9a-f]{8})$/i.exec(retval);
  const udec = /^42949[0-9]{5}$/.exec(retval);
  if (dec) errno = Number(dec[1]);
  else if (hex) errno = 2 ** 32 - Number.parseInt(hex[1], 16);
  else if (udec) errno = 2 ** 32 - Number(retval);
  else return null;
  if (!(errno >= 1 && errno <= MAX_ERRNO)) return null;
  return { errno, name: NAMES[errno] ? `-${NAMES[errno]}` : '' };
}
