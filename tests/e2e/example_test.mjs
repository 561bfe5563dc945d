// First contact: "Try an example" classifies a shipped, credited chest X-ray
// without any file of the user's. With another model chosen first, each example
// button switches the picker to the chest model, gives a result card for that
// image whose top class is the example's label and whose probabilities match
// the native CLI on the same file within 1e-3; the credit (Kermany et al., CC BY
// 4.0) is on the page. Skipped (77) when the site lacks the chest model.
// usage: node tests/e2e/example_test.mjs --site DIR --dxlens FILE
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkNoPageErrors, closeSession, exitWithSummary, nativeProbs, openApp, parseArgs, pickModel, siteIndex, skip, stepper } from './lib/suite.mjs';

const args = parseArgs();
const index = siteIndex(args.site);
const chest = index.models.find((m) => m.name === 'chest_xray');
if (!chest) skip('model chest_xray is not in the site');
const examples = JSON.parse(fs.readFileSync(path.join(args.site, 'examples/index.json'), 'utf8')).examples;
const other = index.models.find((m) => m.name !== 'chest_xray' && m.role !== 'router');

const { server, browser, page, problems } = await openApp(args.site);
const { step, state } = stepper();
try {
  await step(`${examples.length} example buttons and the credit are shown`, async () => {
    if (other) await pickModel(page, other.name);
    const buttons = page.locator('#examples .example-button');
    await buttons.first().waitFor();
    assert.equal(await buttons.count(), examples.length);
    const credit = await page.locator('#examples .credit').textContent();
    assert.match(credit, /Kermany/);
    assert.match(credit, /CC BY 4\.0/);
  });
  for (const example of examples) {
    const file = path.basename(example.file);
    await step(`${example.title}: ${file} gives ${example.label}, as the native CLI does`, async () => {
      await page.locator(`#examples .example-button[data-file="${example.file}"]`).click();
      const card = page.locator(`.result-card[data-file="${file}"]`).first();
      await card.waitFor({ timeout: 90000 });
      assert.equal(await page.locator('#model-select').inputValue(), example.model, 'the picker switched to the example\'s model');
      assert.equal(await card.getAttribute('data-status'), 'ok', await card.textContent());
      const bars = await card.locator('.bars li').evaluateAll((items) => items.map((li) => ({ label: li.dataset.label, prob: Number(li.dataset.prob) })));
      assert.equal(bars[0].label, example.label, `top class ${bars[0].label}`);
      const native = nativeProbs(args.dxlens, path.join(args.site, 'models', example.model), chest.variant,
        path.join(args.site, 'examples', example.file), chest.labels.length);
      for (const bar of bars) assert.ok(Math.abs(bar.prob - native[bar.label]) <= 1e-3, `${bar.label}: page ${bar.prob}, CLI ${native[bar.label]}`);
      console.log(`  ${file}: ${bars.map((b) => `${b.label} ${b.prob.toFixed(4)}`).join(', ')}`);
    });
  }
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
