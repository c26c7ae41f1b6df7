import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../browser-bench';
import { startPreview, stopPreview } from './server';
import { openApp, loadTrace } from './load';
const [dist, file] = process.argv.slice(2);
const s = await startPreview(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'], headless: true });
try {
  const app = await openApp(browser, s.url, '?sample=0');
  await loadTrace(app.page, file, 100000);
  await app.page.getByRole('tab', { name: 'Summary' }).click();
  await app.page.waitForTimeout(3000);
  const probe = (css: string) => app.page.evaluate(`(() => {
    const st = document.createElement('style'); st.textContent = ${JSON.stringify(css)}; document.head.appendChild(st);
    const out = [];
    for (let i = 0; i < 7; i++) {
      document.body.style.width = (i % 2 ? '1279px' : '1280px');
      const t0 = performance.now(); void document.body.offsetHeight; out.push(performance.now() - t0);
    }
    st.remove(); document.body.style.width = ''; void document.body.offsetHeight;
    out.sort((a,b)=>a-b); return out[3].toFixed(1) + ' ms  (' + document.querySelectorAll('*').length + ' elements)';
  })()`);
  console.log('as is            ', await probe(''));
  console.log('no functions     ', await probe('.functions-panel{display:none}'));
  console.log('grid->block      ', await probe('.summary-grid{display:block}'));
  console.log('minmax(0,3fr)    ', await probe('.summary-grid{grid-template-columns: minmax(320px, 2fr) minmax(0,3fr)}'));
  console.log('fixed table      ', await probe('.functions-panel .data-table{table-layout:fixed}'));
  console.log('no tasks table   ', await probe('.summary-side{display:none}'));
  console.log('no toolbar selects', await probe('.toolbar{display:none}'));
} finally {
  await browser.close();
  stopPreview(s.child);
}
