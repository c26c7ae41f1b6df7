/**
 * Mutations of a trace text (a latin1 byte string: one char per byte). Each one breaks the
 * input the way damaged, truncated, hand-edited or hostile files do; the big shapes (deep
 * nesting, many tasks, long lines) are scaled by `Scale` so a case stays bounded.
 */
import type { Rng } from '../../bench/rng';

export interface Scale {
  /** Entries of the "nested with no exit" shape (the 100,000). */
  nested: number;
  /** Tasks of the "many tasks" shape (the million). */
  tasks: number;
  /** Bytes of the longest "long line" (the 10 MB). */
  longLine: number;
}

export const DEFAULT_SCALE: Scale = { nested: 100_000, tasks: 200_000, longLine: 10 << 20 };
export const FULL_SCALE: Scale = { nested: 100_000, tasks: 1_000_000, longLine: 10 << 20 };

export interface Mutator {
  name: string;
  /** Relative frequency. */
  weight: number;
  apply(rng: Rng, text: string, scale: Scale): string;
  /** The case is also loaded at every small chunk size (UTF-8 cut inside characters). */
  everyChunkSize?: boolean;
}

/** Text split into lines that keep their `\n` (the last one may have none). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The most characters one mutation inserts: far under V8's longest string (2^29 - 24 on 64-bit). */
const MAX_INSERT_CHARS = 64 << 20;

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
/** A count skewed to small values: 1 most often, up to `max`. */
const few = (rng: Rng, max: number): number => Math.max(1, Math.min(max, Math.floor(rng.logUniform(1, max + 1))));
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** Replaces up to `count` random lines matching `re` with `f(line)`. */
function editLines(rng: Rng, text: string, count: number, re: RegExp, f: (line: string) => string): string {
  const lines = splitLines(text);
  const hits: number[] = [];
  // Long lines (another mutation's) are left alone: these patterns backtrack on them.
  for (let i = 0; i < lines.length; i++) if (lines[i].length <= 4096 && re.test(lines[i])) hits.push(i);
  if (hits.length === 0) return text;
  for (let k = 0; k < count; k++) {
    const i = pick(rng, hits);
    lines[i] = f(lines[i]);
  }
  return lines.join('');
}

/** Inserts `block` at the start of a random line (or at the end). */
function insertAtLine(rng: Rng, text: string, block: string): string {
  const lines = splitLines(text);
  if (lines.length > 0 && !lines[lines.length - 1].endsWith('\n')) lines[lines.length - 1] += '\n';
  lines.splice(rng.int(lines.length + 1), 0, block);
  return lines.join('');
}

/** The indentation before a graph line's function text: after the last `|`. */
const GRAPH_BODY = /^(.*\|)( +)(\S.*)$/s;
/** A graph entry line (`f() {`, pretty or depth-suffixed) or a raw entry (`depth=N`). */
const ENTRY_LINE = /\) \{(?: \(\d+\))?\r?\n?$|funcgraph_entry: +func=\S+ depth=\d+/;
const TIMESTAMP = /(\d+)\.(\d{6,9})(?=: | \|)/;
const RAW_TIMESTAMP = /(\] +)(\d{7,})(?=: )/;
const COMM_PID = /^( *)(\S+)-(\d+)( +(?:\[\d+\]|\d[.a-zA-Z0-9]{4,7} ))/;
const TRACEFS_COMM_PID = /^( *\d+\) +)(\S+)-(\d+)( +\|)/;

/** Hostile names: markup, quotes, entities, a URL scheme (never to be rendered as HTML). */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg/onload=alert(1)>',
  '&lt;b&gt;&amp;',
  "javascript:alert('x')",
  '</textarea><b>x</b>',
  '${7*7}{{7*7}}',
];
/** Multi-byte characters (2, 3 and 4 bytes) and broken sequences. */
const WIDE = ['é', '€', '𝄞', 'ü', '中'].map(utf8).concat(['\xc3', '\xe2\x82', '\xf0\x9d\x84', '\x80\x80', '\xff']);

function randomBytes(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(256));
  return s;
}

export const MUTATORS: Mutator[] = [
  {
    name: 'flip-bytes',
    weight: 10,
    apply(rng, text) {
      if (text.length === 0) return text;
      const b = Buffer.from(text, 'latin1');
      const n = few(rng, 40);
      for (let k = 0; k < n; k++) b[rng.int(b.length)] ^= 1 << rng.int(8);
      return b.toString('latin1');
    },
  },
  {
    name: 'cut-lines',
    weight: 8,
    apply(rng, text) {
      return editLines(rng, text, few(rng, 20), /./, (l) => l.slice(0, rng.int(l.length)) + (l.endsWith('\n') ? '\n' : ''));
    },
  },
  {
    name: 'swap-lines',
    weight: 10,
    apply(rng, text) {
      const lines = splitLines(text);
      if (lines.length < 3) return text;
      const n = few(rng, 20);
      for (let k = 0; k < n; k++) {
        const i = 1 + rng.int(lines.length - 2);
        const j = rng.next() < 0.7 ? i + 1 : 1 + rng.int(lines.length - 2);
        if (j >= lines.length - 1 || i === j) continue;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return lines.join('');
    },
  },
  {
    name: 'duplicate-lines',
    weight: 8,
    apply(rng, text) {
      const lines = splitLines(text);
      if (lines.length < 2) return text;
      const n = few(rng, 10);
      for (let k = 0; k < n; k++) {
        const i = rng.int(lines.length - 1);
        const len = few(rng, 50);
        lines.splice(i + len, 0, ...lines.slice(i, i + len).map((l) => (l.endsWith('\n') ? l : l + '\n')));
      }
      return lines.join('');
    },
  },
  {
    name: 'delete-lines',
    weight: 10,
    apply(rng, text) {
      const lines = splitLines(text);
      if (lines.length < 2) return text;
      const n = few(rng, 20);
      for (let k = 0; k < n && lines.length > 1; k++) lines.splice(rng.int(lines.length), few(rng, 30));
      return lines.join('');
    },
  },
  {
    name: 'binary-chunk',
    weight: 5,
    apply(rng, text) {
      const at = rng.int(text.length + 1);
      return text.slice(0, at) + randomBytes(rng, Math.round(rng.logUniform(1, 64 * 1024))) + text.slice(at);
    },
  },
  {
    name: 'depth-jump',
    weight: 6,
    apply(rng, text) {
      const jump = () => Math.round(rng.logUniform(1000, 80_000));
      return editLines(rng, text, few(rng, 5), /\|  +\S|depth=\d+|\) \{ \(\d+\)/, (l) => {
        const raw = /depth=(\d+)/.exec(l);
        if (raw) return l.replace(/depth=\d+/, `depth=${Number(raw[1]) + jump()}`);
        const suffix = /\((\d+)\)(\r?\n?)$/.exec(l);
        if (suffix) return l.replace(/\((\d+)\)(\r?\n?)$/, `(${Number(suffix[1]) + jump()})$2`);
        const m = GRAPH_BODY.exec(l);
        return m ? m[1] + m[2] + ' '.repeat(2 * jump()) + m[3] : l;
      });
    },
  },
  {
    name: 'huge-duration',
    weight: 6,
    apply(rng, text) {
      const digits = () => String(1 + rng.int(9)) + Array.from({ length: 19 }, () => rng.int(10)).join('');
      return editLines(rng, text, few(rng, 10), /\d+\.\d+ us|rettime=[0-9a-f]+|calltime=[0-9a-f]+/, (l) =>
        rng.next() < 0.5
          ? l.replace(/\d+\.\d+ us/, `${digits()}.${rng.int(1000)} us`).replace(/rettime=[0-9a-f]+/, `rettime=${digits()}`)
          : l.replace(/calltime=[0-9a-f]+/, `calltime=${digits()}`).replace(/ \d+\.(\d+) us/, ` ${digits()}.$1 us`),
      );
    },
  },
  {
    name: 'time-goes-back',
    weight: 8,
    apply(rng, text) {
      return editLines(rng, text, few(rng, 20), /\d+\.\d{6,9}(?=: | \|)|\] +\d{7,}: /, (l) => {
        if (RAW_TIMESTAMP.test(l)) return l.replace(RAW_TIMESTAMP, (_, pre: string, ns: string) => pre + String(Math.floor(Number(ns) * rng.next())));
        return l.replace(TIMESTAMP, (_, s: string, frac: string) => `${rng.next() < 0.3 ? 0 : rng.int(Number(s) + 1)}.${frac}`);
      });
    },
  },
  {
    name: 'nested-no-exit',
    weight: 2,
    apply(rng, text, scale) {
      const template = splitLines(text).find((l) => ENTRY_LINE.test(l));
      const want = Math.round(rng.logUniform(1000, scale.nested + 1));
      const out: string[] = [];
      if (template && /depth=\d+/.test(template)) {
        for (let i = 0; i < want; i++) out.push(template.replace(/func=\S+ depth=\d+/, `func=nest_${i % 97} depth=${i}`).replace(/\r?\n?$/, '\n'));
      } else {
        // Pretty graph text: depth is indentation, so the bytes grow with depth squared.
        const n = Math.min(want, 3000);
        const m = template ? GRAPH_BODY.exec(template.replace(/\r?\n?$/, '')) : null;
        const prefix = m ? m[1] : '            fuzz-4242  [000]    10.000000: funcgraph_entry:                   |';
        for (let i = 0; i < n; i++) out.push(`${prefix}  ${' '.repeat(2 * i)}nest_${i % 97}() {\n`);
      }
      return insertAtLine(rng, text, out.join(''));
    },
  },
  {
    name: 'many-tasks',
    weight: 2,
    apply(rng, text, scale) {
      const lines = splitLines(text);
      const template = lines.find((l) => COMM_PID.test(l) || TRACEFS_COMM_PID.test(l));
      const re = template && COMM_PID.test(template) ? COMM_PID : TRACEFS_COMM_PID;
      const line = (template ?? '            fuzz-1     [000]    10.000000: funcgraph_entry:        0.100 us   |  f();\n').replace(/\r?\n?$/, '\n');
      // A template that an earlier mutation made long (up to 10 MB) copied for every task would
      // pass V8's longest string: as many copies as fit in MAX_INSERT_CHARS.
      const n = Math.min(Math.round(rng.logUniform(1000, scale.tasks + 1)), Math.max(1, Math.floor(MAX_INSERT_CHARS / line.length)));
      const out: string[] = [];
      const use = template ? re : COMM_PID;
      for (let i = 0; i < n; i++) out.push(line.replace(use, (_, sp: string, comm: string, _pid: string, tail: string) => `${sp}${comm}-${1000 + i}${tail}`));
      return insertAtLine(rng, text, out.join(''));
    },
  },
  {
    name: 'long-line',
    weight: 2,
    apply(rng, text, scale) {
      const size = Math.round(rng.logUniform(60 * 1024, scale.longLine + 1));
      const kind = rng.int(3);
      const prefix = kind === 1 ? '            curl-139   [001]    11.524982: funcgraph_entry:        0.100 us   |  ' : '';
      const body = (kind === 2 ? 'é€' : 'x').repeat(Math.ceil(size / (kind === 2 ? 5 : 1)));
      // kind 0 sometimes runs to the end of input without a newline.
      if (kind === 0 && rng.next() < 0.3) return text + body;
      return insertAtLine(rng, text, prefix + (kind === 2 ? utf8(body) : body) + (kind === 1 ? '();\n' : '\n'));
    },
  },
  {
    name: 'crlf-mix',
    weight: 6,
    apply(rng, text) {
      const p = rng.next();
      return text.replace(/\n/g, () => {
        const r = rng.next();
        return r < p ? '\r\n' : r < p + 0.01 ? '\r' : '\n';
      });
    },
  },
  {
    name: 'utf8-cut',
    weight: 6,
    everyChunkSize: true,
    apply(rng, text) {
      return editLines(rng, text, few(rng, 30), /[A-Za-z_]/, (l) => {
        const at = rng.int(l.length);
        const w = rng.next() < 0.8 ? pick(rng, WIDE.slice(0, 5)) : pick(rng, WIDE);
        return /[A-Za-z_]/.test(l[at] ?? '') ? l.slice(0, at) + w + l.slice(at + 1) : l;
      });
    },
  },
  {
    name: 'hostile-names',
    weight: 6,
    apply(rng, text) {
      return editLines(rng, text, few(rng, 20), /[A-Za-z_][\w.]*(?:\(\)| \*\/)|func=\S+|\S+-\d+ /, (l) => {
        const h = pick(rng, HOSTILE);
        const r = rng.int(3);
        if (r === 0 && /func=\S+/.test(l)) return l.replace(/func=\S+/, `func=${h.replace(/ /g, '')}`);
        if (r === 1 && /\S+-\d+ /.test(l)) return l.replace(/\S+(?=-\d+ )/, h.replace(/ /g, ''));
        return l.replace(/[A-Za-z_][\w.]*(?=\(\)| \*\/)/, h);
      });
    },
  },
  {
    name: 'truncate',
    weight: 4,
    apply(rng, text) {
      return text.slice(0, rng.int(text.length + 1));
    },
  },
  {
    name: 'splice-other-format',
    weight: 3,
    apply(rng, text) {
      // Lines of every format in one file: detection picked one, the rest are foreign.
      const foreign = [
        ' 1)   4.328 us    |    irq_enter_rcu();\n',
        '  124.226185 |   1)   1.914 us    |                  __build_skb_around();\n',
        '            curl-139   [001]    11.525361: funcgraph_exit:        func=mutex_unlock depth=0 overrun=0 calltime=2aeef15b8 rettime=2aef64d3f\n',
        '            curl-888   [001]   201.258833: function:             mutex_unlock\n',
        ' 0)  d.s4. |               |      __wake_up_common() {\n',
        '# tracer: function_graph\n',
        'CPU 1 is empty\n',
        '  [LOST 17 EVENTS]\n',
        ' ------------------------------------------\n',
        ' 1)    curl-750    =>    <idle>-0   \n',
        '=> ftrace_trampoline (ffffffffc0217083)\n',
        ' 1) ==========> |\n',
        ' 1) <========== |\n',
      ];
      let out = text;
      for (let k = few(rng, 10); k > 0; k--) out = insertAtLine(rng, out, pick(rng, foreign));
      return out;
    },
  },
];

const TOTAL_WEIGHT = MUTATORS.reduce((s, m) => s + m.weight, 0);

export function pickMutator(rng: Rng): Mutator {
  let r = rng.next() * TOTAL_WEIGHT;
  for (const m of MUTATORS) {
    r -= m.weight;
    if (r < 0) return m;
  }
  return MUTATORS[MUTATORS.length - 1];
}
