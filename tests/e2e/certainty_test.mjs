// Results that say how sure they are (page-UX issue): a result card shows the
// top classes and, on demand ("All N classes"), every other class, as many in all
// as the model has labels, most probable first; the certainty word next to the
// top class follows the bands of web/ui/certainty.js, recomputed here from the
// exported probabilities (none for an out-of-domain image); the CSV and JSON
// exports carry it as `certainty`, the CSV's last column; and a model whose
// balanced accuracy is below 80 % (the skin model) shows a caution on its model
// card and its result cards, while one above it (brain MRI) does not.
// Real test images of both models (../shared/data), the ones their own domain
// check accepts (native CLI), plus one generated image on the skin model.
// usage: node tests/e2e/certainty_test.mjs --site DIR --dxlens FILE --data DIR
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { gradientPng } from './lib/images.mjs';
import { checkNoPageErrors, closeSession, datasetImages, exitWithSummary, openApp, parseArgs, pickModel, siteIndex, skip, stepper, upload } from './lib/suite.mjs';

// The stated levels (web/README.md, "Certainty in words"; web/ui/certainty.js, web/ui/accuracy-caution.js).
const CAUTION_BELOW = 0.8;
const MIN_MARGIN = 0.2;
const LIKELY = 0.6;
const VERY_LIKELY = 0.9;
const LOW = 'skin_lesion';
const HIGH = 'alzheimer_mri';

const args = parseArgs();
const index = siteIndex(args.site);
const entries = Object.fromEntries([LOW, HIGH].map((name) => [name, index.models.find((m) => m.name === name)]));
for (const [name, entry] of Object.entries(entries)) if (!entry) skip(`model ${name} is not in the site`);
const balanced = (entry) => entry.eval?.balanced_accuracy;
// The premise of the caution steps: one model on each side of the level.
assert.ok(balanced(entries[LOW]) < CAUTION_BELOW, `${LOW} balanced accuracy ${balanced(entries[LOW])} is below ${CAUTION_BELOW}`);
assert.ok(balanced(entries[HIGH]) >= CAUTION_BELOW, `${HIGH} balanced accuracy ${balanced(entries[HIGH])} is at least ${CAUTION_BELOW}`);

// The first test images (one per class) that the model's own domain check accepts.
function inDomainImages(name, count) {
  const accepted = [];
  for (const c of datasetImages(args.data, name, { perClass: 1 })) {
    const out = JSON.parse(execFileSync(args.dxlens, ['classify', '--model', `${args.site}/models/${name}`, '--json', c.path],
      { encoding: 'utf8', timeout: 60000 }));
    if (out.in_domain !== false) accepted.push({ name: `${name}__${c.name}`, bytes: fs.readFileSync(c.path) });
    if (accepted.length === count) break;
  }
  return accepted;
}
const images = { [LOW]: inDomainImages(LOW, 3), [HIGH]: inDomainImages(HIGH, 2) };
for (const [name, list] of Object.entries(images)) if (list.length === 0) skip(`no in-domain ${name} test images under ${args.data}/${name}/test`);
const generated = { name: `${LOW}__generated.png`, bytes: gradientPng(320, 240, 5) };  // likely out of domain: no word then
images[LOW].push(generated);

// The word the bands give, from the probabilities (label -> p) and the screening reading.
function expectedWord(probs, topLabel, screening) {
  const p = probs[topLabel];
  const runnerUp = Math.max(0, ...Object.entries(probs).filter(([l]) => l !== topLabel).map(([, q]) => q));
  if (screening && (screening.side === 'above') !== (screening.label === topLabel)) return 'uncertain';
  if (p - runnerUp < MIN_MARGIN || p < LIKELY) return 'uncertain';
  return p >= VERY_LIKELY ? 'very likely' : 'likely';
}

const { server, browser, page, problems } = await openApp(args.site);
const { step, state } = stepper();
const caution = (scope) => scope.locator('[data-role="accuracy-caution"]');
const words = [];

try {
  for (const name of [LOW, HIGH]) {
    const entry = entries[name];
    const below = balanced(entry) < CAUTION_BELOW;
    await step(`${name} (balanced accuracy ${(balanced(entry) * 100).toFixed(1)} %): model card ${below ? 'shows' : 'has no'} caution`, async () => {
      await pickModel(page, name);
      const card = page.locator('#model-card');
      assert.equal(await caution(card).count(), below ? 1 : 0);
      if (below) {
        assert.equal(await caution(card).textContent(),
          `This model is right only about ${Math.round(balanced(entry) * 100)} % of the time on its test images; treat its answer as a hint.`);
        assert.ok(await caution(card).isVisible());
      }
    });
    await step(`${name}: ${images[name].length} result cards, top ${entry.labels.length > 3 ? 3 : entry.labels.length} then all ${entry.labels.length} classes on demand`, async () => {
      await upload(page, images[name]);
      for (const image of images[name]) {
        const card = page.locator(`.result-card[data-file="${image.name}"]`);
        await card.waitFor({ timeout: 90000 });
        assert.equal(await card.getAttribute('data-status'), 'ok', await card.textContent());
        assert.equal(await caution(card).count(), below ? 1 : 0, `caution on ${image.name}`);
        const disclosure = card.locator('[data-role="all-classes"]');
        assert.equal(await disclosure.locator('summary').textContent(), `All ${entry.labels.length} classes`);
        if (await card.getAttribute('data-verdict') === 'withheld') await card.locator('[data-role="show-anyway"]').click();
        const bars = card.locator('.bars li');
        assert.equal(await bars.count(), entry.labels.length, 'every class is in the card');
        assert.equal(await disclosure.locator('.bars li').first().isVisible(), false, 'the rest is hidden until asked for');
        await disclosure.locator('summary').click();
        assert.equal(await disclosure.locator('.bars li').first().isVisible(), true, 'the rest is shown on demand');
        const shown = await bars.evaluateAll((items) => items.map((li) => ({ label: li.dataset.label, prob: Number(li.dataset.prob) })));
        assert.deepEqual(shown.map((b) => b.label).sort(), [...entry.labels].sort(), 'each label once');
        const probs = shown.map((b) => b.prob);
        assert.deepEqual(probs, [...probs].sort((a, b) => b - a), 'most probable first');
      }
    });
  }
  await step('certainty word: next to the top class, as the bands give it, none when out of domain; CSV/JSON carry it', async () => {
    const csv = await page.evaluate(() => window.dxlens.exportCsv());
    const [header, ...rows] = csv.trim().split('\n').map((l) => l.split(','));  // no commas in these cells
    // certainty was appended after the existing columns; the model version, hash, export time and notice come after it.
    assert.deepEqual(header.slice(-8), ['total_ms', 'scale_source', 'field_of_view', 'certainty',
      'model_version', 'model_sha256', 'exported_at', 'notice'], 'appended after the existing columns');
    const col = (row, name) => row[header.indexOf(name)];
    const json = JSON.parse(await page.evaluate(() => window.dxlens.exportJson()));
    assert.equal(rows.length, images[LOW].length + images[HIGH].length);
    for (const row of rows) {
      assert.equal(row.length, header.length, row.join(','));
      const file = col(row, 'file');
      const entry = entries[col(row, 'model')];
      const probs = Object.fromEntries(entry.labels.map((l) => [l, Number(col(row, `p_${l}`))]));
      const screening = col(row, 'screening') ? { label: col(row, 'screening_label'), side: col(row, 'screening') } : null;
      const outOfDomain = col(row, 'in_domain') === 'false';
      const expected = outOfDomain ? '' : expectedWord(probs, col(row, 'top_label'), screening);
      assert.equal(col(row, 'certainty'), expected, `${file}: p ${JSON.stringify(probs)}, screening ${JSON.stringify(screening)}`);
      assert.equal(json.results.find((r) => r.file === file).certainty, expected || null);
      const card = page.locator(`.result-card[data-file="${file}"]`);
      assert.equal(await card.getAttribute('data-certainty'), expected || null);
      const word = card.locator('[data-role="verdict"] [data-role="certainty"]');
      assert.equal(await word.count(), expected ? 1 : 0);
      if (expected) assert.equal(await word.textContent(), ` — ${expected}`);
      words.push(`${file}: ${expected || '(out of domain: none)'}`);
    }
    console.log(`  ${words.join('\n  ')}`);
    assert.ok(words.some((w) => !w.endsWith('none)')), 'at least one word was checked');
  });
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
