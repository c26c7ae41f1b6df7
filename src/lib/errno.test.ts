import { describe, expect, it } from 'vitest';
import { errnoName } from './errno';

describe('errnoName', () => {
  it('names the negative decimals the kernel returns as errors', () => {
    expect(errnoName('-13')).toBe('-EACCES');
    expect(errnoName('-11')).toBe('-EAGAIN');
    expect(errnoName('-512')).toBe('-ERESTARTSYS');
    expect(errnoName('-115')).toBe('-EINPROGRESS');
  });

  it('leaves alone what is not an error code it knows', () => {
    for (const v of ['0', '0x0', '13', '-0', '-4096', '-41', '0xfffffffffffffff3', 'true', '', '-13 ']) {
      expect(errnoName(v)).toBeNull();
    }
  });
});
