// The image scale of patch models in the page (issue "a scale field in the
// page"): the settings show a scale field for a patch model only; with no scale
// stated a generated slide twice the model's field of view on a side is cut into
// 4 patches at the reference scale; a value that is not a number above 0 is
// refused next to the field and changes nothing; scale 2 cuts the same slide
// into 1 patch twice as wide, said on the card; the CSV/JSON exports carry
// scale_source and field_of_view (before the certainty column, appended after
// them). Generated images only: no data set needed.
// usage: node tests/e2e/scale_test.mjs --site DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gradientPng, tissuePng } from './lib/images.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, openApp, parseArgs, pickModel, siteIndex, skip, stepper, upload } from './lib/suite.mjs';

const PATCH_MODEL = 'histopathology';
const args = parseArgs();
const models = siteIndex(args.site).models;
if (!models.some((m) => m.name === PATCH_MODEL)) skip(`model ${PATCH_MODEL} is not in the site`);
// A whole-image model to check the field is absent: the tiny test model loads fastest.
const wholeImage = models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch && m.role !== 'router');
const manifest = JSON.parse(fs.readFileSync(path.join(args.site, 'models', PATCH_MODEL, 'manifest.json'), 'utf8'));
const reference = manifest.patch.scale?.reference;
assert.ok(reference, `${PATCH_MODEL}'s manifest states its reference images (patch.scale.reference)`);
assert.equal(manifest.patch.stride, manifest.patch.size, 'patches tile the image (stride = size): the counts below assume it');
// One patch's side in source pixels at the reference scale (768 for LC25000's originals).
const fov = Math.round(manifest.patch.size * manifest.patch.downscale);
const side = 2 * fov;  // 2x2 patches at the reference scale, one patch at scale 2
console.log(`  ${PATCH_MODEL}: ${fov} px per patch at the reference scale (${reference}); slide ${side}x${side}`);
const slide = tissuePng(side, side, 7);
const image = (name) => ({ name, bytes: slide });

const { server, browser, page, problems } = await openApp(args.site);
const { step, state } = stepper();
const settings = page.locator('#trust-settings');
const scaleInput = settings.locator('input[data-role="scale"]');
const scaleStatus = settings.locator('[data-role="scale-status"]');
const settingsStatus = settings.locator('[data-role="settings-status"]');

// Drops one image as a user would; -> its card, once the page shows it.
async function drop(file) {
  await upload(page, [file]);
  const card = page.locator(`.result-card[data-file="${file.name}"]`);
  await card.waitFor({ timeout: 90000 });
  assert.equal(await card.getAttribute('data-status'), 'ok', await card.textContent());
  return card;
}

// A patch card's patch count, scale source, field of view and the line that says them.
async function scaleOf(card) {
  return {
    patches: Number(await card.getAttribute('data-patches')),
    source: await card.getAttribute('data-scale-source'),
    fieldOfView: Number(await card.getAttribute('data-field-of-view')),
    note: await card.locator('[data-role="scale"]').textContent(),
  };
}

// Types a value into the scale field and presses Apply.
async function applyScale(typed) {
  await scaleInput.fill('');
  await scaleInput.pressSequentially(typed);  // as typed: "e" is not a number, which fill() would refuse
  await settings.locator('[data-role="apply-settings"]').click();
}

try {
  await step(`whole-image model (${wholeImage.name}): settings without a scale field; its card says nothing of scale`, async () => {
    await pickModel(page, wholeImage.name);
    await settings.locator(`input[data-role="prior"][data-label="${wholeImage.labels[0]}"]`).waitFor({ state: 'attached' });
    await settings.locator('summary').click();
    assert.equal(await settings.locator('[data-role="scale-field"]').count(), 0);
    const card = await drop({ name: 'whole-image.png', bytes: gradientPng(200, 160, 3) });
    assert.equal(await card.getAttribute('data-scale-source'), null);
    assert.equal(await card.locator('[data-role="scale"]').count(), 0);
  });
  await step(`${PATCH_MODEL}: the scale field is shown, blank, relative to ${reference}`, async () => {
    await pickModel(page, PATCH_MODEL);
    await scaleInput.waitFor({ state: 'visible' });
    assert.equal(await scaleInput.inputValue(), '');
    assert.equal(await settings.locator('[data-role="scale-field"] legend').textContent(), `Image scale relative to ${reference}`);
    assert.match(await settings.locator('[data-role="scale-field"]').textContent(), /images classified after/);
    assert.equal(await settings.locator('input[data-role="microns-per-pixel"]').count(), manifest.patch.scale.input_microns_per_pixel ? 1 : 0);
    assert.equal(await scaleStatus.isVisible(), false);
  });
  await step(`no scale stated: 4 patches of ${fov} px at the reference scale`, async () => {
    const s = await scaleOf(await drop(image('slide-reference.png')));
    assert.deepEqual({ patches: s.patches, source: s.source, fieldOfView: s.fieldOfView }, { patches: 4, source: 'reference', fieldOfView: fov });
    assert.equal(s.note, `4 patches of ${fov} px (reference scale: ${reference})`);
  });
  await step('invalid scales (-1, 0, "e") are refused next to the field and not applied', async () => {
    for (const [typed, why] of [['-1', /must be above 0 \(it is -1\)/], ['0', /must be above 0/], ['e', /is not a number/]]) {
      await applyScale(typed);
      assert.equal(await scaleStatus.isVisible(), true, `message shown for ${typed}`);
      assert.match(await scaleStatus.textContent(), why);
      assert.equal(await settingsStatus.getAttribute('data-state'), 'error');
      assert.match(await settingsStatus.textContent(), /^Not applied: /);
    }
    const s = await scaleOf(await drop(image('slide-after-invalid.png')));
    assert.deepEqual({ patches: s.patches, source: s.source, fieldOfView: s.fieldOfView }, { patches: 4, source: 'reference', fieldOfView: fov });
  });
  await step(`scale 2: the same slide is 1 patch of ${side} px, the scale the user gave`, async () => {
    await applyScale('2');
    assert.equal(await scaleStatus.isVisible(), false, 'the invalid-value message is gone');
    assert.equal(await settingsStatus.getAttribute('data-state'), 'ok');
    assert.match(await settingsStatus.textContent(), /Applied: the next images/);
    const s = await scaleOf(await drop(image('slide-scale-2.png')));
    assert.deepEqual({ patches: s.patches, source: s.source, fieldOfView: s.fieldOfView }, { patches: 1, source: 'user', fieldOfView: side });
    assert.equal(s.note, `1 patch of ${side} px (scale you gave: 2)`);
    // A card already shown keeps the scale it was cut at.
    const first = await scaleOf(page.locator('.result-card[data-file="slide-reference.png"]'));
    assert.equal(first.source, 'reference');
    assert.equal(first.patches, 4);
  });
  await step('CSV and JSON exports carry scale_source and field_of_view, then certainty', async () => {
    const csv = await page.evaluate(() => window.dxlens.exportCsv());
    const [header, ...rows] = csv.trim().split('\n').map((l) => l.split(','));  // no commas in these cells
    assert.deepEqual(header.slice(0, 16), ['index', 'file', 'model', 'variant', 'status', 'error', 'top_label', 'top_prob', 'routed',
      'in_domain', 'domain_score', 'domain_threshold', 'screening_label', 'screening_prob', 'screening_threshold', 'screening']);
    // ... then the model's version and file hash, the export time and the notice (appended after them).
    assert.deepEqual(header.slice(-8), ['total_ms', 'scale_source', 'field_of_view', 'certainty',
      'model_version', 'model_sha256', 'exported_at', 'notice']);
    const scaleCells = Object.fromEntries(rows.map((r) => [r[1], r.slice(-7, -5).join(' ')]));
    assert.deepEqual(scaleCells, {
      'whole-image.png': ' ', 'slide-reference.png': `reference ${fov}`, 'slide-after-invalid.png': `reference ${fov}`,
      'slide-scale-2.png': `user ${side}`,
    });
    const json = JSON.parse(await page.evaluate(() => window.dxlens.exportJson()));
    assert.deepEqual(json.results.map((r) => [r.scale_source, r.field_of_view]),
      [[null, null], ['reference', fov], ['reference', fov], ['user', side]]);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
