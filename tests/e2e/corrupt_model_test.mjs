// A bad model download: the ONNX file of a model served with flipped bytes
// (fails its SHA-256 check), then cut off half-way (the connection drops).
// Each time: the page says the model was not loaded and why, offers Retry,
// keeps nothing in Cache Storage for that model, runs no session for it and
// refuses to classify with it. Once the server sends the good file again,
// Retry loads the model, caches it and an image classifies.
// Each case runs in a fresh browser context (empty caches).
// usage: node tests/e2e/corrupt_model_test.mjs --site DIR
import assert from 'node:assert/strict';
import { classify, launchBrowser, openPage } from './lib/browser.mjs';
import { startFaultProxy } from './lib/fault-proxy.mjs';
import { gradientPng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { consoleErrors, exitWithSummary, parseArgs, siteIndex, stepper } from './lib/suite.mjs';

const args = parseArgs();
const models = siteIndex(args.site).models;
const entry = models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch);
const onnxPath = `/models/${entry.name}/${entry.file}`;
const CASES = [
  { fault: 'corrupt', code: 'integrity', says: /failed its integrity check.*not used or cached/ },
  { fault: 'cut', code: 'network', says: /cut off after \d+ of \d+ bytes.*not used or cached/ },
];

const server = await startServer({ root: args.site });
const proxy = await startFaultProxy(server.url);
const browser = await launchBrowser();
const { step, state } = stepper();
const modelCaches = (page) => page.evaluate((name) => caches.keys().then((keys) => keys.filter((k) => k.startsWith(`dxlens-model-${name}-`))), entry.name);
const logs = [];

try {
  for (const c of CASES) {
    const { context, page, problems } = await openPage(browser, { serviceWorkers: 'block' });
    logs.push(problems);
    try {
      await page.goto(proxy.url);
      await page.waitForFunction(() => window.dxlens !== undefined);
      await page.evaluate(() => window.dxlens.ready);
      // The first model loads at start; wait for it, then break ours.
      await page.waitForSelector('#model-card[data-status="loaded"], #model-card[data-status="error"]', { timeout: 90000 });
      proxy.setFault(onnxPath, c.fault);

      await step(`${c.fault}: loading ${entry.name} fails with a clear message and a Retry button`, async () => {
        const outcome = await page.evaluate((n) => window.dxlens.selectModel(n).then(() => ({ ok: true }),
          (e) => ({ ok: false, code: e.code, message: e.message })), entry.name);
        console.log(`  ${c.fault}: [${outcome.code}] ${outcome.message}`);
        assert.equal(outcome.ok, false, 'the model loaded from a bad download');
        assert.equal(outcome.code, c.code);
        assert.match(outcome.message, c.says);
        const card = page.locator(`#model-card[data-model="${entry.name}"]`);
        assert.equal(await card.getAttribute('data-status'), 'error');
        assert.match(await card.locator('[data-role="model-state"]').textContent(), c.says);
        const retry = page.locator(`#model-retry[data-model="${entry.name}"]`);
        assert.ok(await retry.isVisible(), 'Retry offered');
        assert.match(await page.locator('.model-retry').textContent(), /was not loaded/);
        assert.equal(await page.locator(`#errors li.error[data-code="${c.code}"]`).count(), 1, 'listed with its code');
      });

      await step(`${c.fault}: nothing cached, no session, classification refused`, async () => {
        assert.deepEqual(await modelCaches(page), [], 'a cache exists for the model');
        const memory = await page.evaluate(() => window.dxlens.memory());
        assert.ok(!memory.wasm.models.includes(entry.name), `the worker holds a session for ${entry.name}`);
        const [record] = await classify(page, [{ name: `refused-${c.fault}.png`, bytes: gradientPng(64, 48, 1) }]);
        console.log(`  classify: ${record.status} [${record.code}] ${record.error}`);
        assert.equal(record.status, 'error');
        assert.equal(record.code, c.code);
        assert.match(record.error, /was not classified: model .* did not load/);
        const row = page.locator(`#batch-table tbody tr[data-file="refused-${c.fault}.png"]`);
        assert.equal(await row.getAttribute('data-status'), 'error');
      });

      await step(`${c.fault}: the good file again, Retry loads and caches the model, an image classifies`, async () => {
        proxy.clearFaults();
        const before = proxy.hits(onnxPath);
        await page.click('#model-retry');
        await page.waitForSelector(`#model-card[data-model="${entry.name}"][data-status="loaded"]`, { timeout: 60000 });
        assert.equal(proxy.hits(onnxPath), before + 1, 'downloaded afresh');
        assert.equal(await page.locator('#model-retry').count(), 0, 'Retry gone once loaded');
        assert.equal((await modelCaches(page)).length, 1, 'cached after it verified');
        const [record] = await classify(page, [{ name: `after-retry-${c.fault}.png`, bytes: gradientPng(64, 48, 2) }]);
        assert.equal(record.status, 'ok', record.error);
      });

      await step(`${c.fault}: no page errors`, async () => {
        // The dropped connection is a failed request, and Chromium may log it; nothing else may fail.
        const errors = consoleErrors(problems).filter((m) => !/Failed to load resource|ERR_CONTENT_LENGTH_MISMATCH|network error/.test(m));
        assert.deepEqual(errors, []);
      });
    } finally {
      await context.close();
    }
  }
} finally {
  if (state.failed || process.env.VERBOSE) for (const p of logs) console.log(p.log.join('\n'));
  await browser.close();
  await proxy.stop();
  await server.stop();
}
exitWithSummary(state);
