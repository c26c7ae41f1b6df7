/**
 * Deterministic generator of synthetic `trace-cmd report` text (trace-cmd 3.1.6, default
 * options, function_graph tracer plus sched_switch / sched_wakeup), for benchmarks.
 *
 *   tsx bench/generate.ts --bytes 1G --out trace.txt
 *   tsx bench/generate.ts --calls 1000000 --out trace.txt [--seed 1] [--cpus 8] [--tasks 40]
 *
 * The text is written in ~1 MiB chunks as it is generated (never held whole in memory).
 * Node only (Buffer, fs).
 *
 * The model: CPUs run tasks; each task keeps its own call stack across context switches
 * (it may resume on another CPU). The CPU whose clock is earliest produces the next line,
 * so lines come out in global time order and each CPU's timestamps increase. A task that
 * is switched out goes through `schedule() { __schedule() { … }` and the sched_switch event;
 * when it runs again, `finish_task_switch.isra.0()` and the two exits follow, and their
 * durations include the time it was away. Interrupt handlers nest at the current depth.
 * Every duration is exit time minus entry time in integer nanoseconds, so a parent's
 * duration is always at least the sum of its children's. When the size target is reached
 * the generator drains: no new calls are started, sleeping tasks are woken, and every open
 * call is closed, so the text has no orphan exits and no unclosed calls.
 *
 * Layout (docs/formats.md §4.3, §4.4), per line:
 *   COMM right-aligned in 16, '-', PID left-aligned in 5, ' [CPU3] ', SECS right-aligned in 5,
 *   '.', 6-digit µs (rounded), ': ', 'EVENT:' padded to 22, payload.
 *   Leaf:   MARK ' ' N.NNN ' us ' pad-to-7 '|  ' indent 'f();'
 *   Entry:  13 spaces '|  ' indent 'f() {'
 *   Exit:   MARK ' ' N.NNN ' us ' pad-to-7 '|  ' indent '}'
 *   MARK: '$' > 1 s, '#' > 1 ms, '!' > 100 µs, '+' > 10 µs, else ' ' (strictly greater).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { numberOption } from './args';
import { Rng, Zipf } from './rng';
import { buildTasks, buildVocabulary, IRQ_FUNCTIONS, LEAFY_FUNCTIONS, ROOT_FUNCTIONS } from './vocabulary';

/** Bumped whenever the same options produce different text (cached traces are regenerated). */
export const GENERATOR_VERSION = 2;

export interface GenerateOptions {
  /** PRNG seed (default 1). Same options, same bytes. */
  seed?: number;
  /** Number of CPUs (default 8). */
  cpus?: number;
  /** Number of tasks besides the per-CPU idle tasks (default 40). */
  tasks?: number;
  /** Size of the function vocabulary (default 3000). */
  functions?: number;
  /** Deepest nesting depth of ordinary calls (default 40). */
  maxDepth?: number;
  /** Stop starting new work once this many bytes are written (then drain). */
  targetBytes?: number;
  /** Stop starting new work once this many calls are written (then drain). */
  targetCalls?: number;
  /** Bytes per chunk handed to the sink (default 1 MiB). */
  chunkBytes?: number;
}

export interface GeneratedTask {
  comm: string;
  pid: number;
  /** For the idle task (pid 0), its CPU; else -1. */
  idleCpu: number;
  /** Calls (entries + leaves) written for this task. */
  calls: number;
}

export interface GenerateStats {
  bytes: number;
  lines: number;
  /** Calls written: nested entries + leaves (every nested entry has its exit). */
  calls: number;
  entries: number;
  leaves: number;
  exits: number;
  schedSwitches: number;
  schedWakeups: number;
  maxDepth: number;
  cpus: number;
  /** Distinct function names that appear. */
  functionsUsed: number;
  /** Tasks that appear in the text (idle tasks included). */
  tasks: GeneratedTask[];
  firstTsNs: number;
  lastTsNs: number;
  /** Wall time of the generation, ms. */
  elapsedMs: number;
}

/** Receives the text in chunks; the bytes are only valid during the call (the buffer is reused). */
export type ChunkSink = (chunk: Uint8Array) => void;

// ---- script ops (a task's scripted sequence: schedule, resume, idle loop) ----------
const OP_ENTER = 1;
const OP_ENTER_SCHED = 2;
const OP_LEAF = 3;
const OP_EXIT = 4;
const OP_SWITCH = 5;
const OP_IDLE_LEAF = 6;
const OP_IRQ = 7;
const OP_BITS = 3;
const OP_MASK = (1 << OP_BITS) - 1;

// ---- task states -----------------------------------------------------------------------
const RUNNING = 0;
const RUNNABLE = 1;
const SLEEPING = 2;
/** Picked as the next task by a CPU that is on its way to the sched_switch. */
const RESERVED = 3;
const DONE = 4;
/** An idle task while another task runs on its CPU. */
const IDLE_WAITING = 5;

const EMPTY: readonly number[] = [];

class SimTask {
  readonly prefixes: string[] = [];
  depth = 0;
  readonly fn: Int32Array;
  readonly t0: Float64Array;
  readonly left: Int32Array;
  readonly nestP: Float64Array;
  readonly chain: Uint8Array;
  /** 1 for the schedule()/__schedule() frames that stay open while the task is switched out. */
  readonly sched: Uint8Array;
  script: readonly number[] = EMPTY;
  pos = 0;
  state = RUNNABLE;
  wakeAt = 0;
  lastCpu = -1;
  switchAt = 0;
  willBlock = false;
  next: SimTask | null = null;
  outState = 'S';
  calls = 0;
  readonly payloadName: string;

  constructor(
    readonly comm: string,
    readonly pid: number,
    readonly prio: number,
    readonly idleCpu: number,
    capacity: number,
  ) {
    this.fn = new Int32Array(capacity);
    this.t0 = new Float64Array(capacity);
    this.left = new Int32Array(capacity);
    this.nestP = new Float64Array(capacity);
    this.chain = new Uint8Array(capacity);
    this.sched = new Uint8Array(capacity);
    this.payloadName = idleCpu >= 0 ? `swapper/${idleCpu}` : comm;
  }

  prefix(cpu: number): string {
    let p = this.prefixes[cpu];
    if (p === undefined) {
      const comm = this.idleCpu >= 0 ? '<idle>' : this.comm;
      p = `${comm.padStart(16)}-${String(this.pid).padEnd(5)} [${String(cpu).padStart(3, '0')}] `;
      this.prefixes[cpu] = p;
    }
    return p;
  }
}

const REM3: string[] = [];
for (let i = 0; i < 1000; i++) REM3.push(String(i).padStart(3, '0'));
const PAD7: string[] = [];
for (let i = 0; i <= 16; i++) PAD7.push(' '.repeat(Math.max(0, 7 - i)));

/** trace-cmd's duration column for a duration in integer ns: `MARK N.NNN us pad|  `. */
export function durationColumn(ns: number): string {
  const mark = ns > 1e9 ? '$ ' : ns > 1e6 ? '# ' : ns > 1e5 ? '! ' : ns > 1e4 ? '+ ' : '  ';
  const us = Math.floor(ns / 1000);
  if (us < 1000000) {
    const num = `${us}.${REM3[ns - us * 1000]}`;
    return `${mark}${num} us ${PAD7[num.length]}|  `;
  }
  return `${mark}${us} us |  `;
}

const ENTRY_NESTED = ': funcgraph_entry:                   |  ';
const ENTRY_LEAF = ': funcgraph_entry:      ';
const EXIT = ': funcgraph_exit:       ';
const SCHED_SWITCH = ': sched_switch:         ';
const SCHED_WAKEUP = ': sched_wakeup:         ';

class Generator {
  private readonly rng: Rng;
  private readonly cpus: number;
  private readonly maxDepth: number;
  private readonly targetBytes: number;
  private readonly targetCalls: number;
  private readonly chunkBytes: number;
  private readonly sink: ChunkSink;

  private readonly names: string[];
  private readonly nameOpen: string[] = [];
  private readonly nameLeaf: string[] = [];
  private readonly used: Uint8Array;
  private readonly leafy: Uint8Array;
  private readonly entryPoint: Uint8Array;
  private readonly callees: Int32Array[] = [];
  private readonly zipf: Zipf;
  private readonly calleeZipf: Zipf;
  private readonly rootIds: number[] = [];
  private readonly rootCdf: number[] = [];
  private readonly irqIds: number[];
  private readonly indent: string[] = [];
  private readonly nestBase: Float64Array;

  private readonly scriptBlock: number[];
  private readonly scriptPreempt: number[];
  private readonly scriptIdleSwitch: number[];
  private readonly scriptIdleLoop: number[];
  private readonly scriptResume: number[];

  private readonly tasks: SimTask[] = [];
  private readonly idles: SimTask[] = [];
  private readonly current: SimTask[] = [];
  private readonly clock: Float64Array;
  private readonly finished: Uint8Array;
  private draining = false;
  private nextWakeAt = Infinity;

  private readonly out: Buffer;
  /** Writes ASCII at an offset, returns its length (Buffer#latin1Write is ~2x faster than write()). */
  private readonly put: (text: string, offset: number) => number;
  private pos = 0;
  private written = 0;
  private lastSecs = -1;
  private secsText = '';
  private readonly scratch: SimTask[] = [];

  private lines = 0;
  private calls = 0;
  private entries = 0;
  private leaves = 0;
  private exits = 0;
  private switches = 0;
  private wakeups = 0;
  private deepest = 0;
  private firstTs = -1;
  private lastTs = -1;

  constructor(opts: GenerateOptions, sink: ChunkSink) {
    const seed = opts.seed ?? 1;
    this.rng = new Rng(seed);
    this.cpus = Math.max(1, Math.min(opts.cpus ?? 8, 999));
    this.maxDepth = Math.max(4, Math.min(opts.maxDepth ?? 40, 200));
    this.targetBytes = opts.targetBytes ?? Infinity;
    this.targetCalls = opts.targetCalls ?? (opts.targetBytes === undefined ? 100_000 : Infinity);
    this.chunkBytes = opts.chunkBytes ?? 1 << 20;
    this.sink = sink;
    const out = Buffer.allocUnsafe(this.chunkBytes + (64 << 10));
    this.out = out;
    const fast = (out as Buffer & { latin1Write?: (text: string, offset: number) => number }).latin1Write;
    this.put = fast ? fast.bind(out) : (text, offset) => out.write(text, offset, 'latin1');

    // Vocabulary, popularity, call graph.
    this.names = buildVocabulary(this.rng, Math.max(400, opts.functions ?? 3000));
    const ids = new Map<string, number>();
    this.names.forEach((n, i) => ids.set(n, i));
    const id = (name: string): number => {
      let v = ids.get(name);
      if (v === undefined) {
        v = this.names.length;
        this.names.push(name);
        ids.set(name, v);
      }
      return v;
    };
    for (const [name, w] of ROOT_FUNCTIONS) {
      this.rootIds.push(id(name));
      this.rootCdf.push((this.rootCdf.length ? this.rootCdf[this.rootCdf.length - 1] : 0) + w);
    }
    this.irqIds = IRQ_FUNCTIONS.map(id);
    const S = (op: number, name?: string) => op | ((name === undefined ? 0 : id(name)) << OP_BITS);
    const schedBody = (idle: boolean, block: boolean): number[] => [
      S(OP_ENTER_SCHED, idle ? 'schedule_idle' : 'schedule'),
      S(OP_ENTER_SCHED, '__schedule'),
      S(OP_LEAF, 'rcu_note_context_switch'),
      S(OP_LEAF, '_raw_spin_lock'),
      S(OP_LEAF, 'update_rq_clock'),
      ...(block
        ? [
            S(OP_ENTER, 'dequeue_task_fair'),
            S(OP_ENTER, 'dequeue_entity'),
            S(OP_LEAF, 'update_curr'),
            S(OP_LEAF, '__update_load_avg_se'),
            S(OP_LEAF, '__update_load_avg_cfs_rq'),
            S(OP_EXIT),
            S(OP_LEAF, 'hrtick_update'),
            S(OP_EXIT),
          ]
        : []),
      S(OP_ENTER, 'pick_next_task_fair'),
      ...(idle ? [] : [S(OP_ENTER, 'put_prev_entity'), S(OP_LEAF, 'update_curr'), S(OP_EXIT)]),
      S(OP_LEAF, 'pick_next_entity'),
      S(OP_EXIT),
      S(OP_ENTER, 'psi_task_switch'),
      S(OP_LEAF, 'psi_flags_change'),
      S(OP_LEAF, 'psi_flags_change'),
      S(OP_EXIT),
      S(OP_ENTER, '__traceiter_sched_switch'),
      S(OP_LEAF, '_raw_spin_lock_irqsave'),
      S(OP_LEAF, '_raw_spin_unlock_irqrestore'),
      S(OP_EXIT),
      S(OP_SWITCH),
    ];
    this.scriptBlock = schedBody(false, true);
    this.scriptPreempt = schedBody(false, false);
    this.scriptIdleSwitch = schedBody(true, false);
    this.scriptResume = [
      S(OP_ENTER, 'finish_task_switch.isra.0'),
      S(OP_LEAF, '_raw_spin_unlock'),
      S(OP_EXIT),
      S(OP_EXIT), // __schedule
      S(OP_EXIT), // schedule / schedule_idle
    ];
    this.scriptIdleLoop = [
      S(OP_ENTER, 'tick_nohz_idle_enter'),
      S(OP_LEAF, 'ktime_get'),
      S(OP_EXIT),
      S(OP_ENTER, 'cpuidle_enter'),
      S(OP_ENTER, 'cpuidle_enter_state'),
      S(OP_IDLE_LEAF, 'intel_idle'),
      S(OP_LEAF, 'sched_idle_set_state'),
      S(OP_EXIT),
      S(OP_EXIT),
      S(OP_IRQ),
    ];

    const n = this.names.length;
    this.used = new Uint8Array(n);
    this.leafy = new Uint8Array(n);
    for (const name of LEAFY_FUNCTIONS) this.leafy[id(name)] = 1;
    for (const name of this.names) {
      this.nameOpen.push(`${name}() {\n`);
      this.nameLeaf.push(`${name}();\n`);
    }
    this.zipf = new Zipf(n, 1.0);
    this.calleeZipf = new Zipf(8, 1.0);
    // Entry points (syscalls, faults, scheduler, idle, irq) are not called from arbitrary
    // functions: keep them out of callee lists except where they belong.
    this.entryPoint = new Uint8Array(n);
    for (const f of this.rootIds) if (this.leafy[f] === 0) this.entryPoint[f] = 1;
    for (const f of this.irqIds) this.entryPoint[f] = 1;
    for (const op of [...this.scriptBlock, ...this.scriptIdleLoop, ...this.scriptIdleSwitch, ...this.scriptResume]) {
      const f = op >>> OP_BITS;
      if (f > 0 && this.leafy[f] === 0) this.entryPoint[f] = 1;
    }
    const syscalls = this.rootIds.filter((f) => this.names[f].startsWith('__x64_sys_'));
    for (let f = 0; f < n; f++) {
      const list = new Int32Array(8);
      for (let k = 0; k < 8; k++) {
        if (this.names[f] === 'do_syscall_64' && k < 7) {
          list[k] = syscalls[this.rng.int(syscalls.length)];
          continue;
        }
        let g = this.pickGlobal();
        if (g === f) g = this.pickGlobal();
        list[k] = g;
      }
      this.callees.push(list);
    }
    for (let d = 0; d <= this.maxDepth + 16; d++) this.indent.push(' '.repeat(2 * d));
    // Chance that a child of a frame at depth d is itself nested: keeps most calls at
    // depth 3..15 with a thin tail, like real traces.
    this.nestBase = new Float64Array(this.maxDepth + 16);
    for (let d = 0; d < this.nestBase.length; d++) {
      this.nestBase[d] = d < 8 ? 0.45 : Math.max(0.04, 0.45 - (d - 8) * 0.035);
    }

    // Tasks and CPUs.
    const cap = this.maxDepth + 16;
    for (const spec of buildTasks(Math.max(1, opts.tasks ?? 40))) {
      this.tasks.push(new SimTask(spec.comm, spec.pid, spec.prio, -1, cap));
    }
    this.clock = new Float64Array(this.cpus);
    this.finished = new Uint8Array(this.cpus);
    const start = (2345 + this.rng.next()) * 1e9;
    for (let c = 0; c < this.cpus; c++) {
      const idle = new SimTask('swapper', 0, 120, c, cap);
      idle.state = IDLE_WAITING;
      idle.lastCpu = c;
      this.idles.push(idle);
      this.clock[c] = Math.floor(start + this.rng.next() * 5000);
    }
    for (let c = 0; c < this.cpus; c++) {
      const t = c < this.tasks.length ? this.tasks[c] : this.idles[c];
      this.startRunning(t, c, this.clock[c]);
    }
    for (let i = this.cpus; i < this.tasks.length; i++) {
      const t = this.tasks[i];
      if (this.rng.next() < 0.5) t.state = RUNNABLE;
      else {
        t.state = SLEEPING;
        t.wakeAt = start + this.rng.exp(2e6);
        if (t.wakeAt < this.nextWakeAt) this.nextWakeAt = t.wakeAt;
      }
    }
  }

  run(): GenerateStats {
    const began = performance.now();
    const clock = this.clock;
    const finished = this.finished;
    const cpus = this.cpus;
    let guard = 0;
    this.pos = this.put(`cpus=${cpus}\n`, 0);
    this.lines++;
    for (;;) {
      let best = -1;
      let bestT = Infinity;
      for (let c = 0; c < cpus; c++) {
        if (finished[c] === 0 && clock[c] < bestT) {
          bestT = clock[c];
          best = c;
        }
      }
      if (best < 0) break;
      this.step(best, bestT);
      if (!this.draining) {
        if (this.calls >= this.targetCalls || this.written + this.pos >= this.targetBytes) {
          this.startDrain(bestT);
        }
      } else if (++guard > 50_000_000) {
        throw new Error('generator: drain did not terminate');
      }
    }
    this.flush();
    const tasks: GeneratedTask[] = [];
    for (const t of [...this.idles, ...this.tasks]) {
      if (t.calls > 0 || t.lastCpu >= 0) tasks.push({ comm: t.idleCpu >= 0 ? '<idle>' : t.comm, pid: t.pid, idleCpu: t.idleCpu, calls: t.calls });
    }
    let functionsUsed = 0;
    for (let i = 0; i < this.used.length; i++) functionsUsed += this.used[i];
    return {
      bytes: this.written,
      lines: this.lines,
      calls: this.calls,
      entries: this.entries,
      leaves: this.leaves,
      exits: this.exits,
      schedSwitches: this.switches,
      schedWakeups: this.wakeups,
      maxDepth: this.deepest,
      cpus: this.cpus,
      functionsUsed,
      tasks,
      firstTsNs: this.firstTs,
      lastTsNs: this.lastTs,
      elapsedMs: performance.now() - began,
    };
  }

  /** A callee of `parent`: mostly from its own callee list, sometimes any function. */
  private pickChild(parent: number): number {
    const rng = this.rng;
    return rng.next() < 0.8 ? this.callees[parent][this.calleeZipf.sample(rng)] : this.pickGlobal();
  }

  /** A function by global popularity, not an entry point. */
  private pickGlobal(): number {
    let f = this.zipf.sample(this.rng);
    for (let k = 0; k < 8 && this.entryPoint[f] === 1; k++) f = this.zipf.sample(this.rng);
    return f;
  }

  // ---- output -------------------------------------------------------------------------

  private flush(): void {
    if (this.pos > 0) {
      this.written += this.pos;
      this.sink(this.out.subarray(0, this.pos));
      this.pos = 0;
    }
  }

  /** Lines are ASCII and far shorter than the 64 KiB slack of the buffer. */
  private emit(line: string, now: number): void {
    this.pos += this.put(line, this.pos);
    this.lines++;
    if (this.firstTs < 0) this.firstTs = now;
    this.lastTs = now;
    if (this.pos >= this.chunkBytes) this.flush();
  }

  /** `SECS.USECS` as trace-cmd prints it: rounded to the µs, seconds right-aligned in 5. */
  private ts(ns: number): string {
    const us = Math.floor((ns + 500) / 1000);
    const secs = Math.floor(us / 1e6);
    if (secs !== this.lastSecs) {
      this.lastSecs = secs;
      this.secsText = `${String(secs).padStart(5)}.`;
    }
    const frac = us - secs * 1e6;
    const hi = Math.floor(frac / 1000);
    return this.secsText + REM3[hi] + REM3[frac - hi * 1000];
  }

  // ---- time model -----------------------------------------------------------------------

  /** Time between two lines of a CPU: tracer overhead plus the running function's own work. */
  private gap(): number {
    const rng = this.rng;
    let g = 150 + rng.exp(900);
    const r = rng.next();
    if (r < 0.015) g += rng.logUniform(10e3, 150e3);
    else if (r < 0.0165) g += rng.logUniform(150e3, 3e6);
    return Math.floor(g);
  }

  private leafDuration(): number {
    const rng = this.rng;
    let d = 200 + rng.exp(800);
    const r = rng.next();
    if (r < 0.03) d += rng.logUniform(10e3, 100e3);
    else if (r < 0.034) d += rng.logUniform(100e3, 1e6);
    else if (r < 0.0343) d += rng.logUniform(1e6, 10e6);
    return Math.floor(d);
  }

  private sleepDuration(): number {
    const rng = this.rng;
    const r = rng.next();
    if (r < 0.0005) return Math.floor(rng.logUniform(1.0e9, 1.6e9));
    if (r < 0.03) return Math.floor(rng.logUniform(10e6, 300e6));
    return Math.floor(20e3 + rng.exp(1.5e6));
  }

  private slice(): number {
    return Math.floor(50e3 + this.rng.exp(500e3));
  }

  // ---- scheduling ---------------------------------------------------------------------------

  private startRunning(t: SimTask, c: number, now: number): void {
    t.state = RUNNING;
    t.lastCpu = c;
    t.switchAt = now + this.slice();
    t.willBlock = this.rng.next() < 0.65;
    this.current[c] = t;
    if (t.depth > 0 && t.sched[t.depth - 1] === 1) {
      t.script = this.scriptResume;
      t.pos = 0;
    }
  }

  /** Picks (and reserves) a runnable task for CPU c, preferring those that last ran there. */
  private pickRunnable(c: number): SimTask | null {
    const pool = this.scratch;
    pool.length = 0;
    let local = 0;
    for (const t of this.tasks) {
      if (t.state !== RUNNABLE || (this.draining && t.depth === 0)) continue;
      if (t.lastCpu === c) {
        pool.push(pool[local]);
        pool[local++] = t;
      } else pool.push(t);
    }
    if (pool.length === 0) return null;
    const t = local > 0 && this.rng.next() < 0.7 ? pool[this.rng.int(local)] : pool[this.rng.int(pool.length)];
    t.state = RESERVED;
    return t;
  }

  /** Wakes sleeping tasks whose time has come; the CPU's current task prints sched_wakeup. */
  private wakeCheck(c: number, now: number): void {
    if (now < this.nextWakeAt) return;
    let next = Infinity;
    const cur = this.current[c];
    for (const t of this.tasks) {
      if (t.state !== SLEEPING) continue;
      if (t.wakeAt <= now) {
        t.state = RUNNABLE;
        const target = t.lastCpu >= 0 ? t.lastCpu : c;
        this.emit(
          `${cur.prefix(c)}${this.ts(now)}${SCHED_WAKEUP}${t.comm}:${t.pid} [${t.prio}] CPU:${String(target).padStart(3, '0')}\n`,
          now,
        );
        this.wakeups++;
      } else if (t.wakeAt < next) next = t.wakeAt;
    }
    this.nextWakeAt = next;
  }

  private startDrain(now: number): void {
    this.draining = true;
    let next = Infinity;
    for (const t of this.tasks) {
      if ((t.state === RUNNABLE || t.state === SLEEPING) && t.depth === 0) t.state = DONE;
      else if (t.state === SLEEPING) {
        if (t.wakeAt > now) t.wakeAt = now;
        if (t.wakeAt < next) next = t.wakeAt;
      }
    }
    this.nextWakeAt = next;
  }

  /** Tasks that still have open calls and are not on a CPU. */
  private anyPending(): boolean {
    for (const t of this.tasks) {
      if ((t.state === RUNNABLE || t.state === SLEEPING || t.state === RESERVED) && t.depth > 0) return true;
    }
    return false;
  }

  private doSwitch(t: SimTask, c: number, now: number): void {
    const n = t.next!;
    t.next = null;
    this.emit(
      `${t.prefix(c)}${this.ts(now)}${SCHED_SWITCH}${t.payloadName}:${t.pid} [${t.prio}] ${t.outState} ==> ${n.payloadName}:${n.pid} [${n.prio}]\n`,
      now,
    );
    this.switches++;
    t.script = EMPTY;
    t.pos = 0;
    t.lastCpu = c;
    if (t.idleCpu >= 0) t.state = IDLE_WAITING;
    else if (this.draining && t.depth === 0) t.state = DONE;
    else if (t.outState === 'R') t.state = RUNNABLE;
    else {
      t.state = SLEEPING;
      const sleep = this.sleepDuration();
      t.wakeAt = now + (this.draining ? Math.min(sleep, 20e3) : sleep);
      if (t.wakeAt < this.nextWakeAt) this.nextWakeAt = t.wakeAt;
    }
    const at = now + 300 + Math.floor(this.rng.exp(1500));
    this.clock[c] = at;
    this.startRunning(n, c, at);
  }

  // ---- the step: one action of the task on CPU c ------------------------------------------

  private step(c: number, now: number): void {
    const t = this.current[c];
    if (t.pos < t.script.length) {
      this.scriptOp(t, c, now, t.script[t.pos++]);
      return;
    }
    const d = t.depth;
    if (d > 0 && t.left[d - 1] <= 0) {
      this.exitCall(t, c, now);
      return;
    }
    if (d === 0) {
      if (t.idleCpu >= 0) {
        this.idleStep(t, c, now);
        return;
      }
      if (this.draining) {
        // This task is done: hand the CPU to one with open calls, or to the idle task.
        this.wakeCheck(c, now);
        t.next = this.pickRunnable(c) ?? this.idles[c];
        t.outState = 'S';
        this.doSwitch(t, c, now);
        return;
      }
    }
    if (!this.draining && t.idleCpu < 0 && now >= t.switchAt && d <= this.maxDepth - 8) {
      if (this.planSwitch(t, c, now)) return;
    }
    const rng = this.rng;
    if (d === 0) {
      // A new outermost call.
      const u = rng.next() * this.rootCdf[this.rootCdf.length - 1];
      let k = 0;
      while (this.rootCdf[k] < u) k++;
      const f = this.rootIds[k];
      if (this.leafy[f] === 0 && rng.next() < 0.9) this.enterCall(t, c, now, f, 0, false);
      else this.leafCall(t, c, now, f, this.leafDuration());
      return;
    }
    t.left[d - 1]--;
    if (rng.next() < 0.004) {
      this.irq(t, c, now);
      return;
    }
    const parent = t.fn[d - 1];
    const nested = !this.draining && d < this.maxDepth && rng.next() < t.nestP[d - 1];
    let f = this.pickChild(parent);
    // A nested call needs a function that calls others: try a few callees for one.
    for (let k = 0; nested && k < 4 && this.leafy[f] === 1; k++) f = this.pickChild(parent);
    if (nested && this.leafy[f] === 0) this.enterCall(t, c, now, f, 0, t.chain[d - 1] === 1);
    else this.leafCall(t, c, now, f, this.leafDuration());
  }

  /** Starts the schedule() sequence when the slice is over; false if the task keeps the CPU. */
  private planSwitch(t: SimTask, c: number, now: number): boolean {
    const next = this.pickRunnable(c);
    if (!next && !t.willBlock) {
      // Nobody to preempt for: run another slice, which may end in blocking.
      t.switchAt = now + this.slice();
      t.willBlock = this.rng.next() < 0.65;
      return false;
    }
    t.next = next ?? this.idles[c];
    t.outState = t.willBlock ? (this.rng.next() < 0.1 ? 'D' : 'S') : 'R';
    t.script = t.willBlock ? this.scriptBlock : this.scriptPreempt;
    t.pos = 1;
    this.scriptOp(t, c, now, t.script[0]);
    return true;
  }

  private idleStep(t: SimTask, c: number, now: number): void {
    this.wakeCheck(c, now);
    const next = this.pickRunnable(c);
    if (next) {
      t.next = next;
      t.outState = 'R';
      t.script = this.scriptIdleSwitch;
      t.pos = 1;
      this.scriptOp(t, c, now, t.script[0]);
      return;
    }
    if (this.draining && !this.anyPending()) {
      this.finished[c] = 1;
      return;
    }
    t.script = this.scriptIdleLoop;
    t.pos = 1;
    this.scriptOp(t, c, now, t.script[0]);
  }

  private irq(t: SimTask, c: number, now: number): void {
    this.wakeCheck(c, now);
    const f = this.irqIds[this.rng.int(this.irqIds.length)];
    const d = t.depth;
    if (d >= this.maxDepth + 8) {
      this.leafCall(t, c, now, f, this.leafDuration());
      return;
    }
    this.enterCall(t, c, now, f, 2 + this.rng.int(4), false);
    t.nestP[d] = this.draining ? 0 : 0.35;
  }

  private scriptOp(t: SimTask, c: number, now: number, op: number): void {
    const f = op >>> OP_BITS;
    switch (op & OP_MASK) {
      case OP_ENTER:
      case OP_ENTER_SCHED:
        this.enterCall(t, c, now, f, -1, false);
        t.sched[t.depth - 1] = (op & OP_MASK) === OP_ENTER_SCHED ? 1 : 0;
        return;
      case OP_LEAF:
        this.leafCall(t, c, now, f, this.leafDuration());
        return;
      case OP_EXIT:
        this.exitCall(t, c, now);
        return;
      case OP_SWITCH:
        this.doSwitch(t, c, now);
        return;
      case OP_IDLE_LEAF: {
        const cap = now + this.rng.logUniform(200e3, 4e6);
        const until = this.draining ? now + 2000 : Math.min(this.nextWakeAt, cap);
        const dur = Math.floor(Math.max(1000, until - now) + this.rng.exp(2000));
        this.leafCall(t, c, now, f, dur);
        return;
      }
      case OP_IRQ:
        this.irq(t, c, now);
        return;
    }
  }

  // ---- lines --------------------------------------------------------------------------------

  /** `children` < 0: a scripted frame (its children and exit come from the script). */
  private enterCall(t: SimTask, c: number, now: number, f: number, children: number, parentChain: boolean): void {
    const d = t.depth;
    this.emit(`${t.prefix(c)}${this.ts(now)}${ENTRY_NESTED}${this.indent[d]}${this.nameOpen[f]}`, now);
    const rng = this.rng;
    t.fn[d] = f;
    t.t0[d] = now;
    t.sched[d] = 0;
    if (children < 0) {
      t.left[d] = 0;
      t.nestP[d] = 0;
      t.chain[d] = 0;
    } else if (children > 0) {
      t.left[d] = children;
      t.chain[d] = 0;
    } else {
      // Chains (one nested child, often again a chain) make the deep stacks real traces have.
      const chain = rng.next() < (parentChain ? 0.72 : 0.05);
      if (chain) {
        t.left[d] = 1 + (rng.next() < 0.3 ? 1 : 0);
        t.nestP[d] = 0.95;
        t.chain[d] = 1;
      } else {
        t.left[d] = 1 + Math.min(15, Math.floor(rng.exp(1.9)));
        t.nestP[d] = this.nestBase[d];
        t.chain[d] = 0;
      }
    }
    t.depth = d + 1;
    if (d + 1 > this.deepest) this.deepest = d + 1;
    this.count(t, f);
    this.entries++;
    this.clock[c] = now + this.gap();
  }

  private leafCall(t: SimTask, c: number, now: number, f: number, dur: number): void {
    const d = t.depth;
    this.emit(`${t.prefix(c)}${this.ts(now)}${ENTRY_LEAF}${durationColumn(dur)}${this.indent[d]}${this.nameLeaf[f]}`, now);
    if (d + 1 > this.deepest) this.deepest = d + 1;
    this.count(t, f);
    this.leaves++;
    this.clock[c] = now + dur + this.gap();
  }

  private exitCall(t: SimTask, c: number, now: number): void {
    const d = --t.depth;
    const dur = now - t.t0[d];
    this.emit(`${t.prefix(c)}${this.ts(now)}${EXIT}${durationColumn(dur)}${this.indent[d]}}\n`, now);
    t.sched[d] = 0;
    this.exits++;
    this.clock[c] = now + this.gap();
  }

  private count(t: SimTask, f: number): void {
    this.calls++;
    t.calls++;
    this.used[f] = 1;
  }
}

/** Generates a trace, handing it to `sink` in chunks of about `chunkBytes`. */
export function generateTrace(opts: GenerateOptions, sink: ChunkSink): GenerateStats {
  return new Generator(opts, sink).run();
}

/** Generates a trace into a file (created or truncated). */
export function generateTraceFile(path: string, opts: GenerateOptions): GenerateStats {
  const fd = openSync(path, 'w');
  try {
    return generateTrace(opts, (chunk) => {
      let off = 0;
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off);
    });
  } finally {
    closeSync(fd);
  }
}

/** `1G`, `200M`, `512k`, `1.5G`, `1000000` → bytes (binary units: 1M = 2^20). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * unit);
}

/** `1000000`, `1e6`, `2.5M` → a count (decimal units). */
function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmg]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a count: ${text}`);
  const unit = { '': 1, k: 1e3, m: 1e6, g: 1e9 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * unit);
}

const USAGE = `usage: tsx bench/generate.ts (--bytes SIZE | --calls N) --out FILE
         [--seed N] [--cpus N] [--tasks N] [--functions N] [--max-depth N] [--json]
  SIZE: 1G, 200M, 64k or bytes (binary units). N for --calls: 1000000, 1e6 or 2.5M.
  Writes synthetic trace-cmd 3.1.6 function_graph report text; prints a summary on stderr
  (--json: the full statistics as JSON on stdout).`;

function main(argv: string[]): void {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        bytes: { type: 'string' },
        calls: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        cpus: { type: 'string' },
        tasks: { type: 'string' },
        functions: { type: 'string' },
        'max-depth': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: 'seed' | 'cpus' | 'tasks' | 'functions' | 'max-depth') => numberOption(name, values[name], undefined);
  const opts: GenerateOptions = {
    targetBytes: values.bytes === undefined ? undefined : parseSize(values.bytes),
    targetCalls: values.calls === undefined ? undefined : parseCount(values.calls),
    seed: number('seed'),
    cpus: number('cpus'),
    tasks: number('tasks'),
    functions: number('functions'),
    maxDepth: number('max-depth'),
  };
  const out = values.out ?? '';
  const json = values.json ?? false;
  if (!out) throw new Error(`--out is required\n${USAGE}`);
  const s = generateTraceFile(out, opts);
  if (json) console.log(JSON.stringify(s, null, 2));
  const secs = s.elapsedMs / 1000;
  console.error(
    `${out}: ${(s.bytes / 2 ** 20).toFixed(1)} MiB, ${s.lines.toLocaleString('en-US')} lines, ` +
      `${s.calls.toLocaleString('en-US')} calls (${s.leaves.toLocaleString('en-US')} leaves), ` +
      `${s.schedSwitches.toLocaleString('en-US')} sched_switch, ${s.schedWakeups.toLocaleString('en-US')} sched_wakeup, ` +
      `max depth ${s.maxDepth}, ${s.tasks.length} tasks on ${s.cpus} CPUs, ${s.functionsUsed} functions, ` +
      `trace time ${((s.lastTsNs - s.firstTsNs) / 1e9).toFixed(3)} s; ` +
      `written in ${secs.toFixed(1)} s (${(s.bytes / 1e6 / secs).toFixed(0)} MB/s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}
