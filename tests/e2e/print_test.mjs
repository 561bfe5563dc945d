// Print and dark mode (styles.css). Print, after two generated images: no
// controls (drop zone, every button but the bars and column headers, which print
// as text, the picker, inputs, progress bars, the status bar and footer), the
// results table, the cards (model version and SHA-256, the map and its legend,
// the bars' percentages, the notice) and the print-only line with the time the
// results were produced shown, light on white even with a dark system setting;
// page.pdf() gives one page per result plus the table's (`/Type /Page` objects
// counted), and one page for a single result (no table). Dark (the system's
// setting): a dark page with light text, the map's pixels unchanged, axe-core
// (result cards, an error card and the error list on the page) with no serious
// or critical violation (also run in light, for the counts), a visible focus
// ring (3:1) in both.
// Generated images only, tiny_cnn (else the first whole-image model).
// usage: node tests/e2e/print_test.mjs --site DIR [--work DIR]
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradientPng } from './lib/images.mjs';
import { checkNoPageErrors, exitWithSummary, focused, openApp, parseArgs, siteIndex, skip, stepper, upload } from './lib/suite.mjs';
import { runAxe, serious } from './lib/axe.mjs';

const args = parseArgs();
const models = siteIndex(args.site).models;
const entry = models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch && m.role !== 'router');
if (!entry) skip('no whole-image model in the site');
const work = args.work ? path.resolve(args.work) : fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-e2e-print-'));
fs.mkdirSync(work, { recursive: true });
const images = [0, 1].map((i) => ({ name: `print-${i}.png`, bytes: gradientPng(320 + 40 * i, 240, i + 3) }));
const single = { name: 'print-single.png', bytes: gradientPng(280, 280, 9) };
const bad = { name: 'print-bad.png', bytes: Buffer.from('not an image: an error card and an error listed, for axe') };

// WCAG relative luminance of a computed colour "rgb(r, g, b)".
const luminance = (css) => (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
  .map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
  .reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
const pageCount = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;

const { page, problems, close } = await openApp(args.site, { model: entry.name });
const { step, state } = stepper();

async function classify(list) {
  const before = await page.locator('#batch-table tbody tr').count();
  await upload(page, list);
  await page.waitForFunction((n) => document.querySelectorAll('#batch-table tbody tr').length >= n, before + list.length, { timeout: 60000 });
  await page.evaluate(() => window.dxlens.idle());
}

// Elements matching `selector` that are rendered (checkVisibility: not display:
// none themselves or through an ancestor, not visibility: hidden).
const shown = (selector) => page.locator(selector).evaluateAll((els) => els
  .filter((el) => el.checkVisibility({ visibilityProperty: true }))
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`
    + ` "${(el.textContent || el.value || '').trim().slice(0, 30)}"`));


// Tabs from the top to the first button and reports its focus ring.
async function focusRing() {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.tagName === 'BUTTON')) break;
  }
  return focused(page);
}

try {
  await step(`classify two generated images with ${entry.name}`, async () => {
    await classify(images);
    assert.equal(await page.locator('.result-card[data-status="ok"]').count(), 2);
  });

  await step('print media: no drop zone, buttons, picker, inputs, progress bars, status bar or footer', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.deepEqual(await shown('#drop-area, #drop-zone, #model-select, select, input, progress, #status, .app-footer, #update-banner, #trust-settings'), []);
    assert.deepEqual(await shown('button:not(.bar-button):not(.sort-button)'), [], 'every control button hidden');
    // The bars and the column headers are buttons on screen: in print they have no box of their own, only their text.
    const kept = await page.locator('.bar-button, .sort-button').evaluateAll((els) => [...new Set(els.map((el) => getComputedStyle(el).display))]);
    assert.deepEqual(kept, ['contents']);
    assert.equal(await page.locator('#drop-zone').evaluate((el) => getComputedStyle(el.closest('section')).display), 'none');
  });

  await step('print media: the table, both cards (provenance, map, legend, percentages, notice) and the time line shown', async () => {
    assert.ok(await page.locator('#batch-table').isVisible(), 'batch table');
    assert.equal(await page.locator('#batch-table tbody tr').count(), 2);
    assert.equal(await page.locator('#batch-table thead th').first().innerText(), '#', 'column headers as text');
    const meta = page.locator('#print-meta');
    assert.ok(await meta.isVisible(), 'the print-only time line');
    assert.match(await meta.innerText(), /^2 results, produced .*\d{1,2}:\d\d:\d\d/);
    assert.match(await meta.locator('time').first().getAttribute('datetime'), /^\d{4}-\d\d-\d\dT/);
    const cards = page.locator('.result-card');
    assert.equal(await cards.count(), 2);
    for (let i = 0; i < 2; i++) {
      const card = cards.nth(i);
      assert.ok(await card.isVisible());
      assert.ok(await card.locator('.file-name').isVisible());
      const provenance = await card.locator('[data-role="provenance"]').innerText();
      assert.ok(provenance.includes(`v${entry.version}`) && provenance.includes(entry.sha256.slice(0, 16)), provenance);
      assert.ok(await card.locator('[data-role="verdict"]').isVisible());
      assert.ok(await card.locator('canvas[data-layer="heatmap"]').isVisible(), 'heatmap');
      assert.ok(await card.locator('[data-role="legend"]').isVisible(), 'legend');
      assert.equal(await card.locator('canvas[data-layer="heatmap"]').evaluate((c) => getComputedStyle(c).printColorAdjust), 'exact');
      const values = await card.locator('.class-bars > .bars .bar-value').allInnerTexts();
      assert.ok(values.length >= 2 && values.every((v) => /^\d+\.\d%$/.test(v)), `bar percentages ${values}`);
      const footer = await card.locator('[data-role="print-footer"]').innerText();
      assert.match(footer, /research use only/i);
      assert.match(footer, /classified .*\d\d:\d\d/i);
    }
    assert.equal(await cards.nth(1).evaluate((c) => getComputedStyle(c).breakBefore), 'page');
  });

  await step('print media is light on white, also with a dark system setting', async () => {
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color }));
    assert.ok(luminance(colours.bg) > 0.9 && luminance(colours.ink) < 0.1, JSON.stringify(colours));
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  });

  await step('page.pdf(): one page for the table and one per result (3); the time of printing filled in', async () => {
    const file = path.join(work, 'print-batch.pdf');
    const pdf = await page.pdf({ path: file });
    const pages = pageCount(pdf);
    console.log(`  ${file}: ${pdf.length} bytes, ${pages} pages`);
    assert.equal(pages, images.length + 1);
    const printed = await page.locator('[data-role="printed-at"]').allInnerTexts();
    assert.equal(printed.length, 3, 'the header line and each card');
    assert.ok(printed.every((t) => /^; printed .*\d\d:\d\d/.test(t)), JSON.stringify(printed));
  });

  await step('one result: no table, one page', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.click('#clear-results');
    await page.waitForFunction(() => document.querySelectorAll('.result-card').length === 0);
    assert.equal(await page.locator('#print-meta').isVisible(), false);
    await classify([single]);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#batch-table').isVisible(), false, 'no summary table for one result');
    assert.match(await page.locator('#print-meta').innerText(), /^1 result, produced/);
    const file = path.join(work, 'print-single.pdf');
    const pages = pageCount(await page.pdf({ path: file }));
    console.log(`  ${file}: ${pages} page(s)`);
    assert.equal(pages, 1);
    await page.emulateMedia({ media: 'screen' });
  });

  await step('light: axe with results and an error, no serious or critical violations; a focus ring of 3:1', async () => {
    await classify([...images, bad]);  // 4 cards (one an error card), the table and the error list
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
    assert.deepEqual(serious(await runAxe(page, 'light, with results')), []);
    const ring = await focusRing();
    assert.ok(ring.indicator && ring.contrast >= 3, JSON.stringify(ring));
  });

  await step('dark: a dark page with light text, the map\'s pixels as in light, no serious or critical axe violation, a focus ring of 3:1', async () => {
    const heat = page.locator('canvas[data-layer="heatmap"]').first();
    const pixels = () => heat.evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let hash = 0;
      for (let i = 0; i < d.length; i += 3) hash = (hash * 31 + d[i]) >>> 0;
      return hash;
    });
    const light = await pixels();
    await page.emulateMedia({ media: 'screen', colorScheme: 'dark' });
    const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color,
      scheme: getComputedStyle(document.documentElement).colorScheme }));
    console.log(`  dark: body ${colours.bg} (luminance ${luminance(colours.bg).toFixed(3)}), text ${colours.ink} (${luminance(colours.ink).toFixed(3)})`);
    assert.ok(luminance(colours.bg) < 0.2, `background ${colours.bg}`);
    assert.ok(luminance(colours.ink) > 0.6, `text ${colours.ink}`);
    assert.equal(colours.scheme, 'light dark');
    assert.equal(await pixels(), light, 'the heatmap canvas is the same in dark mode');
    assert.equal(await heat.evaluate((c) => getComputedStyle(c).filter), 'none');
    assert.deepEqual(serious(await runAxe(page, 'dark, with results')), []);
    const ring = await focusRing();
    assert.ok(ring.indicator && ring.contrast >= 3, JSON.stringify(ring));
    await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  });
  await checkNoPageErrors(step, problems);
} finally {
  await close(state);
  if (!args.work) fs.rmSync(work, { recursive: true, force: true });
}
exitWithSummary(state);
