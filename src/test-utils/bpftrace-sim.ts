/**
 * A small interpreter of the bpftrace programs lib/probe-commands.ts makes, to run them on
 * a made-up sequence of probe firings (which thread, which CPU, when) and read the maps
 * they leave: what a histogram holds, what is left in a map at exit (bpftrace prints every
 * map at exit). The subset: probes with comma-joined attach points, a `/…/` predicate, an
 * action block; `$scratch` and `@map[k, …]` variables (`=`, `++`, `--`), `if`/`else`,
 * integer casts, C operators but `/` (a predicate's end); the builtins `tid`, `pid`, `cpu`, `nsecs`, `retval`, `comm`,
 * `probe`, `kstack`, and `count()`, `hist()`, `delete()`, `clear()`; BEGIN and END probes. Values are 64-bit integers
 * (BigInt), as bpftrace's; a map read of a missing key is 0, as bpftrace's.
 * docs/language.md of bpftrace: maps, scratch variables, predicates, builtins.
 */

/** What the kernel gives a probe that fires. */
export interface ProbeContext {
  tid: number;
  /** The thread group id (bpftrace's `pid`); the tid when omitted. */
  pid?: number;
  cpu: number;
  nsecs: number;
  retval?: bigint;
}

type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'builtin'; name: string }
  | { k: 'var'; name: string }
  | { k: 'map'; name: string; keys: Expr[] }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'cast'; type: string; e: Expr }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr };

type Stmt =
  | { k: 'assign'; target: Expr; e: Expr }
  | { k: 'incr'; target: Expr; by: bigint }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; cond: Expr; then: Stmt[]; else: Stmt[] };

interface Probe {
  points: { type: string; func: string }[];
  pred: Expr | null;
  body: Stmt[];
}

const BUILTINS = new Set(['nsecs', 'tid', 'pid', 'cpu', 'comm', 'kstack', 'retval', 'probe']);
const TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);
const LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '%']];

/** bpftrace's tokens of `src` (a clone name such as `tcp_sendmsg.isra.0` one word); throws where none fits. */
export function tokenize(src: string): string[] {
  const re = /\s*(0x[0-9a-fA-F]+|[0-9]+|[A-Za-z_][A-Za-z0-9_.]*|\+\+|--|&&|\|\||==|!=|<=|>=|<<|>>|[@$:,;{}()[\]/=<>+\-*%&|^!~])/y;
  const out: string[] = [];
  let at = 0;
  while (at < src.length && !/^\s*$/.test(src.slice(at))) {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) throw new Error(`no token at ${at}: ${src.slice(at, at + 20)}`);
    out.push(m[1]);
    at = re.lastIndex;
  }
  return out;
}

function parse(src: string): Probe[] {
  const t = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const eat = (want?: string): string => {
    const tok = t[i];
    if (tok === undefined || (want !== undefined && tok !== want)) throw new Error(`expected ${want ?? 'a token'} at token ${i}, got ${tok ?? 'the end'}`);
    i++;
    return tok;
  };
  const mapRef = (): Expr => {
    eat('@');
    const name = peek() !== undefined && /^[A-Za-z_]/.test(peek()!) ? eat() : '';
    const keys: Expr[] = [];
    if (peek() === '[') {
      eat('[');
      keys.push(expr());
      while (peek() === ',') {
        eat(',');
        keys.push(expr());
      }
      eat(']');
    }
    return { k: 'map', name, keys };
  };
  const primary = (): Expr => {
    const tok = eat();
    if (tok === '@') {
      i--;
      return mapRef();
    }
    if (tok === '$') return { k: 'var', name: eat() };
    if (/^(?:0x[0-9a-fA-F]+|[0-9]+)$/.test(tok)) return { k: 'num', v: BigInt(tok) };
    if (tok === '(') {
      if (TYPES.has(peek() ?? '')) {
        const type = eat();
        eat(')');
        return { k: 'cast', type, e: unary() };
      }
      const e = expr();
      eat(')');
      return e;
    }
    if (peek() === '(') {
      eat('(');
      const args: Expr[] = [];
      if (peek() !== ')') {
        args.push(expr());
        while (peek() === ',') {
          eat(',');
          args.push(expr());
        }
      }
      eat(')');
      return { k: 'call', name: tok, args };
    }
    if (!BUILTINS.has(tok)) throw new Error(`unknown name ${tok}`);
    return { k: 'builtin', name: tok };
  };
  const unary = (): Expr => (peek() === '-' || peek() === '!' || peek() === '~' ? { k: 'unary', op: eat(), e: unary() } : primary());
  const level = (n: number): Expr => {
    if (n === LEVELS.length) return unary();
    let l = level(n + 1);
    while (LEVELS[n].includes(peek() ?? '')) l = { k: 'bin', op: eat(), l, r: level(n + 1) };
    return l;
  };
  const expr = (): Expr => level(0);
  const block = (): Stmt[] => {
    eat('{');
    const out: Stmt[] = [];
    while (peek() !== '}') out.push(statement());
    eat('}');
    return out;
  };
  const statement = (): Stmt => {
    if (peek() === 'if') {
      eat('if');
      eat('(');
      const cond = expr();
      eat(')');
      const then = block();
      let otherwise: Stmt[] = [];
      if (peek() === 'else') {
        eat('else');
        otherwise = block();
      }
      return { k: 'if', cond, then, else: otherwise };
    }
    let s: Stmt;
    if (peek() === '@' || peek() === '$') {
      const target = peek() === '@' ? mapRef() : (eat('$'), { k: 'var' as const, name: eat() });
      if (peek() === '++' || peek() === '--') s = { k: 'incr', target, by: eat() === '++' ? 1n : -1n };
      else {
        eat('=');
        s = { k: 'assign', target, e: expr() };
      }
    } else s = { k: 'expr', e: expr() };
    // bpftrace takes a block's last statement without its `;`.
    if (peek() !== '}') eat(';');
    return s;
  };
  const probes: Probe[] = [];
  while (i < t.length) {
    const points: Probe['points'] = [];
    for (;;) {
      const type = eat();
      // (BEGIN and END name no function)
      if (type === 'BEGIN' || type === 'END') points.push({ type, func: '' });
      else {
        eat(':');
        points.push({ type, func: eat() });
      }
      if (peek() !== ',') break;
      eat(',');
    }
    let pred: Expr | null = null;
    if (peek() === '/') {
      eat('/');
      pred = expr();
      eat('/');
    }
    probes.push({ points, pred, body: block() });
  }
  return probes;
}

/** A map's entries: key (its values joined by ',') → value, or a histogram's samples. */
export type SimMap = Map<string, bigint | bigint[]>;

/** A bpftrace program ready to be fired at. */
export class BpftraceSim {
  readonly maps = new Map<string, SimMap>();
  private readonly probes: Probe[];

  constructor(program: string) {
    this.probes = parse(program);
  }

  /** Runs every probe of `type:func` (kprobe, kretprobe, fentry, fexit…) with `ctx`. */
  fire(type: string, func: string, ctx: ProbeContext): void {
    let ran = false;
    for (const p of this.probes) {
      if (!p.points.some((a) => a.type === type && a.func === func)) continue;
      ran = true;
      const vars = new Map<string, bigint>();
      if (p.pred !== null && this.eval(p.pred, ctx, vars) === 0n) continue;
      this.run(p.body, ctx, vars);
    }
    if (!ran) throw new Error(`no probe ${type}:${func}`);
  }

  /** Runs the END probes, as bpftrace does at exit before it prints the maps. */
  end(): void {
    for (const p of this.probes) if (p.points.some((a) => a.type === 'END')) this.run(p.body, { tid: 0, cpu: 0, nsecs: 0 }, new Map());
  }

  /** The samples a `hist()` map holds under no key (`@ns = hist(…)`), ascending. */
  histogram(name: string): number[] {
    const v = this.maps.get(name)?.get('');
    return Array.isArray(v) ? v.map(Number).sort((a, b) => a - b) : [];
  }

  /** The maps that still have entries: what bpftrace prints at exit besides the results. */
  nonEmpty(): string[] {
    return [...this.maps].filter(([, m]) => m.size > 0).map(([name]) => `@${name}`);
  }

  private map(name: string): SimMap {
    let m = this.maps.get(name);
    if (!m) this.maps.set(name, (m = new Map<string, bigint | bigint[]>()));
    return m;
  }

  private key(e: Extract<Expr, { k: 'map' }>, ctx: ProbeContext, vars: Map<string, bigint>): string {
    return e.keys.map((x) => String(this.eval(x, ctx, vars))).join(',');
  }

  private run(body: Stmt[], ctx: ProbeContext, vars: Map<string, bigint>): void {
    for (const s of body) {
      if (s.k === 'if') this.run(this.eval(s.cond, ctx, vars) !== 0n ? s.then : s.else, ctx, vars);
      else if (s.k === 'expr') this.eval(s.e, ctx, vars);
      else if (s.k === 'incr' || (s.k === 'assign' && s.target.k === 'map')) {
        const target = s.target;
        if (target.k !== 'map') throw new Error('++ on a scratch variable');
        const m = this.map(target.name);
        const key = this.key(target, ctx, vars);
        if (s.k === 'incr') m.set(key, BigInt.asIntN(64, this.read(m, key) + s.by));
        else if (s.e.k === 'call' && (s.e.name === 'hist' || s.e.name === 'count')) {
          if (s.e.name === 'count') m.set(key, this.read(m, key) + 1n);
          else {
            const samples = m.get(key);
            const v = this.eval(s.e.args[0], ctx, vars);
            if (Array.isArray(samples)) samples.push(v);
            else m.set(key, [v]);
          }
        } else m.set(key, this.eval(s.e, ctx, vars));
      } else if (s.target.k === 'var') vars.set(s.target.name, this.eval(s.e, ctx, vars));
    }
  }

  private read(m: SimMap, key: string): bigint {
    const v = m.get(key);
    if (Array.isArray(v)) throw new Error('a histogram read as a number');
    return v ?? 0n;
  }

  private eval(e: Expr, ctx: ProbeContext, vars: Map<string, bigint>): bigint {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'builtin':
        if (e.name === 'tid') return BigInt(ctx.tid);
        if (e.name === 'pid') return BigInt(ctx.pid ?? ctx.tid);
        if (e.name === 'cpu') return BigInt(ctx.cpu);
        if (e.name === 'nsecs') return BigInt(ctx.nsecs);
        if (e.name === 'retval') return ctx.retval ?? 0n;
        return 0n;
      case 'var': {
        const v = vars.get(e.name);
        if (v === undefined) throw new Error(`$${e.name} read before it is set`);
        return v;
      }
      case 'map':
        return this.read(this.map(e.name), this.key(e, ctx, vars));
      case 'call':
        if (e.name === 'delete' && e.args.length === 1 && e.args[0].k === 'map') {
          const target = e.args[0];
          this.map(target.name).delete(this.key(target, ctx, vars));
          return 0n;
        }
        if (e.name === 'clear' && e.args.length === 1 && e.args[0].k === 'map' && e.args[0].keys.length === 0) {
          this.map(e.args[0].name).clear();
          return 0n;
        }
        throw new Error(`${e.name}() is not run here`);
      case 'cast':
        return e.type.startsWith('u') ? BigInt.asUintN(Number(e.type.slice(4)), this.eval(e.e, ctx, vars)) : BigInt.asIntN(Number(e.type.slice(3)), this.eval(e.e, ctx, vars));
      case 'unary': {
        const v = this.eval(e.e, ctx, vars);
        return e.op === '-' ? -v : e.op === '!' ? BigInt(v === 0n) : ~v;
      }
      case 'bin': {
        const l = this.eval(e.l, ctx, vars);
        if (e.op === '&&') return BigInt(l !== 0n && this.eval(e.r, ctx, vars) !== 0n);
        if (e.op === '||') return BigInt(l !== 0n || this.eval(e.r, ctx, vars) !== 0n);
        const r = this.eval(e.r, ctx, vars);
        const ops: Record<string, () => bigint> = {
          '|': () => l | r,
          '^': () => l ^ r,
          '&': () => l & r,
          '==': () => BigInt(l === r),
          '!=': () => BigInt(l !== r),
          '<': () => BigInt(l < r),
          '<=': () => BigInt(l <= r),
          '>': () => BigInt(l > r),
          '>=': () => BigInt(l >= r),
          '<<': () => l << r,
          '>>': () => l >> r,
          '+': () => l + r,
          '-': () => l - r,
          '*': () => l * r,
          '%': () => l % r,
        };
        return ops[e.op]();
      }
    }
  }
}

/** The program of a `bpftrace -e '…'` command (null for another command). */
export function bpftraceProgram(command: string): string | null {
  const m = /^bpftrace -e '([^']*)'$/.exec(command);
  return m ? m[1] : null;
}
