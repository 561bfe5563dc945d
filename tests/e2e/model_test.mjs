// One model end to end: load the page, pick the model in the <select>, upload
// test images (generated, plus a real one from ../shared/data when present),
// and check the card: top-k bars shown, probabilities sum to 1, every class
// within --tolerance (default 1e-3) of the native CLI (same variant as the
// page), and the CAM / patch heatmap canvas drawn and not blank.
// usage: node tests/e2e/model_test.mjs --site DIR --model NAME --model-dir DIR [--dxlens PATH] [--data DIR] [--tolerance T]
//   (--model-dir: the model's source folder; absent = not shipped yet = skipped)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canvasStats, checkNoPageErrors, exitWithSummary, imagesForModel, nativeProbs, openApp, parseArgs, pickModel, siteIndex, skip, stepper, sum, upload } from './lib/suite.mjs';

const args = parseArgs();
const name = args.model;
const tolerance = Number(args.tolerance ?? 1e-3);
const modelDir = path.resolve(args['model-dir'] ?? `models/${name}`);
if (!fs.existsSync(path.join(modelDir, 'manifest.json'))) skip(`model ${name}: ${modelDir}/manifest.json absent (not shipped yet)`);
const entry = siteIndex(args.site).models.find((m) => m.name === name);
if (!entry) {
  console.error(`model ${name} is in ${modelDir} but not in the site (rebuild the e2e_site fixture)`);
  process.exit(1);
}
// The native CLI reads the site's copy of the model (manifest, the ONNX file the
// page loads, classifier): the very bytes the page used, even if models/ changes.
const siteModelDir = path.join(args.site, 'models', name);
const manifest = JSON.parse(fs.readFileSync(path.join(siteModelDir, 'manifest.json'), 'utf8'));
const images = imagesForModel(entry, args.data, { real: Number(args.real ?? 1) });
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `dxlens-e2e-${name}-`));

const { page, problems, close } = await openApp(args.site);
const { step, state } = stepper();
try {
  await step(`pick ${name} in the model picker`, async () => {
    await pickModel(page, name);
    assert.equal(await page.evaluate(() => window.dxlens.currentModel()), name);
  });

  for (const image of images) {
    await step(`${name}: ${image.name} (${image.source})`, async () => {
      await upload(page, [image]);
      const card = page.locator(`.result-card[data-file="${image.name}"]`);
      await card.waitFor({ timeout: 60000 });
      const status = await card.getAttribute('data-status');
      if (status !== 'ok') assert.fail(`card status ${status}: ${await card.locator('.error-message').textContent()}`);
      assert.equal(await card.getAttribute('data-model'), name);
      const variant = await card.getAttribute('data-variant');
      assert.equal(variant, entry.variant, 'the page used the variant the index lists');
      assert.equal(await card.getAttribute('data-kind'), entry.patch ? 'patch' : 'image');
      const labels = JSON.parse(await card.getAttribute('data-labels'));
      const probs = JSON.parse(await card.getAttribute('data-probs'));
      assert.deepEqual(labels, manifest.labels);
      assert.equal(probs.length, labels.length);
      const total = sum(probs);
      assert.ok(Math.abs(total - 1) <= 1e-3, `probabilities sum to ${total}`);

      // An out-of-domain image (the generated ones, for shipped models) has its
      // verdict withheld: reveal the output as a user would, then check it.
      if ((await card.getAttribute('data-verdict')) === 'withheld') {
        console.log(`  out of domain (score ${await card.getAttribute('data-domain-score')}): output shown anyway`);
        await card.locator('[data-role="show-anyway"]').click();
      }
      // Top-k shown: one bar per top-k class, in descending order, matching data-probs;
      // the other classes wait under "All N classes" (ui/all-classes.js).
      const k = Math.min(manifest.top_k ?? labels.length, labels.length);
      assert.equal(await card.locator('[data-role="all-classes"] .bars li[data-label]').count(), labels.length - k, 'the other classes on demand');
      const bars = await card.locator('.class-bars > .bars li[data-label]').evaluateAll((lis) => lis.map((li) => ({
        label: li.dataset.label, prob: Number(li.dataset.prob), visible: li.offsetParent !== null })));
      assert.equal(bars.length, k, `top-k bars (${bars.length} vs ${k})`);
      bars.forEach((b, i) => {
        assert.ok(b.visible, `bar ${b.label} visible`);
        assert.ok(Math.abs(b.prob - probs[labels.indexOf(b.label)]) < 1e-6, `bar ${b.label} matches data-probs`);
        if (i) assert.ok(bars[i - 1].prob >= b.prob, 'bars sorted');
      });
      assert.equal(await card.getAttribute('data-top-label'), bars[0].label);
      if (entry.patch) assert.ok(Number(await card.getAttribute('data-patches')) > 0, 'patches sampled');

      // Native CLI on the same bytes, same variant: every class within the tolerance.
      const file = path.join(scratch, image.name);
      fs.writeFileSync(file, image.bytes);
      const native = nativeProbs(args.dxlens, siteModelDir, variant, file, labels.length);
      const diffs = labels.map((l, i) => Math.abs(probs[i] - native[l]));
      const worst = Math.max(...diffs);
      console.log(`  web ${variant}: ${labels.map((l, i) => `${l}=${probs[i].toFixed(5)}`).join(' ')}`);
      console.log(`  max |web - native| = ${worst.toExponential(2)}`);
      labels.forEach((l, i) => assert.ok(diffs[i] <= tolerance, `${l}: web ${probs[i]} vs native ${native[l]} (tolerance ${tolerance})`));

      // The explanation layer: the CAM (whole-image models) or the patch heatmap.
      if (entry.cam || entry.patch) {
        const heat = card.locator('canvas[data-layer="heatmap"]');
        assert.equal(await heat.count(), 1, 'heatmap canvas present');
        assert.equal(await heat.getAttribute('data-class-index'), String(bars[0] && labels.indexOf(bars[0].label)),
          'the overlay shown is the top class\'s');
        assert.ok(await heat.isVisible(), 'heatmap canvas visible');
        const s = await canvasStats(heat);
        console.log(`  heatmap canvas ${s.width}x${s.height}: ${(100 * s.fraction).toFixed(1)}% drawn, ${s.colours} colours`);
        assert.ok(s.opaque > 0, 'heatmap canvas is blank (all transparent)');
        // One patch (an image no wider than the model's field of view) is one flat colour by design.
        const onePatch = entry.patch && Number(await card.getAttribute('data-patches')) === 1;
        if (!onePatch) assert.ok(s.colours > 1, 'heatmap canvas is one flat colour');
        if (entry.cam && !entry.patch) assert.ok(s.fraction > 0.5, 'the CAM covers the image');
        const image = await canvasStats(card.locator('canvas[data-layer="image"]'));
        assert.ok(image.fraction > 0.99 && image.colours > 1, 'preview drawn');
      }
    });
  }

  await checkNoPageErrors(step, problems);
} finally {
  await close(state);
  fs.rmSync(scratch, { recursive: true, force: true });
}
exitWithSummary(state);
