// Cold start of the real app: navigation -> first classification result of the
// 1024² X-ray with chest_xray, measured inside the page (performance.now() is
// ms since navigation start). Two cases on localhost:
//   first_visit: a fresh browser context (empty HTTP cache, no service worker,
//                no Cache Storage): every file downloaded, ORT compiled, model fetched.
//   warm_cache:  a new page in the same context after the first visit finished
//                (service worker precache and model cache populated).
import { openPage } from '../../tests/e2e/lib/browser.mjs';
import { summarize } from './stats.mjs';

async function visit(context, url, image) {
  const page = await context.newPage();
  await page.goto(url);
  const t = await page.evaluate(async (img) => {
    await window.dxlens.ready;
    if (window.dxlens.currentModel() !== 'chest_xray') await window.dxlens.selectModel('chest_xray');
    const loaded = performance.now();
    const [record] = await window.dxlens.classifyFiles([{ name: img.name, bytes: img.base64 }]);
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      first_result_ms: performance.now(), model_ready_ms: loaded,
      dom_content_loaded_ms: nav?.domContentLoadedEventEnd ?? null, status: record?.status ?? null,
      transferred_bytes: performance.getEntriesByType('resource').reduce((a, r) => a + (r.transferSize ?? 0), 0),
    };
  }, image);
  return { page, ...t };
}

export async function measureColdStart(browser, url, image, { repeats = 3 } = {}) {
  const first = [];
  const warm = [];
  for (let i = 0; i < repeats; i++) {
    const { context } = await openPage(browser);
    // The app remembers the last model; start on the benchmarked one.
    await context.addInitScript(() => localStorage.setItem('dxlens-model', 'chest_xray'));
    const cold = await visit(context, url, image);
    first.push(cold);
    // Let the service worker finish installing and precaching before the warm visit.
    await cold.page.evaluate(async () => {
      const reg = await navigator.serviceWorker?.ready;
      return reg?.active?.state;
    });
    await cold.page.waitForTimeout(1500);
    await cold.page.close();
    const again = await visit(context, url, image);
    warm.push(again);
    await again.page.close();
    await context.close();
  }
  const clean = (list) => list.map(({ page, ...rest }) => rest);
  return [
    { scenario: 'cold_start', case: 'first_visit', model: 'chest_xray', image: image.name, threads: 'app default',
      first_result_ms: summarize(first.map((v) => v.first_result_ms)), visits: clean(first) },
    { scenario: 'cold_start', case: 'warm_cache', model: 'chest_xray', image: image.name, threads: 'app default',
      first_result_ms: summarize(warm.map((v) => v.first_result_ms)), visits: clean(warm) },
  ];
}
