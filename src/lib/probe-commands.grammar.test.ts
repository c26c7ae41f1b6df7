/**
 * Every bpftrace program the Hook points panel makes parses under the subset of bpftrace's
 * grammar it uses (docs/language.md: probes, attach points joined by commas, a `/…/`
 * predicate, action blocks; `$scratch` and `@map[k, …]` variables, `=`, `++`, `--`,
 * `if`/`else`, integer casts, C operator precedence; the builtins and functions named
 * below). A small recursive-descent checker: it answers where a program stops parsing.
 */
import { describe, expect, test } from 'vitest';
import { probeCommands } from './probe-commands';
import { tokenize } from '../test-utils/bpftrace-sim';

const BUILTINS = new Set(['nsecs', 'tid', 'pid', 'cpu', 'comm', 'kstack', 'retval', 'probe']);
const FUNCTIONS = new Set(['count', 'hist', 'delete', 'clear']);
const PROBE_TYPES = new Set(['kprobe', 'kretprobe', 'fentry', 'fexit', 'tracepoint']);
const TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);
/** Binary operators by precedence, loosest first (C's, as bpftrace's parser has them). */
const LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '%']];

/** Throws with the position where `src` stops being a program of the subset. */
function checkProgram(src: string): void {
  const t = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const eat = (want?: string): string => {
    const tok = t[i];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new Error(`expected ${want ?? 'a token'} at token ${i}, got ${tok ?? 'the end'}`);
    i++;
    return tok;
  };
  const ident = (): string => {
    const tok = eat();
    if (!/^[A-Za-z_]\w*$/.test(tok)) throw new Error(`expected a name at token ${i - 1}, got ${tok}`);
    return tok;
  };
  const mapRef = (): void => {
    eat('@');
    if (peek() !== undefined && /^[A-Za-z_]/.test(peek()!)) ident();
    if (peek() === '[') {
      eat('[');
      expr();
      while (peek() === ',') {
        eat(',');
        expr();
      }
      eat(']');
    }
  };
  const primary = (): void => {
    const tok = peek();
    if (tok === undefined) throw new Error('unexpected end');
    if (tok === '@') return mapRef();
    if (tok === '$') {
      eat('$');
      ident();
      return;
    }
    if (/^(?:0x[0-9a-fA-F]+|[0-9]+)$/.test(tok)) return void eat();
    if (tok === '(') {
      eat('(');
      if (TYPES.has(peek() ?? '')) {
        eat();
        eat(')');
        return unary();
      }
      expr();
      eat(')');
      return;
    }
    const name = ident();
    if (FUNCTIONS.has(name)) {
      eat('(');
      if (peek() !== ')') {
        expr();
        while (peek() === ',') {
          eat(',');
          expr();
        }
      }
      eat(')');
      return;
    }
    if (!BUILTINS.has(name)) throw new Error(`unknown name ${name} at token ${i - 1}`);
  };
  const unary = (): void => {
    if (peek() === '-' || peek() === '!' || peek() === '~') eat();
    primary();
  };
  const level = (k: number): void => {
    if (k === LEVELS.length) return unary();
    level(k + 1);
    while (LEVELS[k].includes(peek() ?? '')) {
      eat();
      level(k + 1);
    }
  };
  const expr = (): void => level(0);
  const block = (): void => {
    eat('{');
    while (peek() !== '}') statement();
    eat('}');
  };
  const statement = (): void => {
    if (peek() === 'if') {
      eat('if');
      eat('(');
      expr();
      eat(')');
      block();
      if (peek() === 'else') {
        eat('else');
        block();
      }
      return;
    }
    if (peek() === '@' || peek() === '$') {
      if (peek() === '@') mapRef();
      else {
        eat('$');
        ident();
      }
      if (peek() === '++' || peek() === '--') eat();
      else {
        eat('=');
        expr();
      }
    } else {
      expr();
    }
    eat(';');
  };
  const attachPoint = (): void => {
    const type = ident();
    if (type === 'END') return;
    if (!PROBE_TYPES.has(type)) throw new Error(`unknown probe type ${type}`);
    eat(':');
    // A function name with its clone suffix (one token: bpftrace-sim's tokenizer keeps a
    // dotted name whole), or tracepoint's category:name.
    const first = eat();
    if (!/^[A-Za-z_]\w*(?:\.\w+)*$/.test(first)) throw new Error(`bad attach point ${first}`);
    while (peek() === ':') {
      eat();
      const part = eat();
      if (!/^\w+$/.test(part)) throw new Error(`bad attach point part ${part}`);
    }
  };
  while (i < t.length) {
    attachPoint();
    while (peek() === ',') {
      eat(',');
      attachPoint();
    }
    if (peek() === '/') {
      eat('/');
      expr();
      eat('/');
    }
    block();
  }
}

/** The program of a `bpftrace -e '…'` command. */
function programOf(command: string): string | null {
  const m = /^bpftrace -e '([^']*)'$/.exec(command);
  return m ? m[1] : null;
}

describe('the bpftrace programs parse', () => {
  const cases: [string, Parameters<typeof probeCommands>[2], Parameters<typeof probeCommands>[3]][] = [
    ['tcp_sendmsg', [], {}],
    ['ip_output', [], { nested: true }],
    ['getname_flags', ['getname_flags.part.0'], {}],
    ['do_execveat_common.isra.0', [], { nested: true }],
    ['napi_gro_receive', [], { onIdle: true }],
    ['__dev_queue_xmit', [], { onIdle: true, nested: true }],
    ['__x64_sys_sendto', [], {}],
    ['sys_read', [], {}],
    ['do_user_addr_fault', [], {}],
    ['__rcu_read_lock', [], {}],
    ['do_exit', [], {}],
  ];
  test.each(cases)('%s', (name, variants, options) => {
    const programs = probeCommands(name, { comm: 'curl', pid: 1 }, variants, options)
      .commands.map((c) => programOf(c.command))
      .filter((p): p is string => p !== null);
    expect(programs.length).toBeGreaterThan(0);
    for (const p of programs) expect(() => checkProgram(p), p).not.toThrow();
  });

  test('the checker refuses what bpftrace refuses', () => {
    const bad = [
      'kprobe:f { @[kstack] = count() }', // no ;
      'kprobe:f { @start[tid] = nsecs; ', // unclosed block
      'kprobe:f /@start[tid] { }', // unclosed predicate
      'kprobe:f { @x = hist(retval; }',
      'kprobe:f { $r = (int64 retval; }',
      'kprobe:f { @x = sh(1); }', // unknown function
      'uprobe:f { }', // probe type not made here
      'kprobe:f { if ($r > 0 { } }',
    ];
    for (const p of bad) expect(() => checkProgram(p), p).toThrow();
  });
});
