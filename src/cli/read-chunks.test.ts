/** Plain files are read into two reused buffers: the model must not depend on that. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeFunctionStats } from '../core/query/function-stats';
import { loadBytes, traceBytes } from '../test-utils/traces';
import type { TraceModel } from '../core/model/tables';
import { loadTraceFile } from './load-file';
import { readFileChunks } from './read-chunks';

function fingerprint(m: TraceModel): string {
  const s = computeFunctionStats(m.calls, m.strings);
  const rows: string[] = [];
  for (let r = 0; r < s.length; r++) rows.push(`${m.strings.get(s.func[r])} ${s.calls[r]} ${s.total[r]} ${s.self[r]} ${s.p50[r]}`);
  return [m.calls.length, m.tasks.map((t) => `${t.comm}-${t.pid}`).join(','), ...rows.sort()].join('\n');
}

describe('readFileChunks', () => {
  const bytes = traceBytes('01-seed-curl-fgraph.report.txt.gz');
  const dir = mkdtempSync(join(tmpdir(), 'fte-read-'));
  const path = join(dir, 'seed.txt');
  writeFileSync(path, bytes);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('yields the whole file in order, in chunks no larger than asked', async () => {
    const parts: Uint8Array[] = [];
    for await (const chunk of readFileChunks(path, 4093)) {
      expect(chunk.length).toBeLessThanOrEqual(4093);
      parts.push(chunk.slice()); // copied: the buffer is reused for the next chunk
    }
    expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reuses its buffers, and a plain file still loads to the same model as from one array', async () => {
    const seen = new Set<ArrayBufferLike>();
    for await (const chunk of readFileChunks(path, 4096)) seen.add(chunk.buffer);
    expect(seen.size).toBe(2);
    const fromFile = await loadTraceFile(path, { chunkSize: 4096 });
    expect(fingerprint(fromFile)).toBe(fingerprint(loadBytes(bytes)));
  });
});
