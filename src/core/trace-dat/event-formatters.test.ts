import { describe, expect, it } from 'vitest';
import { BinaryView } from './binary-view';
import { parseEventFormat } from './event-format';
import { eventFormatter } from './event-formatters';

const COMMON = `	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:unsigned char common_flags;	offset:2;	size:1;	signed:0;
	field:unsigned char common_preempt_count;	offset:3;	size:1;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;
`;

/** Kernel 6.1's format files (tracefs events/irq/softirq_entry/format, events/sched/sched_wakeup/format). */
const SOFTIRQ_ENTRY = `name: softirq_entry
ID: 140
format:
${COMMON}
	field:unsigned int vec;	offset:8;	size:4;	signed:0;

print fmt: "vec=%u [action=%s]", REC->vec, __print_symbolic(REC->vec, { 0, "HI" }, { 1, "TIMER" }, { 2, "NET_TX" }, { 3, "NET_RX" }, { 4, "BLOCK" }, { 5, "IRQ_POLL" }, { 6, "TASKLET" }, { 7, "SCHED" }, { 8, "HRTIMER" }, { 9, "RCU" })
`;

const SCHED_WAKEUP = `name: sched_wakeup
ID: 316
format:
${COMMON}
	field:char comm[16];	offset:8;	size:16;	signed:0;
	field:pid_t pid;	offset:24;	size:4;	signed:1;
	field:int prio;	offset:28;	size:4;	signed:1;
	field:int target_cpu;	offset:32;	size:4;	signed:1;

print fmt: "comm=%s pid=%d prio=%d target_cpu=%03d", REC->comm, REC->pid, REC->prio, REC->target_cpu
`;

function payload(size: number, fill: (dv: DataView, bytes: Uint8Array) => void): BinaryView {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer), bytes);
  return new BinaryView(bytes, true, 0, 'test');
}

function formatter(system: string, text: string) {
  const f = parseEventFormat(system, text);
  expect(f).not.toBeNull();
  const out = eventFormatter(f!, () => {});
  expect(out).not.toBeNull();
  return out!;
}

describe('eventFormatter', () => {
  it('softirq: a vector the print fmt has no name for is printed in hex, as __print_symbolic does', () => {
    const text = formatter('irq', SOFTIRQ_ENTRY);
    const named = payload(12, (dv) => dv.setUint32(8, 3, true));
    expect(text(named, 0, 12)).toBe('vec=3 [action=NET_RX]');
    // libtraceevent's print_str_arg(), TEP_PRINT_SYMBOL: `trace_seq_printf(s, "0x%llx", val)`.
    const unnamed = payload(12, (dv) => dv.setUint32(8, 26, true));
    expect(text(unnamed, 0, 12)).toBe('vec=26 [action=0x1a]');
  });

  it('sched_wakeup: prio is printed as the unsigned value the plugin reads (%lld of tep_read_number)', () => {
    const text = formatter('sched', SCHED_WAKEUP);
    const v = payload(36, (dv, bytes) => {
      bytes.set(new TextEncoder().encode('dl_task'), 8);
      dv.setInt32(24, 77, true);
      dv.setInt32(28, -1, true); // a SCHED_DEADLINE task's prio
      dv.setInt32(32, 1, true);
    });
    expect(text(v, 0, 36)).toBe('dl_task:77 [4294967295] CPU:001');
  });
});
