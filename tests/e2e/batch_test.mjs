// Batch: 50 images chosen at once in the file picker give 50 table rows (in
// order), and the CSV export has a header plus 50 lines that match the rows.
// Uses 50 real test images (read from ../shared/data at test time) when a
// shipped model's data set is present, else 50 generated images and tiny_cnn.
// usage: node tests/e2e/batch_test.mjs --site DIR [--data DIR]
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { gradientPng } from './lib/images.mjs';
import { checkNoPageErrors, datasetImages, exitWithSummary, openApp, parseArgs, siteIndex, stepper, upload } from './lib/suite.mjs';

const N = 50;
const args = parseArgs();
const models = siteIndex(args.site).models;
let model = null;
let images = null;
for (const m of models.filter((e) => !e.patch)) {
  const files = datasetImages(args.data, m.name, { perClass: Math.ceil(N / m.labels.length) + 1 });
  if (files.length >= N) {
    model = m.name;
    images = files.slice(0, N).map((f) => ({ name: f.name, bytes: fs.readFileSync(f.path) }));
    break;
  }
}
if (!model) {
  console.log(`  note: no data set under ${args.data} for a shipped model; 50 generated images with tiny_cnn`);
  model = (models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch)).name;
  images = Array.from({ length: N }, (_, i) => ({ name: `gen-${String(i).padStart(2, '0')}.png`, bytes: gradientPng(120 + i, 90 + i, i) }));
}
console.log(`  model ${model}, ${images.length} images`);

const { page, problems, close } = await openApp(args.site, { model });
const { step, state } = stepper();
try {
  await step(`${N} images in one pick give ${N} rows`, async () => {
    const t0 = Date.now();
    await upload(page, images);
    await page.waitForFunction((n) => document.querySelectorAll('#batch-table tbody tr').length >= n, N, { timeout: 180000 });
    await page.evaluate(() => window.dxlens.idle());
    const rows = await page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({ file: tr.dataset.file, status: tr.dataset.status })));
    console.log(`  ${rows.length} rows in ${Date.now() - t0} ms`);
    assert.equal(rows.length, N);
    assert.deepEqual(rows.map((r) => r.file), images.map((i) => i.name), 'rows in upload order');
    assert.deepEqual(rows.filter((r) => r.status !== 'ok'), []);
    assert.equal(await page.locator('#batch-progress-wrap').isVisible(), false, 'progress bar hidden when done');
  });
  await step(`CSV export: header + ${N} lines`, async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(download.suggestedFilename(), /^dxlens-results-\d{8}-\d{6}\.csv$/);
    const text = fs.readFileSync(await download.path(), 'utf8');
    const lines = text.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, N + 1, `${lines.length} lines`);
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(0, 8), ['index', 'file', 'model', 'variant', 'status', 'error', 'top_label', 'top_prob']);
    const records = await page.evaluate(() => window.dxlens.results());
    lines.slice(1).forEach((line, i) => {
      const cells = line.split(',');  // file names here have no commas or quotes
      assert.equal(cells[0], String(i + 1));
      assert.equal(cells[1], images[i].name);
      assert.equal(cells[2], model);
      assert.equal(cells[4], 'ok');
      assert.equal(cells[6], records[i].top[0].label);
      const probs = header.map((h, j) => (h.startsWith('p_') ? Number(cells[j]) : 0)).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(probs - 1) < 1e-3, `row ${i + 1}: class columns sum to ${probs}`);
    });
  });
  await step('JSON export has the same 50 results', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(json.results.length, N);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await close(state);
}
exitWithSummary(state);
