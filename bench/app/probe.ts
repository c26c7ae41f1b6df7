/**
 * The in-page half of the app benchmark, as plain JavaScript text (injected with
 * `page.addInitScript`, so it runs before the app's scripts; kept as text so no
 * transpiler helpers leak into the page). It sets `window.__ab`:
 *
 * - `watchLoad()` then `loadDone`: times a load from the file input's `change` event to
 *   `<html data-trace-state=ready>`, the Flame graph tab selected, the first answer's
 *   frames (`data-frames` > 0) and the first draw of them (`data-draw-ms`), and to the
 *   end of the frame that shows it (a MessageChannel task posted after the draw runs
 *   after that frame's rendering update).
 * - `arm(kind, opts)` then `pending`: times one interaction from the input event's
 *   `timeStamp` (the platform event time, so input queueing is included) to the screen
 *   update: `zoom` (data-zoom-root changes, then the next canvas draw), `search`
 *   (data-matched-frames is written, then the next draw; the search is committed when the
 *   search box's data-committed shows the typed text, i.e. the store holds the search), `expand`
 *   (aria-rowcount of the tree grid grows, then the frame that renders it).
 * - `recordFrames()` then `stopFrames()`: during a gesture, the time of every animation
 *   frame, the draw cost of every flame-graph redraw (data-draw-ms) and the long tasks
 *   (> 50 ms) of the page, for the pan/zoom frame rate.
 * - `watchLongTasks()` then `longTasks()`: every long task (> 50 ms) of the page's main
 *   thread from now on (PerformanceObserver 'longtask'), as { start, duration, name }.
 * - `file`: the File handed to the input (the app clears the input), for a plain
 *   `stream()` read in this page afterwards: `streamFile()`.
 *
 * All times are performance.now() of the page (ms).
 */
export const PROBE_SCRIPT = String.raw`
(() => {
  if (window.__ab) return;
  const ab = { file: null, load: null, loadDone: null, pending: null };
  window.__ab = ab;
  const now = () => performance.now();
  /** Calls cb(time) in a task posted now: it runs after the current frame's rendering update. */
  const afterFrame = (cb) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); cb(now()); };
    ch.port2.postMessage(0);
  };
  document.addEventListener('change', (e) => {
    const el = e.target;
    if (el && el.matches && el.matches('[data-testid=trace-file-input]')) {
      ab.file = el.files && el.files[0] ? el.files[0] : ab.file;
      if (ab.load && ab.load.change < 0) {
        ab.load.change = e.timeStamp;
        performance.mark('ab:file-picked', { startTime: e.timeStamp });
      }
    }
  }, true);

  ab.watchLoad = () => {
    const r = { change: -1, loading: -1, ready: -1, flameTab: -1, frames: -1, drawn: -1, painted: -1, drawMs: -1, frameCount: 0, error: null };
    ab.load = r;
    ab.loadDone = new Promise((resolve) => {
      let finished = false;
      const mo = new MutationObserver((records) => {
        if (finished) return;
        const t = now();
        for (const m of records) {
          const el = m.target;
          const a = m.attributeName;
          if (a === 'data-trace-state' && el === document.documentElement) {
            const s = el.getAttribute('data-trace-state');
            if (s === 'loading' && r.loading < 0) r.loading = t;
            if (s === 'ready' && r.ready < 0) { r.ready = t; performance.mark('ab:ready'); }
            if (s === 'error') {
              finished = true;
              mo.disconnect();
              const msg = document.querySelector('[role=alert]');
              r.error = msg ? msg.textContent : 'data-trace-state=error';
              resolve(r);
              return;
            }
          } else if (a === 'aria-selected' && el.id === 'tab-flame' && el.getAttribute('aria-selected') === 'true') {
            if (r.flameTab < 0) { r.flameTab = t; performance.mark('ab:flame-tab'); }
          } else if (a === 'data-frames' && el.getAttribute('data-testid') === 'flame-graph') {
            const n = Number(el.getAttribute('data-frames'));
            if (n > 0 && r.frames < 0 && r.ready >= 0) { r.frames = t; r.frameCount = n; performance.mark('ab:first-frames'); }
          } else if (a === 'data-draw-ms' && el.getAttribute('data-testid') === 'flame-graph') {
            if (r.frames >= 0 && r.drawn < 0) {
              r.drawn = t;
              r.drawMs = Number(el.getAttribute('data-draw-ms'));
              if (r.flameTab < 0) r.flameTab = r.frames;
              finished = true;
              mo.disconnect();
              afterFrame((tp) => { r.painted = tp; performance.mark('ab:flame-shown'); resolve(r); });
              return;
            }
          }
        }
      });
      mo.observe(document.documentElement, {
        attributes: true,
        subtree: true,
        attributeFilter: ['data-trace-state', 'data-frames', 'data-draw-ms', 'aria-selected'],
      });
    });
  };

  /**
   * kind: 'zoom' | 'search' | 'expand'; opts: { event: 'click' | 'keydown', key?, timeoutMs? }.
   * Resolves { input, handled, change, drawn, painted, drawMs, commit, timeout }.
   */
  ab.arm = (kind, opts) => {
    const r = { kind, input: -1, handled: -1, change: -1, drawn: -1, painted: -1, drawMs: -1, commit: -1, value: null, timeout: false };
    const armedAt = now();
    ab.pending = new Promise((resolve) => {
      let finished = false;
      const cleanups = [];
      const finish = () => {
        if (finished) return;
        finished = true;
        if (r.painted >= 0) performance.mark('ab:shown');
        for (const c of cleanups) c();
        resolve(r);
      };
      const onInput = (e) => {
        if (r.input >= 0) return;
        if (opts.key && e.key !== opts.key) return;
        r.input = e.timeStamp;
        r.handled = now();
        performance.mark('ab:input', { startTime: e.timeStamp });
      };
      window.addEventListener(opts.event, onInput, true);
      cleanups.push(() => window.removeEventListener(opts.event, onInput, true));
      const timer = setTimeout(() => { r.timeout = true; finish(); }, opts.timeoutMs || 10000);
      cleanups.push(() => clearTimeout(timer));
      if (kind === 'zoom' || kind === 'search') {
        const wrap = document.querySelector('[data-testid=flame-graph]');
        const prevRoot = wrap.getAttribute('data-zoom-root');
        const mo = new MutationObserver((records) => {
          const t = now();
          for (const m of records) {
            if (r.input < 0) continue;
            const a = m.attributeName;
            if (r.change < 0) {
              if (kind === 'zoom' && a === 'data-zoom-root' && wrap.getAttribute('data-zoom-root') !== prevRoot) {
                r.change = t;
                performance.mark('ab:answered');
                r.value = wrap.getAttribute('data-zoom-root');
              } else if (kind === 'search' && a === 'data-matched-frames') {
                r.change = t;
                performance.mark('ab:answered');
                r.value = wrap.getAttribute('data-matched-frames');
              }
            } else if (a === 'data-draw-ms' && r.drawn < 0) {
              r.drawn = t;
              r.drawMs = Number(wrap.getAttribute('data-draw-ms'));
              mo.disconnect();
              afterFrame((tp) => { r.painted = tp; finish(); });
              return;
            }
          }
        });
        mo.observe(wrap, { attributes: true, attributeFilter: ['data-zoom-root', 'data-matched-frames', 'data-draw-ms'] });
        cleanups.push(() => mo.disconnect());
        if (kind === 'search') {
          const box = document.querySelector('[role=searchbox]');
          const committed = new MutationObserver(() => {
            if (r.input < 0 || r.commit >= 0 || box.getAttribute('data-committed') !== box.value) return;
            r.commit = now();
            committed.disconnect();
          });
          committed.observe(box, { attributes: true, attributeFilter: ['data-committed'] });
          cleanups.push(() => committed.disconnect());
        }
      } else if (kind === 'expand') {
        const grid = document.querySelector('[role=treegrid]');
        const prevCount = Number(grid.getAttribute('aria-rowcount'));
        const mo = new MutationObserver(() => {
          if (r.input < 0 || r.change >= 0) return;
          const n = Number(grid.getAttribute('aria-rowcount'));
          if (n > prevCount) {
            r.change = now();
            performance.mark('ab:answered');
            r.value = String(n - prevCount);
            mo.disconnect();
            requestAnimationFrame((tf) => {
              r.drawn = now();
              afterFrame((tp) => { r.painted = tp; finish(); });
            });
          }
        });
        mo.observe(grid, { attributes: true, attributeFilter: ['aria-rowcount'] });
        cleanups.push(() => mo.disconnect());
      }
      void armedAt;
    });
  };

  /** Resolves after two frames and then ms of quiet (no attribute change on the flame graph / tree). */
  ab.settle = (ms, maxMs) => new Promise((resolve) => {
    const start = now();
    let last = now();
    const mo = new MutationObserver(() => { last = now(); });
    mo.observe(document.body, { attributes: true, subtree: true, childList: true });
    const tick = () => {
      if (now() - last >= ms || now() - start >= (maxMs || 3000)) { mo.disconnect(); resolve(); } else setTimeout(tick, 25);
    };
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(tick, ms)));
  });

  ab.recordFrames = () => {
    const rec = { frames: [], draws: [], longTasks: [], running: true };
    ab.frames = rec;
    const tick = (t) => { if (!rec.running) return; rec.frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const wrap = document.querySelector('[data-testid=flame-graph]');
    const mo = new MutationObserver(() => rec.draws.push(Number(wrap.getAttribute('data-draw-ms'))));
    mo.observe(wrap, { attributes: true, attributeFilter: ['data-draw-ms'] });
    let po = null;
    try {
      po = new PerformanceObserver((list) => { for (const e of list.getEntries()) rec.longTasks.push(e.duration); });
      po.observe({ type: 'longtask' });
    } catch (e) { /* no Long Tasks API: none reported */ }
    rec.stop = () => { rec.running = false; mo.disconnect(); if (po) po.disconnect(); };
  };
  ab.stopFrames = () => {
    const rec = ab.frames;
    rec.stop();
    return { frames: rec.frames, draws: rec.draws, longTasks: rec.longTasks };
  };

  ab.watchLongTasks = () => {
    const tasks = [];
    ab.longTaskList = tasks;
    if (ab.longTaskObserver) ab.longTaskObserver.disconnect();
    try {
      ab.longTaskObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration, name: e.name });
      });
      ab.longTaskObserver.observe({ type: 'longtask' });
    } catch (e) { /* no Long Tasks API: none reported */ }
  };
  /** The long tasks seen since watchLongTasks(), once the observer has been handed the pending ones. */
  ab.longTasks = () => new Promise((resolve) => {
    const pending = ab.longTaskObserver ? ab.longTaskObserver.takeRecords() : [];
    for (const e of pending) ab.longTaskList.push({ start: e.startTime, duration: e.duration, name: e.name });
    resolve(ab.longTaskList || []);
  });

  /** Plain read of the picked File to its end on this page's main thread. */
  ab.streamFile = async () => {
    if (!ab.file) throw new Error('no file was picked in this page');
    const t0 = now();
    const reader = ab.file.stream().getReader();
    let bytes = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks++;
    }
    return { ms: now() - t0, bytes, chunks };
  };
})();
`;
