/**
 * The repository's own text files hold no unresolved merge: a conflict marker left in a
 * README or a source file (one was, in src/README.md's folder map) is found here, by file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Generated, installed or binary: not ours to read. */
const SKIP = new Set(['node_modules', 'dist', 'test-results', 'playwright-report', '.git', 'traces']);
const TEXT = /\.(ts|tsx|js|mjs|cjs|md|css|html|json|yml|yaml|sh)$/;

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(path);
    else if (TEXT.test(entry.name)) yield path;
  }
}

/** `<<<<<<< ours` and `>>>>>>> theirs` at a line's start: what git leaves in a conflicted file. */
const MARKER = /^(<{7}|>{7})( |$)/m;

describe('repository text', () => {
  it('has no merge conflict markers', () => {
    const found: string[] = [];
    for (const file of textFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const m = MARKER.exec(text);
      if (m) found.push(`${relative(ROOT, file)}:${text.slice(0, m.index).split('\n').length}`);
    }
    expect(found).toEqual([]);
  });

  it('finds a marker where one is left', () => {
    expect(MARKER.test('| a |\n<<<<<<< HEAD\n| b |\n')).toBe(true);
    expect(MARKER.test('a heading\n=======\n')).toBe(false);
  });
});
