// Quick end-to-end check of the built page in headless Chromium: start-up
// status, classification with each kind of model, bad files, export, then an
// offline reload served by the service worker. Not the full e2e suite.
// usage: node tests/e2e/smoke_web.mjs [site]   (default build/web; build one with the test models:
//   tools/build_web.sh --out build/web-test --model build/demo/test_model --model build/demo/test_patch_model)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify, launch, openPage, waitForApp } from './lib/browser.mjs';
import { gradientPng, greyPng, slidePng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';

const siteRoot = process.argv[2] ?? 'build/web';
const server = await startServer({ root: siteRoot });
const { browser, context, page, problems } = await launch();
const shots = process.env.SHOTS;
let failed = false;
const step = async (name, body) => {
  const t0 = Date.now();
  try {
    await body();
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed = true;
    console.log(`not ok - ${name}: ${e.stack ?? e}`);
  }
};

try {
  await page.goto(server.url);
  await step('starts, loads the first model, status line filled', async () => {
    await waitForApp(page);
    const status = await page.evaluate(() => Object.fromEntries(
      [...document.querySelectorAll('#status [data-field]')].map((n) => [n.dataset.field, n.textContent])));
    console.log('  status', JSON.stringify(status));
    assert.equal(status.simd, 'yes');
    assert.equal(status.isolated, 'yes');
    assert.ok(Number(status.threads) > 1, 'threads');
    assert.match(status['ort-version'], /^1\.30/);
  });
  const models = await page.evaluate(() => window.dxlens.models().map((m) => m.name));
  console.log('  models', models.join(', '));

  for (const [model, image, name] of [
    ['tiny_cnn', gradientPng(320, 240), 'gradient.png'],
    ['chest_xray', greyPng(300, 260), 'grey.png'],
    ['alzheimer_mri', greyPng(200, 240), 'mri.png'],
    ['tiny_patch', slidePng(512, 384), 'slide.png'],
    ['tiny_patch_mask', slidePng(512, 384), 'slide-mask.png'],
  ]) {
    if (!models.includes(model)) continue;
    await step(`classifies ${name} with ${model}`, async () => {
      await page.evaluate((m) => window.dxlens.selectModel(m), model);
      const [record] = await classify(page, [{ name, bytes: image }]);
      assert.equal(record.status, 'ok', record.error);
      const card = page.locator(`.result-card[data-file="${name}"][data-model="${model}"]`).first();
      const probs = JSON.parse(await card.getAttribute('data-probs'));
      assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-3 || model === 'x', 'probabilities sum to 1');
      assert.equal(await card.getAttribute('data-top-label'), record.top[0].label);
      assert.equal(await card.locator('canvas[data-layer="heatmap"]').count(), 1);
      if (model.startsWith('tiny_patch')) {
        assert.ok(Number(await card.getAttribute('data-patches')) > 0);
        assert.equal(await card.locator('canvas[data-layer="patches"]').count(), 1);
      }
      if (model === 'tiny_patch_mask') {
        assert.equal(await card.locator('canvas[data-layer="mask"]').count(), 1);
        await card.locator('input[data-toggle="mask"]').check();
        if (shots) await card.screenshot({ path: `${shots}/patch-card.png` });
      }
      console.log(`  ${model}: ${record.top[0].label} ${record.top[0].prob.toFixed(3)}`,
        JSON.stringify(Object.fromEntries(Object.entries(record.timings).map(([k, v]) => [k, +v.toFixed(1)]))));
    });
  }

  await step('bad files give clear errors and the page keeps working', async () => {
    await page.evaluate(() => window.dxlens.selectModel('tiny_cnn'));
    const records = await classify(page, [
      { name: 'notes.txt', bytes: Buffer.from('just some text, not an image') },
      { name: 'truncated.png', bytes: gradientPng(64, 64).subarray(0, 80) },
      { name: 'empty.png', bytes: new Uint8Array(0) },
      { name: 'after.png', bytes: gradientPng(100, 80, 3) },
    ]);
    console.log('  ', records.map((r) => `${r.file}: ${r.status} ${r.code ?? ''} ${r.error ?? ''}`).join('\n   '));
    assert.deepEqual(records.map((r) => r.status), ['error', 'error', 'error', 'ok']);
    assert.equal(await page.locator('#errors li.error').count() >= 3, true);
  });

  await step('file picker (keyboard), drag-and-drop and paste feed the queue', async () => {
    // Register for the chooser well before the key press: the interception is
    // switched on asynchronously, and a chooser opened before it is lost.
    const chosen = new Promise((resolve) => page.once('filechooser', resolve));
    await page.waitForTimeout(200);
    await page.focus('#drop-zone');
    await page.keyboard.press('Enter');
    const chooser = await chosen;
    await chooser.setFiles([{ name: 'picked.png', mimeType: 'image/png', buffer: Buffer.from(gradientPng(90, 70, 7)) }]);
    await page.waitForSelector('.result-card[data-file="picked.png"][data-status="ok"]');
    const b64 = Buffer.from(gradientPng(60, 50, 8)).toString('base64');
    await page.evaluate((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'dropped.png', { type: 'image/png' }));
      document.getElementById('drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      const pasted = new DataTransfer();
      pasted.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'clip.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    }, b64);
    await page.waitForSelector('.result-card[data-file="dropped.png"][data-status="ok"]');
    await page.waitForSelector('.result-card[data-file="clip.png"][data-status="ok"]');
  });

  await step('batch table and CSV export', async () => {
    const rows = await page.locator('#batch-table tbody tr').count();
    assert.ok(rows >= 5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString();
    assert.match(text.split('\n')[0], /^index,file,model/);
    assert.equal(text.trim().split('\n').length, rows + 1);
  });
  if (shots) await page.screenshot({ path: `${shots}/desktop.png`, fullPage: true });

  await step('offline reload works from the service worker cache', async () => {
    await page.waitForSelector('#status [data-field="offline"][data-state="ok"]', { timeout: 60000 });
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    const loaded = await page.textContent('#model-card [data-role="model-state"]');
    assert.match(loaded, /offline cache/);
    const [record] = await classify(page, [{ name: 'offline.png', bytes: gradientPng(120, 90, 5) }]);
    assert.equal(record.status, 'ok', record.error);
    assert.ok(await page.evaluate(() => self.crossOriginIsolated), 'isolated when offline');
    await context.setOffline(false);
  });

  await step('phone-sized viewport', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    if (shots) await page.screenshot({ path: `${shots}/phone.png`, fullPage: false });
  });

  await step('no console errors', async () => {
    // Failed requests while offline are expected (the SW is asked for nothing it lacks, but be lenient).
    assert.deepEqual(problems.page, []);
    assert.deepEqual(problems.console, []);
  });
  const memory = await page.evaluate(() => window.dxlens.memory());
  console.log('  memory', JSON.stringify(memory));

  // A copy of the site that the following steps may change.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-web-'));
  fs.cpSync(siteRoot, scratch, { recursive: true });

  await step('a model file that fails its SHA-256 check is refused with a clear error', async () => {
    const index = JSON.parse(fs.readFileSync(path.join(scratch, 'models/index.json'), 'utf8'));
    const entry = index.models.find((m) => m.name === 'tiny_cnn') ?? index.models[0];
    const file = path.join(scratch, 'models', entry.name, entry.file);
    const original = fs.readFileSync(file);
    const bad = Buffer.from(original);
    bad[bad.length - 10] ^= 0xff;
    fs.writeFileSync(file, bad);
    const s2 = await startServer({ root: scratch });
    const p2 = await openPage(browser, { serviceWorkers: 'block' });
    try {
      await p2.page.goto(s2.url);
      await p2.page.evaluate(() => window.dxlens.ready);
      const error = await p2.page.evaluate((n) => window.dxlens.selectModel(n).then(() => null, (e) => `${e.code}: ${e.message}`), entry.name);
      console.log(`  ${error}`);
      assert.match(error, /^integrity: .*SHA-256/);
      assert.equal(await p2.page.getAttribute('#model-card', 'data-status'), 'error');
      assert.ok(await p2.page.locator('#errors li[data-code="integrity"]').count() >= 1);
    } finally {
      fs.writeFileSync(file, original);
      await p2.context.close();
      await s2.stop();
    }
  });

  await step('static host without COOP/COEP: the service worker isolates the page after one reload', async () => {
    const s3 = await startServer({ root: scratch, isolation: false });
    const p3 = await openPage(browser);
    try {
      await p3.page.goto(s3.url);
      await p3.page.waitForFunction(() => self.crossOriginIsolated === true, null, { timeout: 60000 });
      await waitForApp(p3.page);
      assert.equal(await p3.page.textContent('#status [data-field="isolated"]'), 'yes');
      const threads = Number(await p3.page.textContent('#status [data-field="threads"]'));
      assert.ok(threads > 1, `threads ${threads}`);
      const [record] = await classify(p3.page, [{ name: 'coi.png', bytes: gradientPng(80, 60) }]);
      assert.equal(record.status, 'ok', record.error);
      assert.deepEqual(p3.problems.console, []);
    } finally {
      await p3.context.close();
      await s3.stop();
    }
  });

  await step('a new version shows the update banner; Reload switches to it', async () => {
    const s4 = await startServer({ root: scratch });
    const p4 = await openPage(browser);
    try {
      await p4.page.goto(s4.url);
      await waitForApp(p4.page);
      await p4.page.waitForSelector('#status [data-field="offline"][data-state="ok"]', { timeout: 60000 });
      const oldVersion = await p4.page.evaluate(() => window.dxlens.version);
      const newVersion = 'ffffffffffffffff';
      const swFile = path.join(scratch, 'sw.js');
      fs.writeFileSync(swFile, fs.readFileSync(swFile, 'utf8').replace(JSON.stringify(oldVersion), JSON.stringify(newVersion)));
      const indexFile = path.join(scratch, 'models/index.json');
      fs.writeFileSync(indexFile, fs.readFileSync(indexFile, 'utf8').replace(oldVersion, newVersion));
      await p4.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      await p4.page.waitForSelector('#update-banner:not([hidden])', { timeout: 60000 });
      await Promise.all([p4.page.waitForEvent('load'), p4.page.click('#update-reload')]);
      await waitForApp(p4.page);
      assert.equal(await p4.page.evaluate(() => window.dxlens.version), newVersion);
      const names = await p4.page.evaluate(() => caches.keys());
      console.log('  caches', names.join(', '));
      assert.ok(names.includes(`dxlens-shell-${newVersion}`) && !names.includes(`dxlens-shell-${oldVersion}`));
    } finally {
      await p4.context.close();
      await s4.stop();
    }
  });
  fs.rmSync(scratch, { recursive: true, force: true });
} finally {
  if (failed || process.env.VERBOSE) console.log(problems.log.join('\n'));
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
