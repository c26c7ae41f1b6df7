/**
 * A fresh directory under the system's temporary directory for one test, removed when that
 * test finishes, passed or failed: a run of the suite leaves nothing behind in /tmp (the
 * CLI's tests write traces of up to a few MB there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** Call inside a test (not at a describe's top level, where no test is running). */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
