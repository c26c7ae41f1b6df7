/**
 * The Hook points panel's entry points table in the call tree's narrow side pane (1024 px
 * wide): no header word nor syscall entry name is cut in two where the pane has room.
 */
import { expect, test } from '@playwright/test';
import { gotoApp, waitForReady } from './helpers';

/** curl's sendto down to tcp_sendmsg, as trace-cmd report prints it (the seed's lines). */
const SENDTO = [
  'cpus=2',
  '            curl-139   [001]    12.034978: funcgraph_entry:                   |  __x64_sys_sendto() {',
  '            curl-139   [001]    12.034990: funcgraph_entry:                   |    __sys_sendto() {',
  '            curl-139   [001]    12.035021: funcgraph_entry:                   |      __sock_sendmsg() {',
  '            curl-139   [001]    12.035030: funcgraph_entry:        5.000 us   |        tcp_sendmsg();',
  '            curl-139   [001]    12.035040: funcgraph_exit:       + 20.000 us  |      }',
  '            curl-139   [001]    12.035050: funcgraph_exit:       + 60.000 us  |    }',
  '            curl-139   [001]    12.035060: funcgraph_exit:       + 82.000 us  |  }',
  '',
].join('\n');

test.use({ viewport: { width: 1024, height: 700 } });

test('entry points: headers break between words only and the entry name stays whole', async ({ page }) => {
  await gotoApp(page);
  await page.getByRole('button', { name: 'Paste trace text' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste trace text' });
  await dialog.getByRole('textbox', { name: 'Trace text' }).fill(SENDTO);
  await dialog.getByRole('button', { name: 'Load pasted text' }).click();
  await waitForReady(page);
  await page.getByRole('tab', { name: 'Call tree' }).click();
  await page.getByRole('searchbox', { name: 'Search functions' }).fill('tcp_sendmsg');
  await page.getByRole('searchbox', { name: 'Search functions' }).press('Enter');
  await page.getByRole('button', { name: 'Callers & callees' }).click();
  const table = page.getByRole('table', { name: 'Entry points of tcp_sendmsg' });
  await expect(table.getByRole('cell', { name: '__x64_sys_sendto' })).toBeVisible();
  // Every word of the header and the first row on one line: a word cut in two lays out as two boxes.
  const cut = await table.evaluate((el) => {
    const cells = [...el.querySelectorAll('thead th, tbody tr:first-child td')];
    const words: string[] = [];
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) words.push(m[0]);
        }
      }
    }
    return words;
  });
  expect(cut).toEqual([]);
});
