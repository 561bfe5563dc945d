// Batches under control: Cancel stops a running batch within one image (the
// rows already done stay, the table says "cancelled after N of M"); Clear
// mid-batch empties every panel and no late row of the old batch appears; the
// table's columns sort by their header buttons (aria-sort); file names break
// only after separators; the CSV and JSON exports carry the model version, the
// SHA-256 of the model file used (as models/index.json says), the export time and
// the research notice, and the download's name carries the time.
// Generated images only (never patient data), with tiny_cnn (else the first
// whole-image model of the site).
// usage: node tests/e2e/batch_control_test.mjs --site DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { gradientPng } from './lib/images.mjs';
import { checkNoPageErrors, exitWithSummary, openApp, parseArgs, siteIndex, skip, stepper, upload } from './lib/suite.mjs';

const N = 50;
const args = parseArgs();
const models = siteIndex(args.site).models;
const entry = models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch && m.role !== 'router');
if (!entry) skip('no whole-image model in the site');
const model = entry.name;
const batch = (prefix) => Array.from({ length: N }, (_, i) => ({
  name: `${prefix}-${String(i).padStart(2, '0')}.png`, bytes: gradientPng(256 + i, 192 + i, i) }));
console.log(`  model ${model} (${entry.variant}, sha256 ${entry.sha256.slice(0, 16)}…), batches of ${N} generated images`);

const rowCount = (page) => page.locator('#batch-table tbody tr').count();
// In the page: waits until the table has `min` rows, then clicks the button at
// once; returns the rows there were at the click.
const clickWhenRows = (page, id, min) => page.evaluate(({ id, min }) => new Promise((resolve) => {
  const body = document.querySelector('#batch-table tbody');
  const check = () => {
    if (body.rows.length < min) return false;
    const rows = body.rows.length;
    document.getElementById(id).click();
    resolve(rows);
    return true;
  };
  if (!check()) new MutationObserver((_, observer) => { if (check()) observer.disconnect(); }).observe(body, { childList: true });
}), { id, min });

const { page, problems, close } = await openApp(args.site, { model });
const { step, state } = stepper();
try {
  await step('Cancel stops the batch within one image; done rows stay; the table says so', async () => {
    await upload(page, batch('cancel'));
    await page.waitForSelector('#cancel-batch', { state: 'visible', timeout: 30000 });
    const atCancel = await clickWhenRows(page, 'cancel-batch', 3);
    await page.evaluate(() => window.dxlens.idle());
    await page.waitForTimeout(1000);
    const after = await rowCount(page);
    console.log(`  ${atCancel} rows at Cancel, ${after} after`);
    assert.ok(after >= atCancel && after <= atCancel + 1, `${after} rows after Cancel at ${atCancel}`);
    assert.ok(after < N);
    const note = await page.locator('#batch-note').innerText();
    assert.match(note, new RegExp(`cancelled after ${after} of ${N}`, 'i'));
    assert.equal(await page.locator('#batch-progress-wrap').isVisible(), false, 'progress hidden');
    assert.equal(await page.locator('#cancel-batch').isVisible(), false, 'Cancel hidden');
  });

  await step('Clear mid-batch empties every panel; no late row in the next 3 s', async () => {
    await upload(page, batch('clear'));
    await page.waitForSelector('#cancel-batch', { state: 'visible', timeout: 30000 });
    const atClear = await clickWhenRows(page, 'clear-results', 3);
    const empty = () => page.evaluate(() => ({
      rows: document.querySelectorAll('#batch-table tbody tr').length,
      cards: document.querySelectorAll('#results > *').length,
      errors: document.querySelectorAll('#errors > *').length,
      timings: [...document.querySelectorAll('#timings dd')].filter((dd) => dd.textContent !== '–').length,
      recent: document.querySelectorAll('#timing-history > *').length,
      progress: !document.getElementById('batch-progress-wrap').hidden,
      note: !document.getElementById('batch-note').hidden,
      records: window.dxlens.results().length,
    }));
    const none = { rows: 0, cards: 0, errors: 0, timings: 0, recent: 0, progress: false, note: false, records: 0 };
    assert.deepEqual(await empty(), none, `right after Clear (at ${atClear} rows)`);
    await page.waitForTimeout(3000);
    await page.evaluate(() => window.dxlens.idle());
    assert.deepEqual(await empty(), none, '3 s after Clear');
    assert.equal(await page.locator('#export-csv').isDisabled(), true);
  });

  const names = ['scan_2024-01-05.left.png', 'b.png', 'a-very-long_file-name_with_many-separators_in_it.png', 'c10.png', 'c9.png', 'z.png'];
  const small = names.map((name, i) => ({ name, bytes: gradientPng(200 + 17 * i, 150 + 5 * i, i * 7) }));
  await step('a new batch after Clear is numbered from 1 and completes', async () => {
    await upload(page, small);
    await page.waitForFunction((n) => document.querySelectorAll('#batch-table tbody tr').length >= n, small.length, { timeout: 60000 });
    await page.evaluate(() => window.dxlens.idle());
    const idx = await page.locator('#batch-table tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(idx, small.map((_, i) => String(i + 1)));
  });

  await step('file names break only after separators (<wbr>), full name in the title', async () => {
    const cell = page.locator('#batch-table tbody tr[data-file^="a-very-long"] td.cell-file');
    assert.equal(await cell.getAttribute('title'), names[2]);
    assert.equal(await cell.evaluate((td) => td.textContent), names[2]);
    assert.ok(await cell.evaluate((td) => td.querySelectorAll('wbr').length) >= 5);
    const style = await cell.evaluate((td) => [getComputedStyle(td).overflowWrap, getComputedStyle(td).wordBreak]);
    assert.deepEqual(style, ['normal', 'normal']);
  });

  await step('columns sort by their header buttons (numbers as numbers, names as text)', async () => {
    const probs = () => page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.topProb)));
    const files = () => page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.file));
    const sortOf = (key) => page.locator(`#batch-table th:has(button[data-sort="${key}"])`).getAttribute('aria-sort');
    assert.equal(await sortOf('index'), 'ascending');
    await page.click('#batch-table button[data-sort="prob"]');
    const up = await probs();
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    assert.equal(await sortOf('prob'), 'ascending');
    assert.equal(await sortOf('index'), null);
    await page.click('#batch-table button[data-sort="prob"]');
    const down = await probs();
    assert.deepEqual(down, [...up].sort((a, b) => b - a));
    assert.equal(await sortOf('prob'), 'descending');
    await page.click('#batch-table button[data-sort="file"]');
    const byName = await files();
    assert.deepEqual(byName, ['a-very-long_file-name_with_many-separators_in_it.png', 'b.png', 'c9.png', 'c10.png', 'scan_2024-01-05.left.png', 'z.png']);
    await page.click('#batch-table button[data-sort="index"]');
    assert.deepEqual(await files(), names, 'back in upload order');
  });

  const checkMeta = (row, t0, t1, label) => {
    assert.equal(row.model, model, label);
    assert.equal(row.model_version, entry.version, label);
    assert.equal(row.model_sha256, entry.sha256, label);
  };
  const checkTime = (iso, t0, t1) => {
    assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const t = Date.parse(iso);
    assert.ok(t >= t0 - 1000 && t <= t1 + 1000, `${iso} within the export`);
  };
  const stampOf = (iso) => iso.replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');

  await step('CSV export: header first, per-row model version and SHA-256, time and notice; timed file name', async () => {
    const t0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const t1 = Date.now();
    const name = download.suggestedFilename();
    assert.match(name, /^dxlens-results-\d{8}-\d{6}\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, small.length + 1);
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(0, 3), ['index', 'file', 'model']);
    assert.deepEqual(header.slice(-4), ['model_version', 'model_sha256', 'exported_at', 'notice']);
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, i) => [header[i], c])));  // no commas in these cells
    for (const row of rows) {
      checkMeta(row, t0, t1, `CSV row ${row.index}`);
      checkTime(row.exported_at, t0, t1);
      assert.match(row.notice, /research use only/i);
      assert.match(row.notice, /not for clinical diagnosis/i);
    }
    assert.equal(rows.map((r) => r.file).join('|'), names.join('|'), 'CSV rows in upload order whatever the sort');
    assert.equal(name, `dxlens-results-${stampOf(rows[0].exported_at)}.csv`, 'the name carries the export time');
  });

  await step('JSON export: exported_at, notice, per-row model version and SHA-256; timed file name', async () => {
    const t0 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const t1 = Date.now();
    const name = download.suggestedFilename();
    assert.match(name, /^dxlens-results-\d{8}-\d{6}\.json$/);
    const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    checkTime(json.exported_at, t0, t1);
    assert.equal(name, `dxlens-results-${stampOf(json.exported_at)}.json`);
    assert.match(json.notice, /research use only/i);
    assert.equal(json.results.length, small.length);
    for (const r of json.results) checkMeta(r, t0, t1, `JSON row ${r.index}`);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await close(state);
}
exitWithSummary(state);
