import { describe, expect, it } from 'vitest';
import { splitArgs } from './args';
import { RecordFlag, RecordKind } from './record';
import { NGINX, NGINX_FIELDS, one, PrefixReader } from '../../test-utils/prefix-reader';

const K = RecordKind;

describe('function payload', () => {
  it('63: a repeats tail gives the count and the last timestamp', () => {
    const p = new PrefixReader();
    const r = one('           nginx-4411    [003] .....   873.104540: tcp_sendmsg <-inet_sendmsg (repeats: 4, last_ts:   873.104538)', p);
    expect(r).toMatchObject({ ...NGINX_FIELDS, tsNs: 873104540000, count: 4, lastTsNs: 873104538000 });
    expect(p.lastRepeatTsNs).toBe(873104538000);
    const plain = one(NGINX, p);
    expect(plain.count).toBe(-1);
    expect(plain.lastTsNs).toBeNaN();
    expect(p.lastRepeatTsNs).toBeNaN();
  });

  it('function payload variants: no parent, args, sym-offset, sym-addr, null parent', () => {
    expect(one('           nginx-4411    [003] .....   873.104522: tcp_sendmsg')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: '',
    });
    const withArgs = one(
      '           nginx-4411    [003] .....   873.104541: tcp_sendmsg(sk=0xffff888112a4c000, msg=(struct msghdr)[0x1:0x2], size=0x5a8) <-inet_sendmsg',
    );
    expect(withArgs).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
      args: 'sk=0xffff888112a4c000, msg=(struct msghdr)[0x1:0x2], size=0x5a8',
      callerOffset: -1,
    });
    expect(splitArgs(withArgs.args).map((a) => a.name)).toEqual(['sk', 'msg', 'size']);
    expect(one('           nginx-4411    [003] .....   873.104541: tcp_sendmsg+0x0/0x50 <-inet_sendmsg+0x3e/0x50 [foo]')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
      callerOffset: 0x3e,
      callerSize: 0x50,
      module: '',
      args: '',
    });
    expect(one('           nginx-4411    [003] .....   873.104541: kvm_mmu_page_fault+0x0/0x70 [kvm] <-vmx_handle_exit+0x10/0x20 [kvm_intel]')).toMatchObject({
      name: 'kvm_mmu_page_fault',
      module: 'kvm',
      parentName: 'vmx_handle_exit',
      callerOffset: 0x10,
      callerSize: 0x20,
    });
    expect(one('           nginx-4411    [003] .....   873.104541: tcp_sendmsg <ffffffff81b2a3c0> <-inet_sendmsg <ffffffff81b2a000>')).toMatchObject({
      kind: K.FunctionCall,
      name: 'tcp_sendmsg',
      parentName: 'inet_sendmsg',
    });
    const addr = one('           nginx-4411    [003] .....   873.104541: 0xffffffffc0a1b2c3 <-0');
    expect(addr).toMatchObject({
      kind: K.FunctionCall,
      name: '0xffffffffc0a1b2c3',
      parentName: '0',
    });
    expect(addr.flags & RecordFlag.Unresolved).toBeTruthy();
    // Free text that is neither a call nor `name: fields` stays an event.
    expect(one('           nginx-4411    [003] .....   873.104541: something odd here')).toMatchObject({
      kind: K.Event,
      name: '',
      text: 'something odd here',
    });
  });
});
