// Offline made visible: the picker says which models are available offline
// (cached and verified), "Make all models available offline" downloads,
// verifies and caches every model (progress, Cancel, one error per model that
// failed while the others go on, a summary), and the footer tells the truth
// about the network and the chosen model.
// 1. A fresh page: no choice is marked available offline until it was used;
//    the model used once is. Cancel stops a run. "Make all" (keyboard) ends with
//    "N of N models available offline, X MB", announced once at its start and
//    once at its end, while an image classifies beside it, and loads no session.
// 2. Offline, reloaded: the footer says so; EVERY model of the picker (and Auto)
//    classifies a generated image from its offline copy.
// 3. A cached ONNX file corrupted and a cached manifest deleted: those two are no
//    longer marked, the footer says the chosen one is NOT available offline (also
//    after a reload, when it does not load); online again, "Make all" repairs both.
// 4. A fresh context through a proxy that corrupts one model's ONNX file: "Make
//    all" lists that model's integrity error and caches all the others.
// usage: node tests/e2e/offline_all_test.mjs --site DIR
import assert from 'node:assert/strict';
import { classify, launchBrowser, openPage, waitForApp } from './lib/browser.mjs';
import { startFaultProxy } from './lib/fault-proxy.mjs';
import { gradientPng, greyPng, tissuePng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { consoleErrors, exitWithSummary, mb, parseArgs, siteIndex, stepper } from './lib/suite.mjs';

const args = parseArgs();
const index = siteIndex(args.site);
const all = index.models;
const choices = all.filter((m) => m.role !== 'router');
const router = all.find((m) => m.role === 'router');
const used = (choices.find((m) => m.name === 'tiny_cnn') ?? choices.find((m) => !m.patch)).name;
// Two models whose offline copies get damaged (step 3): not the one used above.
const [damaged, unlisted] = choices.filter((m) => m.name !== used).map((m) => m.name);
const imageFor = (m) => (m.patch ? tissuePng(480, 480) : m.input?.[1] === 1 ? greyPng(200, 180) : gradientPng(200, 160, 2));
const SUMMARY = new RegExp(`^${all.length} of ${all.length} models available offline, [\\d.]+ (KB|MB)\\.$`);

const server = await startServer({ root: args.site });
const browser = await launchBrowser();
const { step, state } = stepper();
const logs = [];

// {value: data-offline} of every option of the picker
const marks = (page) => page.$$eval('#model-select option', (os) => Object.fromEntries(os.map((o) => [o.value, o.dataset.offline])));
const texts = (page) => page.$$eval('#model-select option', (os) => Object.fromEntries(os.map((o) => [o.value, o.textContent])));
// Waits until every option's mark is known (the caches were read).
const marksKnown = (page) => page.waitForFunction(() => {
  const os = [...document.querySelectorAll('#model-select option')];
  return os.length > 1 && os.every((o) => o.dataset.offline && o.dataset.offline !== 'unknown');
}, null, { timeout: 60000 });
const waitMark = (page, name, mark) => page.waitForSelector(`#model-select option[value="${name}"][data-offline="${mark}"]`,
  { state: 'attached', timeout: 60000 });
const footer = '#status [data-field="offline"]';
// Records what the page announces and each text of the run's progress label.
const recordAnnouncements = (page) => page.evaluate(() => {
  window.__said = [];
  window.__progress = [];
  if (window.__recording) return;
  window.__recording = true;
  new MutationObserver(() => window.__said.push(document.getElementById('announcer').textContent))
    .observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });
  new MutationObserver(() => window.__progress.push(document.getElementById('offline-all-progress-label').textContent))
    .observe(document.getElementById('offline-all-progress-label'), { childList: true, characterData: true, subtree: true });
});

try {
  const { context, page, problems } = await openPage(browser);  // service workers allowed
  logs.push(problems);
  try {
    await step('fresh page: no choice marked available offline until used; the one used is', async () => {
      await page.goto(server.url);
      await waitForApp(page);
      await page.waitForSelector(`${footer}[data-state="ok"]`, { timeout: 90000 });
      assert.equal(await page.textContent(footer), 'Online');
      await marksKnown(page);
      const before = await marks(page);
      console.log(`  on load: ${JSON.stringify(before)}`);
      for (const [value, mark] of Object.entries(before)) assert.equal(mark, 'no', `${value} marked ${mark} on a fresh page`);
      assert.ok(Object.values(await texts(page)).every((t) => !/available offline/.test(t)));
      // A user picks a model and classifies one image: that model is cached and marked.
      await page.selectOption('#model-select', used);
      await page.waitForSelector(`#model-card[data-model="${used}"][data-status="loaded"]`, { timeout: 60000 });
      const [record] = await classify(page, [{ name: 'first.png', bytes: gradientPng(160, 120, 1) }]);
      assert.equal(record.status, 'ok', record.error);
      await waitMark(page, used, 'yes');
      const after = await marks(page);
      for (const [value, mark] of Object.entries(after)) assert.equal(mark, value === used ? 'yes' : 'no', `${value}: ${mark}`);
      assert.match((await texts(page))[used], / — available offline$/);
      assert.equal(await page.textContent('#model-offline'), 'Available offline');
      assert.equal(await page.getAttribute('#model-offline', 'data-offline'), 'yes');
      const summary = await page.textContent('#offline-all-summary');
      console.log(`  summary before: ${summary}`);
      assert.match(summary, new RegExp(`^${router ? 2 : 1} of ${all.length} models available offline`));
    });

    await step('Cancel stops a run after the model being downloaded', async () => {
      await recordAnnouncements(page);
      // Cancel as soon as the second model starts: at most two more models are cached.
      await page.evaluate(() => {
        const label = document.getElementById('offline-all-progress-label');
        const watch = new MutationObserver(() => {
          if (!label.textContent.startsWith('Model 2 of')) return;
          watch.disconnect();
          document.getElementById('offline-all-cancel').click();
        });
        watch.observe(label, { childList: true, characterData: true, subtree: true });
      });
      await page.click('#offline-all-start');
      await page.waitForSelector('#offline-all[data-state="cancelled"]', { timeout: 120000 });
      const summary = await page.textContent('#offline-all-summary');
      console.log(`  ${summary}`);
      assert.match(summary, /^Cancelled\. \d+ of \d+ models available offline/);
      const run = await page.evaluate(() => window.dxlens.offline.lastRun());
      assert.equal(run.cancelled, true);
      assert.ok(run.cached <= 2 && run.available < run.total, `cached ${run.cached} models after Cancel`);
      assert.ok(await page.isHidden('#offline-all-cancel'));
      assert.ok(await page.isHidden('#offline-all-progress-wrap'));
      const said = await page.evaluate(() => window.__said);
      assert.deepEqual(said.length, 2, `announced: ${JSON.stringify(said)}`);
      assert.match(said[1], /^Cancelled\./);
    });

    await step('"Make all models available offline" (keyboard), beside a classification: summary, marks, no sessions', async () => {
      await recordAnnouncements(page);
      await page.focus('#offline-all-start');
      const t0 = Date.now();
      await page.keyboard.press('Enter');
      // Images classified while the run goes on are not held up by it (two: one
      // image's card would take the focus, which this step checks too).
      const records = await classify(page, [1, 2].map((i) => ({ name: `during-${i}.png`, bytes: gradientPng(160, 120, i) })));
      for (const r of records) assert.equal(r.status, 'ok', r.error);
      await page.waitForSelector('#offline-all[data-state="done"]', { timeout: 180000 });
      const ms = Date.now() - t0;
      const summary = await page.textContent('#offline-all-summary');
      const run = await page.evaluate(() => window.dxlens.offline.lastRun());
      console.log(`  ${summary} (${run.attempted} downloaded, ${mb(run.downloadedBytes)} MB, ${(run.ms / 1000).toFixed(1)} s in the page, ${(ms / 1000).toFixed(1)} s here)`);
      assert.match(summary, SUMMARY);
      assert.equal(run.failed.length, 0);
      assert.equal(await page.locator('#offline-all-errors li').count(), 0);
      const progress = await page.evaluate(() => window.__progress);
      const steps = progress.filter((t) => t.startsWith('Model '));
      assert.ok(steps.length >= run.attempted, `progress: ${JSON.stringify(progress)}`);
      for (const t of steps) assert.match(t, /^Model \d+ of \d+: .+, \d{1,3} %$/);
      console.log(`  progress e.g. "${steps[0]}" … "${steps.at(-1)}"`);
      const said = (await page.evaluate(() => window.__said)).filter((t) => /offline/.test(t));
      assert.equal(said.length, 2, `announced: ${JSON.stringify(said)}`);
      assert.match(said[0], /^Making \d+ models? available offline…$/);
      assert.equal(said[1], summary);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'offline-all-start', 'the focus is back on the button');
      for (const [value, mark] of Object.entries(await marks(page))) assert.equal(mark, 'yes', `${value}: ${mark}`);
      for (const [value, text] of Object.entries(await texts(page))) assert.match(text, / — available offline$/, value);
      const keys = await page.evaluate(() => caches.keys());
      for (const m of all) assert.ok(keys.some((k) => k.startsWith(`dxlens-model-${m.name}-`)), `${m.name} cached`);
      const loaded = (await page.evaluate(() => window.dxlens.memory())).wasm.models;
      console.log(`  sessions in the worker: ${loaded.join(', ')}`);
      assert.ok(loaded.length <= 2, 'make all loaded ORT sessions');
    });

    await step('offline, reloaded: footer says so; every model of the picker classifies', async () => {
      await context.setOffline(true);
      await page.reload();
      await waitForApp(page);
      assert.equal(await page.evaluate(() => navigator.onLine), false);
      await page.waitForSelector(`${footer}[data-network="offline"][data-model-offline="yes"]`, { timeout: 60000 });
      assert.equal(await page.textContent(footer), 'Offline — chosen model available offline');
      assert.ok(await page.isDisabled('#offline-all-start'), 'Make all is disabled offline');
      await marksKnown(page);
      for (const [value, mark] of Object.entries(await marks(page))) assert.equal(mark, 'yes', `${value}: ${mark}`);
      for (const m of choices) {
        await page.selectOption('#model-select', m.name);
        await page.waitForSelector(`#model-card[data-model="${m.name}"][data-status="loaded"]`, { timeout: 60000 });
        assert.match(await page.textContent('#model-card [data-role="model-state"]'), /offline cache/, m.name);
        const [record] = await classify(page, [{ name: `offline-${m.name}.png`, bytes: imageFor(m) }]);
        assert.equal(record.status, 'ok', `${m.name}: ${record.error}`);
        await page.waitForSelector(`${footer}[data-model-offline="yes"]`);
        assert.equal(await page.textContent(footer), 'Offline — chosen model available offline');
        console.log(`  ${m.name}: ${JSON.stringify(record.top).slice(0, 80)}`);
      }
      if (await page.locator('#model-select option[value="auto"]').count()) {
        await page.selectOption('#model-select', 'auto');
        await page.waitForSelector('#model-card[data-model="auto"][data-status="loaded"]', { timeout: 60000 });
        const [record] = await classify(page, [{ name: 'offline-auto.png', bytes: gradientPng(200, 160, 5) }]);
        assert.equal(record.status, 'ok', `auto: ${record.error}`);
        await page.waitForSelector(`${footer}[data-model-offline="yes"]`);
        assert.match(await page.textContent(footer), /^Offline — Auto: all \d+ models available offline$/);
      }
    });

    await step('offline copy corrupted or incomplete: no longer marked; footer says NOT available', async () => {
      // One model's cached ONNX file overwritten with other bytes, another's manifest deleted.
      await page.evaluate(async ({ damaged, unlisted }) => {
        const find = async (name) => caches.open((await caches.keys()).find((k) => k.startsWith(`dxlens-model-${name}-`)));
        const a = await find(damaged);
        const onnx = (await a.keys()).find((r) => r.url.endsWith('.onnx'));
        const bytes = new Uint8Array(await (await a.match(onnx)).arrayBuffer());
        for (let i = bytes.length >> 1; i < bytes.length; i += 997) bytes[i] ^= 0xa5;
        await a.put(onnx, new Response(bytes));
        const b = await find(unlisted);
        await b.delete((await b.keys()).find((r) => r.url.endsWith('/manifest.json')));
      }, { damaged, unlisted });
      const status = await page.evaluate(() => window.dxlens.offline.status());
      assert.equal(status[damaged].reason, 'integrity');
      assert.equal(status[unlisted].reason, 'incomplete');
      await page.selectOption('#model-select', damaged);  // a model change reads its copy again
      await waitMark(page, damaged, 'no');
      await page.waitForSelector(`${footer}[data-model-offline="no"]`);
      const text = await page.textContent(footer);
      console.log(`  ${damaged}: ${text}`);
      assert.match(text, /^Offline — chosen model NOT available offline: connect once to download it/);
      assert.equal(await page.getAttribute(footer, 'data-state'), 'error');
      assert.equal(await page.textContent('#model-offline'), 'Not available offline');
      await waitMark(page, unlisted, 'no');
      const m = await marks(page);
      for (const c of choices) assert.equal(m[c.name], [damaged, unlisted].includes(c.name) ? 'no' : 'yes', c.name);
      if (m.auto) assert.equal(m.auto, 'partial');
      assert.doesNotMatch((await texts(page))[damaged], /available offline/);
      // The damaged copy is gone (as a failed load would leave it).
      assert.ok(!(await page.evaluate((n) => caches.keys().then((ks) => ks.some((k) => k.startsWith(`dxlens-model-${n}-`))), damaged)));
      // Reloaded offline: the chosen model cannot load, and the footer says why.
      await page.reload();
      await page.waitForFunction(() => window.dxlens !== undefined);
      await page.evaluate(() => window.dxlens.ready);
      await page.waitForSelector(`#model-card[data-model="${damaged}"][data-status="error"]`, { timeout: 60000 });
      await page.waitForSelector(`${footer}[data-model-offline="no"]`);
      assert.equal(await page.textContent(footer), 'Offline — chosen model NOT available offline: connect once to download it');
    });

    await step('online again: "Make all" repairs both copies', async () => {
      await context.setOffline(false);
      await page.waitForSelector('#offline-all-start:not([disabled])');
      await page.click('#offline-all-start');
      await page.waitForSelector('#offline-all[data-state="done"]', { timeout: 180000 });
      assert.match(await page.textContent('#offline-all-summary'), SUMMARY);
      const run = await page.evaluate(() => window.dxlens.offline.lastRun());
      assert.equal(run.attempted, 2, `downloaded ${run.attempted}`);
      for (const [value, mark] of Object.entries(await marks(page))) assert.equal(mark, 'yes', `${value}: ${mark}`);
      await page.waitForSelector(`${footer}[data-network="online"]`);
      assert.equal(await page.textContent(footer), 'Online');
    });

    await step('no page errors (failed requests while offline are not errors here)', async () => {
      assert.deepEqual(consoleErrors(problems).filter((m) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::|Failed to load resource/.test(m)), []);
    });
  } finally {
    await context.setOffline(false).catch(() => {});
    await context.close();
  }

  // A model whose download fails its SHA-256 check: listed, the others cached.
  const proxy = await startFaultProxy(server.url);
  const bad = choices.find((m) => m.name !== used) ?? choices[0];
  proxy.setFault(`/models/${bad.name}/${bad.file}`, 'corrupt');
  const session = await openPage(browser, { serviceWorkers: 'block' });
  logs.push(session.problems);
  try {
    await step(`"Make all" with ${bad.name}'s file corrupted in transit: its error listed, the others cached`, async () => {
      const { page } = session;
      await page.goto(proxy.url);
      await waitForApp(page);
      await marksKnown(page);
      await page.click('#offline-all-start');
      await page.waitForSelector('#offline-all[data-state="done"]', { timeout: 180000 });
      const summary = await page.textContent('#offline-all-summary');
      const run = await page.evaluate(() => window.dxlens.offline.lastRun());
      console.log(`  ${summary} (${mb(run.downloadedBytes)} MB downloaded in ${(run.ms / 1000).toFixed(1)} s)`);
      assert.match(summary, new RegExp(`^${all.length - 1} of ${all.length} models available offline, .*; 1 model could not be downloaded`));
      const errors = page.locator('#offline-all-errors li.error');
      assert.equal(await errors.count(), 1);
      assert.equal(await errors.getAttribute('data-model'), bad.name);
      assert.equal(await errors.getAttribute('data-code'), 'integrity');
      assert.match(await errors.textContent(), /failed its integrity check/);
      const m = await marks(page);
      for (const c of choices) assert.equal(m[c.name], c.name === bad.name ? 'no' : 'yes', c.name);
      const keys = await page.evaluate(() => caches.keys());
      assert.ok(!keys.some((k) => k.startsWith(`dxlens-model-${bad.name}-`)), 'nothing cached for the corrupted model');
    });
  } finally {
    await session.context.close();
    await proxy.stop();
  }
} finally {
  if (state.failed || process.env.VERBOSE) for (const p of logs) console.log(p.log.join('\n'));
  await browser.close();
  await server.stop();
}
exitWithSummary(state);
