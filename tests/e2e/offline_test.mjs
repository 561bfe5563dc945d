// Offline: after the first visit (service worker active, the model used once
// and so cached), the browser goes offline, the page reloads from the service
// worker's caches, the model comes from its offline cache, and an image still
// classifies (cross-origin isolated, with threads).
// usage: node tests/e2e/offline_test.mjs --site DIR
import assert from 'node:assert/strict';
import { classify, launch, waitForApp } from './lib/browser.mjs';
import { gradientPng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { closeSession, consoleErrors, exitWithSummary, parseArgs, siteIndex, stepper } from './lib/suite.mjs';

const args = parseArgs();
const models = siteIndex(args.site).models;
const model = (models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch) ?? models[0]).name;
const server = await startServer({ root: args.site });
const { browser, context, page, problems } = await launch();
const { step, state } = stepper();
let online = null;
try {
  await step('first visit: model loaded from the network, service worker active', async () => {
    await page.goto(server.url);
    await waitForApp(page);
    await page.evaluate((n) => window.dxlens.selectModel(n), model);
    const [record] = await classify(page, [{ name: 'online.png', bytes: gradientPng(160, 120, 4) }]);
    assert.equal(record.status, 'ok', record.error);
    online = record;
    await page.waitForSelector('#status [data-field="offline"][data-state="ok"]', { timeout: 90000 });
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');
    const cacheNames = await page.evaluate(() => caches.keys());
    console.log(`  caches: ${cacheNames.join(', ')}`);
    assert.ok(cacheNames.some((c) => c.startsWith(`dxlens-model-${model}-`)), `model ${model} cached`);
  });
  await step('offline reload: page, engine and model come from the caches', async () => {
    await context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.reload();
    await waitForApp(page);
    if ((await page.evaluate(() => window.dxlens.currentModel())) !== model) {
      await page.evaluate((n) => window.dxlens.selectModel(n), model);
    }
    await page.waitForSelector(`#model-card[data-model="${model}"][data-status="loaded"]`);
    assert.match(await page.textContent('#model-card [data-role="model-state"]'), /offline cache/);
    assert.ok(await page.evaluate(() => self.crossOriginIsolated), 'still cross-origin isolated');
  });
  await step('offline: an image classifies, same result as online', async () => {
    const [record] = await classify(page, [{ name: 'online.png', bytes: gradientPng(160, 120, 4) }]);
    assert.equal(record.status, 'ok', record.error);
    record.probs.forEach((p, i) => assert.ok(Math.abs(p - online.probs[i]) < 1e-6, `class ${i}: ${p} vs ${online.probs[i]}`));
    const card = page.locator('.result-card[data-file="online.png"][data-status="ok"]');
    assert.equal(await card.count(), 1);
  });
  await step('no page errors (failed requests while offline are not errors here)', async () => {
    assert.deepEqual(consoleErrors(problems).filter((m) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(m)), []);
  });
} finally {
  await context.setOffline(false).catch(() => {});
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
