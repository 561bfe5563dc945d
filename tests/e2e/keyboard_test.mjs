// Keyboard only: the whole path from picking a model to Clear with page.keyboard
// (Tab, Shift+Tab, Enter, Space, arrow keys) and no mouse: the model picked in
// the <select> with an arrow key, the file chooser opened from the drop zone with
// Enter (a generated PNG given to it), the result's card focused when it is shown,
// the heatmap opacity changed with the arrow keys (the slider's value, the
// layer's opacity and the drawn image change), another class's bar selected with
// Space (the map redrawn for it), the CSV exported with Enter (one row), and Clear
// with Enter (the focus back on the drop zone). Every element focused on the way
// has a visible focus indicator with at least 3:1 against the page.
// Generated images only, tiny_cnn.
// usage: node tests/e2e/keyboard_test.mjs --site DIR
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { gradientPng } from './lib/images.mjs';
import { checkNoPageErrors, exitWithSummary, focused, openApp, parseArgs, siteIndex, skip, stepper } from './lib/suite.mjs';

const MAX_STOPS = 60;  // Tab presses allowed to reach one control
const args = parseArgs();
const target = siteIndex(args.site).models.find((m) => m.name === 'tiny_cnn');
if (!target?.cam) skip('tiny_cnn (a CAM model) is not in the site');
const image = { name: 'keyboard.png', bytes: gradientPng(300, 220, 5) };

// The page starts on the option just above tiny_cnn in the picker (as if chosen on
// an earlier visit), so one ArrowDown picks tiny_cnn and nothing else is loaded.
const { page, problems, close } = await openApp(args.site);
const options = await page.locator('#model-select option').evaluateAll((os) => os.map((o) => o.value));
const above = options[options.indexOf(target.name) - 1];
if (!above) {
  await close({ failed: 0 });
  skip(`tiny_cnn is the picker's first option (${options.join(', ')})`);
}
await page.evaluate((n) => window.dxlens.selectModel(n), above);
await page.waitForSelector(`#model-card[data-model="${above}"][data-status="loaded"]`, { timeout: 90000 });

const { step, state } = stepper();
const visited = [];  // every focus stop: {key, visible, indicator, contrast}

// Presses `key` and records where the focus went.
async function press(key) {
  await page.keyboard.press(key);
  const f = await focused(page);
  visited.push({ ...f, after: key });
  return f;
}

// Presses `key` (Tab or Shift+Tab) until the focused element matches `selector`.
async function tabTo(selector, key = 'Tab') {
  for (let i = 0; i < MAX_STOPS; i++) {
    await press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`${MAX_STOPS} × ${key} did not reach ${selector}; last stops: ${visited.slice(-8).map((v) => v.key).join(', ')}`);
}

const card = page.locator(`.result-card[data-file="${image.name}"]`);
const heatmap = card.locator('canvas[data-layer="heatmap"]');
const pixelHash = (canvas) => canvas.evaluate((c) => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let hash = 0;
  for (let i = 0; i < d.length; i += 7) hash = (hash * 31 + d[i]) >>> 0;
  return hash;
});

try {
  await step(`pick ${target.name} in the picker with the arrow keys (from ${above})`, async () => {
    await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
    await tabTo('#model-select');
    await press('ArrowDown');
    await page.waitForSelector(`#model-card[data-model="${target.name}"][data-status="loaded"]`, { timeout: 90000 });
    assert.equal(await page.evaluate(() => window.dxlens.currentModel()), target.name);
    assert.equal(await page.locator('#model-select').inputValue(), target.name);
  });

  await step('open the file chooser from the drop zone with Enter; the result card takes the focus', async () => {
    await tabTo('#drop-zone');
    const chooser = page.waitForEvent('filechooser', { timeout: 10000 });
    await page.keyboard.press('Enter');
    const fileChooser = await chooser;
    assert.ok(fileChooser.isMultiple(), 'the chooser takes several files');
    await fileChooser.setFiles({ name: image.name, mimeType: 'image/png', buffer: Buffer.from(image.bytes) });
    await card.waitFor({ timeout: 60000 });
    await page.evaluate(() => window.dxlens.idle());
    assert.equal(await card.getAttribute('data-status'), 'ok');
    await page.waitForFunction((name) => document.activeElement?.matches(`.result-card[data-file="${name}"]`), image.name, { timeout: 5000 });
    visited.push({ ...(await focused(page)), after: 'classification' });
  });

  await step('change the heatmap opacity with the arrow keys: value, layer opacity and the drawn image change', async () => {
    const slider = card.locator('input[data-role="opacity"]');
    const before = Number(await slider.inputValue());
    const shotBefore = await card.locator('.viewer').screenshot();
    await tabTo(`.result-card[data-file="${image.name}"] input[data-role="opacity"]`);
    for (let i = 0; i < 20; i++) await press('ArrowRight');
    await press('ArrowLeft');
    const after = Number(await slider.inputValue());
    assert.equal(after, before + 19, `opacity ${before} -> ${after}`);
    assert.equal(await heatmap.evaluate((c) => getComputedStyle(c).opacity), String(after / 100));
    assert.equal(await slider.getAttribute('aria-valuetext'), `${after}%`);
    const shotAfter = await card.locator('.viewer').screenshot();
    assert.notEqual(crypto.createHash('sha256').update(shotAfter).digest('hex'),
      crypto.createHash('sha256').update(shotBefore).digest('hex'), 'the viewer looks different');
  });

  await step('select another class\'s bar with Space: pressed, the map redrawn for it, the legend relabelled', async () => {
    const classBefore = await heatmap.getAttribute('data-class-index');
    const pixelsBefore = await pixelHash(heatmap);
    await tabTo(`.result-card[data-file="${image.name}"] .bar-button[aria-pressed="false"]`);
    const label = await page.evaluate(() => document.activeElement.closest('li').dataset.label);
    await press('Space');
    assert.equal(await card.locator(`.bars li[data-label="${label}"] .bar-button`).getAttribute('aria-pressed'), 'true');
    assert.equal(await card.locator('.bar-button[aria-pressed="true"]').count(), 1);
    assert.notEqual(await heatmap.getAttribute('data-class-index'), classBefore);
    assert.equal(await heatmap.getAttribute('data-label'), label);
    assert.notEqual(await pixelHash(heatmap), pixelsBefore, 'the heatmap canvas was redrawn');
    assert.equal(await card.locator('[data-role="legend"]').getAttribute('data-label'), label);
  });

  await step('export the CSV with the keyboard (Shift+Tab back, Enter): a header and one row', async () => {
    await tabTo('#export-csv', 'Shift+Tab');
    const download = page.waitForEvent('download', { timeout: 10000 });
    await page.keyboard.press('Enter');
    const file = await download;
    assert.match(file.suggestedFilename(), /^dxlens-results-\d{8}-\d{6}\.csv$/);
    const lines = fs.readFileSync(await file.path(), 'utf8').replace(/\n$/, '').split('\n');
    assert.equal(lines.length, 2, `${lines.length} lines`);
    assert.deepEqual(lines[0].split(',').slice(0, 3), ['index', 'file', 'model']);
    assert.deepEqual(lines[1].split(',').slice(0, 3), ['1', image.name, target.name]);
  });

  await step('Clear with the keyboard: every panel empty, the focus back on the drop zone', async () => {
    await tabTo('#clear-results');
    await press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.result-card').length === 0, null, { timeout: 5000 });
    assert.equal(await page.locator('#batch-table tbody tr').count(), 0);
    const f = visited.at(-1);
    assert.equal(f.key, 'button#drop-zone.drop-zone', `focus on ${f.key}`);
  });

  await step('every element focused on the way was visible, with a focus indicator of at least 3:1', async () => {
    console.log(`  ${visited.length} focus stops: ${[...new Set(visited.map((v) => v.key))].join(', ')}`);
    const bad = visited.filter((v) => !v.visible || !v.indicator || (v.contrast !== null && v.contrast < 3))
      .map((v) => `${v.key} (after ${v.after}): visible=${v.visible} indicator=${v.indicator} outline=${v.outline} contrast=${v.contrast?.toFixed(2)}`);
    assert.deepEqual(bad, []);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await close(state);
}
exitWithSummary(state);
