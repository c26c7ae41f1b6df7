import { describe, expect, it } from 'vitest';
import { errnoName, errnoOfRetval } from './errno';

describe('errnoName', () => {
  it('names the negative decimals the kernel returns as errors', () => {
    expect(errnoName('-13')).toBe('-EACCES');
    expect(errnoName('-11')).toBe('-EAGAIN');
    expect(errnoName('-512')).toBe('-ERESTARTSYS');
    expect(errnoName('-115')).toBe('-EINPROGRESS');
  });

  it('names the asm-generic codes above ESTALE a kernel returns (filesystem corruption, i2c, keys, memory errors)', () => {
    expect(errnoName('-117')).toBe('-EUCLEAN');
    expect(errnoName('-121')).toBe('-EREMOTEIO');
    expect(errnoName('-126')).toBe('-ENOKEY');
    expect(errnoName('-133')).toBe('-EHWPOISON');
    expect(errnoOfRetval('0xffffff8b')).toEqual({ errno: 117, name: '-EUCLEAN' });
    // XENIX leftovers have no name worth showing; 134 is past the table.
    expect([errnoName('-118'), errnoName('-134')]).toEqual([null, null]);
  });

  it('leaves alone what is not an error code it knows', () => {
    for (const v of ['0', '0x0', '13', '-0', '-4096', '-41', '0xfffffffffffffff3', 'true', '', '-13 ']) {
      expect(errnoName(v)).toBeNull();
    }
  });
});

describe('errnoOfRetval', () => {
  it('reads negative decimals and the error range of 64-bit and 32-bit hex', () => {
    expect(errnoOfRetval('-13')).toEqual({ errno: 13, name: '-EACCES' });
    expect(errnoOfRetval('0xfffffffffffffff3')).toEqual({ errno: 13, name: '-EACCES' });
    expect(errnoOfRetval('0xfffffff3')).toEqual({ errno: 13, name: '-EACCES' });
    expect(errnoOfRetval('0xFFFFFFEA')).toEqual({ errno: 22, name: '-EINVAL' });
    expect(errnoOfRetval('0xfffff001')).toEqual({ errno: 4095, name: '' });
    expect(errnoOfRetval('-41')).toEqual({ errno: 41, name: '' });
  });

  it("reads an int error in trace-cmd's retval-dec form (%lld of a zero-extended 32-bit value)", () => {
    expect(errnoOfRetval('4294967283')).toEqual({ errno: 13, name: '-EACCES' });
    expect(errnoOfRetval('4294967274')).toEqual({ errno: 22, name: '-EINVAL' });
    expect(errnoOfRetval('4294963201')).toEqual({ errno: 4095, name: '' });
    // Just outside the error range, or not the 32-bit form at all.
    for (const v of ['4294963200', '4294967296', '429496728', '04294967283', '18446744073709551603']) {
      expect(errnoOfRetval(v)).toBeNull();
    }
  });

  it('leaves alone values outside -4095..-1 and anything that is not a number as printed', () => {
    for (const v of ['0', '0x0', '13', '-0', '-4096', '0xfffff000', '0xffffffff00000001', '0x7ffffff3', 'fffffff3', '0xfffffffffff3', '-13 ', '']) {
      expect(errnoOfRetval(v)).toBeNull();
    }
  });
});
