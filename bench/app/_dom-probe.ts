import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import { startPreview, stopPreview } from './server';
import { openApp } from './load';
const [dist, file, hash] = process.argv.slice(2);
const s = await startPreview(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const app = await openApp(browser, s.url, '?sample=0');
  if (hash === 'summary') await app.page.evaluate("history.replaceState(null,'','#v=1')");
  await app.page.getByTestId('trace-file-input').setInputFiles(file);
  await app.page.waitForSelector('html[data-trace-state=ready]', { state: 'attached', timeout: 100000 }); await app.page.waitForTimeout(1500);
  const r = await app.page.evaluate(`(() => { const c = {}; for (const e of document.querySelectorAll('*')) c[e.tagName] = (c[e.tagName]||0)+1; const big = [...document.querySelectorAll('select,tbody,ul,ol,[role=grid],[role=treegrid],[role=listbox]')].map(e => e.tagName + '.' + e.className + '#' + (e.id||'') + ' ' + e.childElementCount + ' ' + (e.getAttribute('aria-label')||'')); return { total: document.querySelectorAll('*').length, c, big, view: document.querySelector('[role=tabpanel]')?.id }; })()`);
  console.log(JSON.stringify(r, null, 1));
} finally {
  await browser.close();
  stopPreview(s.child);
}
