/** The plain stream reference: bench/browser's page, whose Web Worker reads the File with `file.stream()`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { buildBenchPage, serve } from '../browser-bench';
import type { StreamResult } from '../browser/protocol';

export class StreamReference {
  private constructor(
    private readonly page: Page,
    private readonly close: () => Promise<void>,
  ) {}

  static async open(browser: Browser, file: string): Promise<StreamReference> {
    const dir = mkdtempSync(join(tmpdir(), 'ftrace-app-bench-stream-'));
    await buildBenchPage(dir);
    const { server, url } = await serve(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    await page.setInputFiles('#file', file);
    return new StreamReference(page, async () => {
      await page.evaluate(() => window.benchStep('close')).catch(() => undefined);
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    });
  }

  /** One plain `file.stream()` read in the bench page's Web Worker. */
  stream(): Promise<StreamResult> {
    return this.page.evaluate(() => window.benchStep('stream')) as Promise<StreamResult>;
  }

  async setFile(file: string): Promise<void> {
    await this.page.setInputFiles('#file', file);
  }

  dispose(): Promise<void> {
    return this.close();
  }
}
