/**
 * Generated traces for the range-parallel load's tests (core/parallel): small, seeded, and
 * full of what a seam can fall into: deep calls, interrupts between a call's work and its
 * late exit, multi-byte UTF-8 names, `#` header lines, `CPU:N [LOST …]` lines, task-switch
 * banners, comments spread over lines, stack traces, lines no parser reads. Each trace
 * comes with the byte offsets of those places (`spots`), where the tests put their cuts.
 */

/** A small seeded PRNG (mulberry32): the same seed gives the same trace and the same cuts. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeamTrace {
  bytes: Uint8Array;
  /** Byte offsets of the places a seam is worst at (line starts, and bytes inside multi-byte characters). */
  spots: { what: string; offset: number }[];
}

/**
 * `count` cuts of a seam trace drawn from `rnd`: half on its worst places, half anywhere;
 * sorted, repeats allowed (empty ranges).
 */
export function fuzzedCuts(rnd: () => number, trace: SeamTrace, count: number): number[] {
  const { bytes, spots } = trace;
  const cut = () => (rnd() < 0.5 ? spots[Math.floor(rnd() * spots.length)].offset : Math.floor(rnd() * bytes.length));
  return Array.from({ length: count }, cut).sort((a, b) => a - b);
}

class TextWriter {
  private readonly parts: string[] = [];
  private bytes = 0;
  readonly spots: { what: string; offset: number }[] = [];
  private readonly encoder = new TextEncoder();

  line(text: string, spot?: string): void {
    if (spot) this.spots.push({ what: spot, offset: this.bytes });
    const b = this.encoder.encode(text + '\n');
    // Every byte inside a multi-byte character is a spot of its own.
    if (spot === undefined && b.length !== text.length + 1) {
      for (let i = 0; i < b.length; i++) if ((b[i] & 0xc0) === 0x80) this.spots.push({ what: 'inside a UTF-8 character', offset: this.bytes + i });
    }
    this.parts.push(text + '\n');
    this.bytes += b.length;
  }

  done(): SeamTrace {
    return { bytes: this.encoder.encode(this.parts.join('')), spots: this.spots };
  }
}

const UTF8_NAMES = ['caf\u00e9_\u00df_lookup', 'f\u00fcnf_\u4e2d\u6587', 'emoji_\u{1F600}_path'];

/** `trace-cmd report` function_graph text (pretty form) with events and the hard places. */
export function traceCmdSeamTrace(seed: number, episodes = 60): SeamTrace {
  const rnd = seededRandom(seed);
  const w = new TextWriter();
  const tasks = [
    { comm: 'curl', pid: 139, cpu: 0 },
    { comm: 'caf\u00e9-\u{1F600}', pid: 212, cpu: 1 },
    { comm: 'kworker/1:2', pid: 100, cpu: 1 },
  ];
  let t = 11_000_000; // µs
  const ts = () => `${Math.floor(t / 1e6)}.${String(t % 1e6).padStart(6, '0')}`;
  const head = (task: (typeof tasks)[number]) => `${`${task.comm}-${task.pid}`.padStart(16)} [${String(task.cpu).padStart(3, '0')}] ${ts().padStart(12)}:`;
  const dur = (us: number) => {
    const mark = us > 100 ? '! ' : us > 10 ? '+ ' : '  ';
    return `${mark}${us.toFixed(3)} us`.padStart(14) + '  ';
  };
  const noDur = ' '.repeat(16);
  const body = (depth: number, s: string) => `|  ${'  '.repeat(depth)}${s}`;
  const entry = (task: (typeof tasks)[number], depth: number, name: string, spot?: string) => {
    t += 1;
    w.line(`${head(task)} funcgraph_entry:     ${noDur}${body(depth, `${name}() {`)}`, spot);
  };
  const leaf = (task: (typeof tasks)[number], depth: number, name: string, us: number, spot?: string) => {
    t += us + 1;
    w.line(`${head(task)} funcgraph_entry:     ${dur(us)}${body(depth, `${name}();`)}`, spot);
  };
  const exit = (task: (typeof tasks)[number], depth: number, us: number, spot?: string) => {
    t += 1;
    w.line(`${head(task)} funcgraph_exit:      ${dur(us)}${body(depth, '}')}`, spot);
  };
  w.line('cpus=2', 'a header line');
  w.line('version = 6', 'a header line');
  for (let e = 0; e < episodes; e++) {
    const task = tasks[Math.floor(rnd() * tasks.length)];
    switch (Math.floor(rnd() * 8)) {
      case 0: {
        // A deep call: seams fall among its entries and exits.
        const depth = 10 + Math.floor(rnd() * 30);
        for (let d = 0; d < depth; d++) entry(task, d, `deep_${d}`, d === depth >> 1 ? 'inside a deep call' : undefined);
        leaf(task, depth, 'deepest', 2);
        for (let d = depth - 1; d >= 0; d--) exit(task, d, 2 * (depth - d) + 3, d === depth >> 1 ? 'inside a deep call' : undefined);
        break;
      }
      case 1: {
        // An interrupt between b's work and b's late exit (builder rule 9).
        entry(task, 0, 'a');
        entry(task, 1, 'b');
        leaf(task, 2, 'c', 5);
        leaf(task, 1, 'irq_enter_rcu', 2, 'between an interrupt and its late exit');
        entry(task, 1, '__sysvec_apic_timer_interrupt', 'between an interrupt and its late exit');
        leaf(task, 2, 'hrtimer_interrupt', 10);
        exit(task, 1, 16, 'between an interrupt and its late exit');
        exit(task, 1, 50, 'between an interrupt and its late exit');
        leaf(task, 1, 'd', 5);
        exit(task, 0, 100);
        break;
      }
      case 2:
        entry(task, 0, 'lossy');
        w.line(`CPU:${task.cpu} [LOST ${1 + Math.floor(rnd() * 5000)} EVENTS]`, 'a CPU:N [LOST …] line');
        leaf(task, 1, 'after_loss', 3);
        exit(task, 0, 9);
        break;
      case 3: {
        const name = UTF8_NAMES[Math.floor(rnd() * UTF8_NAMES.length)];
        entry(task, 0, name);
        leaf(task, 1, name, 4);
        exit(task, 0, 8);
        break;
      }
      case 4:
        t += 3;
        w.line(`${head(task)} sched_switch:         ${task.comm}:${task.pid} [120] R ==> swapper/1:0 [120]`, 'an event');
        w.line(`${head(task)} kernel_stack:         <stack trace >`, 'an event with a stack');
        w.line('=> __schedule (ffffffff81e2c5a0)', 'a stack frame');
        w.line('=> schedule (ffffffff81e2cb30)');
        break;
      case 5:
        w.line('# a comment in the middle', 'a header line');
        w.line('', 'a blank line');
        break;
      case 6:
        // Exits whose entries came earlier, in another range when a seam falls between.
        entry(task, 0, 'outer');
        entry(task, 1, 'middle');
        for (let k = 0; k < 5; k++) leaf(task, 2, `inner_${k}`, 1 + k);
        exit(task, 1, 30, 'an exit whose entry is far back');
        exit(task, 0, 40);
        break;
      default:
        w.line(`this line is not a trace line \u00e9\u00e8 ${e}`, 'an unparsed line');
        break;
    }
    // Once, midway: a line longer than any trace line (reported, never parsed), inside a call.
    if (e === episodes >> 1) {
      entry(task, 0, 'around_a_long_line');
      w.line(`${head(task)} funcgraph_entry:     ${dur(1)}${body(1, `${'x'.repeat(66_000)}();`)}`, 'an over-long line');
      exit(task, 0, 9);
    }
  }
  // A call still open at the end, and an exit with no entry at the very start of a range.
  entry(tasks[0], 0, 'never_returns');
  leaf(tasks[0], 1, 'last_work', 2);
  return w.done();
}

/** Kernel function_graph text (tracefs `trace`) with banners, comments and the hard places. */
export function tracefsSeamTrace(seed: number, episodes = 60): SeamTrace {
  const rnd = seededRandom(seed);
  const w = new TextWriter();
  let cpu = 0;
  const col = () => ` ${cpu}) `;
  const noDur = '              ';
  const dur = (us: number) => `${us > 10 ? '+ ' : '  '}${us.toFixed(3)} us`.padEnd(14);
  const body = (depth: number, s: string) => ` |  ${'  '.repeat(depth)}${s}`;
  const entry = (depth: number, name: string, spot?: string) => w.line(`${col()}${noDur}${body(depth, `${name}() {`)}`, spot);
  const leaf = (depth: number, name: string, us: number, spot?: string) => w.line(`${col()}${dur(us)}${body(depth, `${name}();`)}`, spot);
  const exit = (depth: number, us: number, spot?: string) => w.line(`${col()}${dur(us)}${body(depth, '}')}`, spot);
  w.line('# tracer: function_graph', 'a header line');
  w.line('#', 'a header line');
  w.line('# CPU  DURATION                  FUNCTION CALLS', 'a header line');
  w.line('# |     |   |                     |   |   |   |', 'a header line');
  let release = 0;
  for (let e = 0; e < episodes; e++) {
    switch (Math.floor(rnd() * 9)) {
      case 0: {
        const depth = 8 + Math.floor(rnd() * 20);
        for (let d = 0; d < depth; d++) entry(d, `deep_${d}`, d === depth >> 1 ? 'inside a deep call' : undefined);
        leaf(depth, 'deepest', 2);
        for (let d = depth - 1; d >= 0; d--) exit(d, 2 * (depth - d) + 3, d === depth >> 1 ? 'inside a deep call' : undefined);
        break;
      }
      case 1: {
        // A task switch banner: the lines after it belong to the task it names.
        const from = cpu;
        cpu = rnd() < 0.5 ? 0 : 1;
        w.line(' ------------------------------------------', 'the first line of a task-switch banner');
        w.line(` ${cpu})    curl-${700 + from}    =>    sh\u00e9ll-${800 + e}   `, 'the switch line of a banner');
        w.line(' ------------------------------------------', 'the last rule of a banner');
        w.line('', 'the blank line after a banner');
        break;
      }
      case 2:
        entry(0, 'lossy');
        w.line(`CPU:${cpu} [LOST ${1 + Math.floor(rnd() * 5000)} EVENTS]`, 'a CPU:N [LOST …] line');
        leaf(1, 'after_loss', 3);
        exit(0, 9);
        break;
      case 3:
        // A comment spread over lines: its continuation lines read as part of it.
        entry(0, 'commented');
        w.line(`${col()}${noDur}${body(1, '/* a comment that goes on')}`, 'a comment left open');
        w.line('its second line;', 'inside an open comment');
        w.line('g();', 'inside an open comment');
        w.line('and its end */', 'inside an open comment');
        exit(0, 7);
        break;
      case 4:
        // An interrupt (arrows) between b's work and b's exit.
        entry(0, 'a');
        entry(1, 'b');
        leaf(2, 'c', 5);
        w.line(`${col()}  ==========> |`, 'an interrupt arrow');
        leaf(1, 'irq_enter_rcu', 2, 'between an interrupt and its late exit');
        w.line(`${col()}  <========== |`, 'between an interrupt and its late exit');
        exit(1, 50, 'between an interrupt and its late exit');
        exit(0, 100);
        break;
      case 5: {
        const name = UTF8_NAMES[Math.floor(rnd() * UTF8_NAMES.length)];
        entry(0, name);
        leaf(1, name, 4);
        exit(0, 8);
        w.line(' (Overruns: 3)', 'an overrun line');
        break;
      }
      case 6:
        release++;
        w.line(`# irqsoff latency trace v1.1.5 on 6.1.${release}-amd64`, 'a header line');
        w.line('', 'a blank line');
        break;
      case 7:
        // Exits with no entry before them: a seam before them leaves their entries in another range.
        entry(0, 'outer');
        entry(1, 'middle');
        leaf(2, 'inner', 3);
        exit(1, 30, 'an exit whose entry is far back');
        exit(0, 40);
        break;
      default:
        w.line(`garbage \u00e9\u00e8 line ${e}`, 'an unparsed line');
        break;
    }
  }
  entry(0, 'never_returns');
  leaf(1, 'last_work', 2);
  return w.done();
}

/**
 * Texts whose lines end unusually, for the parallel parses' seams: a trace-cmd trace with
 * CRLF line ends, a tracefs trace with no line end at the end, and text in no known format
 * (with a multi-byte character on every line).
 */
export function awkwardLineTexts(): Uint8Array[] {
  const lf = traceCmdSeamTrace(3).bytes;
  const crlf = new TextEncoder().encode(new TextDecoder().decode(lf).replaceAll('\n', '\r\n'));
  const noEnd = tracefsSeamTrace(3).bytes.subarray(0, -1);
  const unknown = new TextEncoder().encode(Array.from({ length: 3000 }, (_, i) => `word ${i} \u00e9 plain text`).join('\n'));
  return [crlf, noEnd, unknown];
}

/**
 * Plain `trace-cmd report` function_graph text of many tasks, as a busy machine records it:
 * tasks switched out in the middle of their calls (a `sched_switch` event) and resumed later,
 * on any CPU, so that every seam falls inside open calls; nothing a repair rule would touch
 * (every call returns, times only go forward, each exit's duration its call's). What the split
 * build (core/parallel/split-range.ts) builds apart and stitches: `lines` lines about.
 */
export function traceCmdBusyTrace(seed: number, lines = 40_000): Uint8Array {
  const rnd = seededRandom(seed);
  const w = new TextWriter();
  const cpus = 3;
  const tasks = Array.from({ length: 7 }, (_, k) => ({ comm: ['nginx', 'curl', 'kworker/0:1', 'sshd', 'bash', 'java', 'python3'][k], pid: 300 + 17 * k, stack: [] as { name: string; at: number }[] }));
  type Task = (typeof tasks)[number];
  let t = 5_000_000_000; // ns; every line a little later than the one before it
  const us = (ns: number) => `${(ns / 1000).toFixed(3)} us`;
  const ts = () => `${Math.floor(t / 1e9)}.${String(Math.floor((t % 1e9) / 1000)).padStart(6, '0')}`;
  const head = (task: Task, cpu: number) => `${`${task.comm}-${task.pid}`.padStart(16)} [${String(cpu).padStart(3, '0')}] ${ts().padStart(12)}:`;
  const body = (depth: number, s: string) => `|  ${'  '.repeat(depth)}${s}`;
  const running: (Task | undefined)[] = tasks.slice(0, cpus);
  const waiting = tasks.slice(cpus);
  let n = 0;
  while (n < lines || running.some((task) => task && task.stack.length > 0) || waiting.some((task) => task.stack.length > 0)) {
    const cpu = Math.floor(rnd() * cpus);
    const task = running[cpu]!;
    const draining = n >= lines;
    const r = rnd();
    t += 1000 + Math.floor(rnd() * 3) * 1000;
    if (!draining && r < 0.02 && waiting.length > 0) {
      // Switched out wherever it is: its calls stay open until it runs again.
      const next = waiting.splice(Math.floor(rnd() * waiting.length), 1)[0];
      w.line(`${head(task, cpu)} sched_switch:         ${task.comm}:${task.pid} [120] S ==> ${next.comm}:${next.pid} [120]`);
      waiting.push(task);
      running[cpu] = next;
    } else if (!draining && task.stack.length < 8 && r < 0.45) {
      const name = `fn_${Math.floor(rnd() * 300)}`;
      w.line(`${head(task, cpu)} funcgraph_entry:     ${' '.repeat(16)}${body(task.stack.length, `${name}() {`)}`);
      task.stack.push({ name, at: t });
    } else if (task.stack.length > 0 && (draining || r < 0.75)) {
      const call = task.stack.pop()!;
      w.line(`${head(task, cpu)} funcgraph_exit:      ${us(t - call.at).padStart(14)}  ${body(task.stack.length, '}')}`);
    } else if (!draining) {
      // A leaf of 10 µs or more: the clock check counts calls that long.
      const dur = 10_000 + Math.floor(rnd() * 20) * 1000;
      t += dur;
      w.line(`${head(task, cpu)} funcgraph_entry:     ${us(dur).padStart(14)}  ${body(task.stack.length, `leaf_${Math.floor(rnd() * 50)}();`)}`);
    } else {
      // Draining: a task with nothing open gives its CPU to one that has open calls.
      const next = waiting.findIndex((x) => x.stack.length > 0);
      if (next < 0) continue;
      const [other] = waiting.splice(next, 1);
      w.line(`${head(task, cpu)} sched_switch:         ${task.comm}:${task.pid} [120] S ==> ${other.comm}:${other.pid} [120]`);
      waiting.push(task);
      running[cpu] = other;
    }
    n++;
  }
  return w.done().bytes;
}

/** Function graph lines' text after the time, at `depth` (trace-cmd report's pretty form). */
export const graphText = {
  entry: (depth: number, name: string) => `funcgraph_entry:                     |  ${'  '.repeat(depth)}${name}() {`,
  exit: (depth: number, us: number) => `funcgraph_exit:       ${`${us.toFixed(3)} us`.padStart(14)}  |  ${'  '.repeat(depth)}}`,
  leaf: (depth: number, name: string) => `funcgraph_entry:          12.000 us  |  ${'  '.repeat(depth)}${name}();`,
};

/**
 * A busy trace (traceCmdBusyTrace), then `tail`'s lines on CPU 0, a microsecond apart, each
 * `[task, text]` (`comm-pid` and the text after the time; task '' for a line printed as it is),
 * with `cut` the offset of tail line `cutAt`: a seam there has the busy trace's clock check full.
 */
export function busyTraceThen(tail: [string, string][], cutAt: number): { bytes: Uint8Array; cut: number } {
  const lead = new TextDecoder().decode(traceCmdBusyTrace(2, 12_000));
  const at = Number(/ (\d+\.\d+):/.exec(lead.trimEnd().split('\n').pop()!)![1]) + 1;
  const lines = tail.map(([task, text], k) => (task === '' ? `${text}\n` : `${task.padStart(16)} [000] ${(at + k / 1e6).toFixed(6).padStart(12)}: ${text}\n`));
  const encoder = new TextEncoder();
  return { bytes: encoder.encode(lead + lines.join('')), cut: encoder.encode(lead + lines.slice(0, cutAt).join('')).length };
}

/**
 * A busy trace, then a new task's calls with `cut` the offset of its third line: its range's
 * prefix closes `inner`, then a call at depth 0 comes (its anchor). With `closes`, the prefix
 * closes `outer` too, as the range assumes at its anchor; without, `outer` is still open there
 * in one pass (closed as never returned): the range must be read again.
 */
export function busyTraceWithLateTask(closes: boolean): { bytes: Uint8Array; cut: number } {
  const { entry, exit, leaf } = graphText;
  const tail = closes
    ? [entry(0, 'outer'), entry(1, 'inner'), exit(1, 20), exit(0, 40), leaf(0, 'after')]
    : [entry(0, 'outer'), entry(1, 'inner'), exit(1, 20), leaf(0, 'after'), leaf(0, 'again')];
  return busyTraceThen(
    tail.map((text) => ['late-999', text]),
    2,
  );
}
