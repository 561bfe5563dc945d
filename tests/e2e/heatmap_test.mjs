// Heat maps that explain themselves (page-UX issue): every map has a colour
// legend drawn from the core's own ramp (its ends checked against the control
// points of core/src/postprocess/colormap.cpp, and every overlay pixel found on
// the legend), one sentence on what it shows, and what was analysed: a
// whole-image model's centre crop outlined with a note on a 600x300 image (none
// on a square one); a patch model's patches outlined one by one and the share of
// the image they cover, recomputed here from the card's patch geometry. The bars
// that switch the map are pressed buttons with a hint, and switching a class
// relabels the legend. On a slide larger than the patch model's evenly spread
// subset covers, "Analyse all tissue" gives a new card with as many patches as
// the native CLI's --all-patches on the same file, and the viewer zooms and pans
// (buttons, keys, Ctrl+wheel) with every layer moving together. Generated images
// only; skipped (77) without the models.
// usage: node tests/e2e/heatmap_test.mjs --site DIR --dxlens FILE
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gradientPng, tissuePng } from './lib/images.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, openApp, parseArgs, pickModel, repo, siteIndex, skip, stepper, upload } from './lib/suite.mjs';

const args = parseArgs();
const models = siteIndex(args.site).models;
const camModel = ['tiny_cnn', 'chest_xray'].map((n) => models.find((m) => m.name === n)).find((m) => m?.cam);
const patchModel = models.find((m) => m.name === 'histopathology');
if (!camModel && !patchModel) skip('neither tiny_cnn / chest_xray (CAM) nor histopathology is in the site');

// The core's ramp: [[at, [r, g, b]], ...] read from its source.
const source = fs.readFileSync(path.join(repo, 'core/src/postprocess/colormap.cpp'), 'utf8');
const ramp = [...source.matchAll(/\{([\d.]+)f,\s*\{([\d.]+)f,\s*([\d.]+)f,\s*([\d.]+)f\}\}/g)]
  .map((m) => [Number(m[1]), [Number(m[2]), Number(m[3]), Number(m[4])]]);
assert.ok(ramp.length >= 2 && ramp[0][0] === 0 && ramp.at(-1)[0] === 1, `colormap.cpp's control points parsed: ${JSON.stringify(ramp)}`);

// The region a shorter_side_center_crop model sees of a width x height image:
// the shorter side resized to resize_size, the input's side cut from the centre.
function centreCrop(name, width, height) {
  const manifest = JSON.parse(fs.readFileSync(path.join(args.site, 'models', name, 'manifest.json'), 'utf8'));
  assert.equal(manifest.preprocess.resize, 'shorter_side_center_crop', `${name} crops the centre`);
  const side = Math.min(width, height) * manifest.input.shape[3] / manifest.preprocess.resize_size;
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

// The union of the patch squares clipped to the image, by rasterising at 1 px
// (patch geometry is whole pixels), over the image area.
function coverageOf(geometry, width, height) {
  const covered = new Uint8Array(width * height);
  for (const [x, y, size] of geometry) {
    assert.ok([x, y, size].every(Number.isInteger), 'patch geometry in whole pixels');
    for (let row = Math.max(0, y); row < Math.min(height, y + size); row++) {
      covered.fill(1, row * width + Math.max(0, x), row * width + Math.min(width, x + size));
    }
  }
  return covered.reduce((a, b) => a + b, 0) / (width * height);
}

const { server, browser, page, problems } = await openApp(args.site);
const { step, state } = stepper();

async function drop(name, bytes) {
  await upload(page, [{ name, bytes }]);
  const card = page.locator(`.result-card[data-file="${name}"]`);
  await card.waitFor({ timeout: 90000 });
  assert.equal(await card.getAttribute('data-status'), 'ok', await card.textContent());
  if ((await card.getAttribute('data-verdict')) === 'withheld') await card.locator('[data-role="show-anyway"]').click();
  return card;
}

// The legend's colours at its two ends, and whether every overlay pixel (alpha > 0)
// of the class shown lies on the legend's ramp (within rounding).
async function legendCheck(card) {
  return card.evaluate((el) => {
    const canvas = el.querySelector('canvas[data-role="legend-ramp"]');
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, 1).data;
    const colours = [];
    for (let x = 0; x < canvas.width; x++) colours.push([d[x * 4], d[x * 4 + 1], d[x * 4 + 2]]);
    const view = el.overlayView;
    const overlay = view.overlays.get(view.selected);
    let worst = 0, pixels = 0;
    for (let i = 0; i < overlay.data.length; i += 4) {
      if (overlay.data[i + 3] === 0) continue;
      pixels++;
      let best = Infinity;
      for (const c of colours) {
        best = Math.min(best, Math.max(Math.abs(c[0] - overlay.data[i]), Math.abs(c[1] - overlay.data[i + 1]), Math.abs(c[2] - overlay.data[i + 2])));
      }
      worst = Math.max(worst, best);
    }
    return { first: colours[0], last: colours.at(-1), worst, pixels };
  });
}

// The bars: one pressed button, the hint; clicking another class relabels the
// legend and the caption. -> the label switched to.
async function switchClass(card) {
  const buttons = card.locator('.bar-button');
  assert.ok(await buttons.count() >= 2, 'at least two bars switch the map');
  const pressed = await buttons.evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-pressed')));
  assert.ok(pressed.every((p) => p === 'true' || p === 'false'), 'every bar button has aria-pressed');
  assert.equal(pressed.filter((p) => p === 'true').length, 1, 'one bar pressed');
  assert.equal(await card.locator('[data-role="bars-hint"]').count(), 1, 'one hint per card');
  assert.equal(await card.locator('[data-role="bars-hint"]').textContent(), 'Select a class to show its map');
  assert.equal(await buttons.first().evaluate((b) => getComputedStyle(b).cursor), 'pointer');
  const legend = card.locator('[data-role="legend"]');
  assert.equal(await legend.getAttribute('data-label'), await card.getAttribute('data-top-label'), 'the legend names the top class');
  const second = buttons.nth(1);
  const label = await second.evaluate((b) => b.closest('li').dataset.label);
  const name = await second.evaluate((b) => b.closest('li').dataset.displayLabel);  // the text: the display label
  await second.click();
  assert.equal(await second.getAttribute('aria-pressed'), 'true');
  assert.equal(await buttons.first().getAttribute('aria-pressed'), 'false');
  assert.equal(await legend.getAttribute('data-label'), label, 'the legend follows the class');
  assert.equal(await card.locator('[data-role="legend-class"]').textContent(), name);
  assert.ok((await card.locator('[data-role="map-caption"]').textContent()).includes(name));
  return label;
}

try {
  if (!camModel) console.log('  note: no CAM model (tiny_cnn, chest_xray) in the site: CAM steps skipped');
  else {
    await step(`${camModel.name}: a 600x300 image: legend from the core's ramp, the crop outlined, the note, the caption`, async () => {
      await pickModel(page, camModel.name);
      const card = await drop('wide.png', gradientPng(600, 300, 5));
      const legend = card.locator('[data-role="legend"]');
      assert.equal(await legend.count(), 1, 'legend present');
      assert.equal(await legend.getAttribute('data-kind'), 'cam');
      assert.equal(await card.locator('[data-role="legend-low"]').textContent(), 'low');
      assert.equal(await card.locator('[data-role="legend-high"]').textContent(), 'high');
      const l = await legendCheck(card);
      console.log(`  legend ends ${JSON.stringify(l.first)} .. ${JSON.stringify(l.last)}; ${l.pixels} CAM pixels, worst distance to the legend ${l.worst}`);
      assert.deepEqual(l.first, ramp[0][1], 'legend at 0 = the core\'s colour at 0');
      assert.deepEqual(l.last, ramp.at(-1)[1], 'legend at 1 = the core\'s colour at 1');
      assert.ok(l.pixels > 0 && l.worst <= 3, 'every CAM pixel is a legend colour');
      const top = await card.getAttribute('data-top-display-label');
      assert.equal(await card.locator('[data-role="map-caption"]').textContent(),
        `Brighter areas pushed the model towards ${top} (class activation map); it shows where, not why.`);
      const region = card.locator('canvas[data-layer="region"]');
      assert.equal(await region.count(), 1, 'crop outline drawn');
      const box = await region.evaluate((c) => ({ x: Number(c.dataset.x), y: Number(c.dataset.y), width: Number(c.dataset.width), height: Number(c.dataset.height) }));
      console.log(`  crop ${JSON.stringify(box)}`);
      for (const [k, v] of Object.entries(centreCrop(camModel.name, 600, 300))) assert.ok(Math.abs(box[k] - v) <= 1, `crop ${k} ${box[k]} vs ${v}`);
      // The outline is on the canvas: its left side, halfway down.
      const drawn = await region.evaluate((c, b) => {
        const s = c.width / 600;
        const d = c.getContext('2d').getImageData(Math.floor(b.x * s), Math.floor(c.height / 2), Math.ceil(8 * s) + 4, 1).data;
        return d.some((v, i) => i % 4 === 3 && v > 0);
      }, box);
      assert.ok(drawn, 'outline pixels at the crop\'s left side');
      assert.equal(await card.locator('[data-role="crop-note"]').textContent(), 'Only the outlined region was analysed; the edges were cropped.');
      assert.ok(await card.locator('[data-role="crop-note"]').isVisible());
      await switchClass(card);
    });
    await step(`${camModel.name}: a square image: outline and note only when the crop is smaller than the image`, async () => {
      const card = await drop('square.png', gradientPng(300, 300, 6));
      const cropped = centreCrop(camModel.name, 300, 300).width < 299.5;
      console.log(`  square 300x300: the model ${cropped ? 'crops its edges' : 'sees all of it'}`);
      assert.equal(await card.locator('canvas[data-layer="region"]').count(), cropped ? 1 : 0);
      assert.equal(await card.locator('[data-role="crop-note"]').count(), cropped ? 1 : 0);
      assert.equal(await card.locator('[data-role="legend"]').count(), 1);
    });
    await step(`${camModel.name}: a 200x800 image keeps its shape in the viewer (capped in height, narrowed too)`, async () => {
      const card = await drop('tall.png', gradientPng(200, 800, 7));
      const box = await card.locator('.viewer').boundingBox();
      console.log(`  viewer ${box.width.toFixed(0)}x${box.height.toFixed(0)} px`);
      assert.ok(Math.abs(box.width / box.height - 0.25) < 0.01, `aspect ${box.width / box.height}`);
    });
  }
  if (!patchModel) console.log('  note: histopathology is not in the site: patch steps skipped');
  else {
    await step('histopathology: a 1600x1200 slide: patch legend, each patch outlined, the coverage stated exactly', async () => {
      await pickModel(page, patchModel.name);
      const card = await drop('slide.png', tissuePng(1600, 1200, 3));
      assert.equal(await card.locator('[data-role="legend"]').getAttribute('data-kind'), 'patch-heatmap');
      assert.equal(await card.locator('[data-role="legend-low"]').textContent(), '0');
      assert.equal(await card.locator('[data-role="legend-high"]').textContent(), '1');
      const l = await legendCheck(card);
      assert.deepEqual([l.first, l.last], [ramp[0][1], ramp.at(-1)[1]], 'legend ends = the core\'s');
      assert.ok(l.pixels > 0 && l.worst <= 3, `every heat map cell is a legend colour (worst ${l.worst})`);
      const top = await card.getAttribute('data-top-display-label');
      assert.equal(await card.locator('[data-role="map-caption"]').textContent(), `Each square is one patch, coloured by its probability of ${top}.`);
      const grid = card.locator('canvas[data-layer="patches"]');
      const geometry = JSON.parse(await grid.getAttribute('data-patch-geometry'));
      assert.equal(geometry.length, Number(await card.getAttribute('data-patches')));
      const note = card.locator('[data-role="coverage"]');
      const [w, hgt] = [Number(await note.getAttribute('data-image-width')), Number(await note.getAttribute('data-image-height'))];
      assert.deepEqual([w, hgt], [1600, 1200]);
      const expected = coverageOf(geometry, w, hgt);
      const stated = Number(await note.getAttribute('data-coverage'));
      const text = await note.textContent();
      console.log(`  ${text} (recomputed: ${(100 * expected).toFixed(3)} %)`);
      assert.ok(Math.abs(stated - expected) < 1e-9, `data-coverage ${stated} vs ${expected}`);
      const m = text.match(/^(\d+) patch(?:es)? covering ([\d.]+) % of the image/);
      assert.ok(m, `coverage sentence: ${text}`);
      assert.equal(Number(m[1]), geometry.length);
      assert.equal(m[2], (100 * expected).toFixed(1));
      if (await note.getAttribute('data-tissue-coverage') !== null) assert.match(text, /% of the tissue found\)/);
      // Each patch's outline: its four sides, halfway along, clipped to the image.
      const missing = await grid.evaluate((c, { geometry, w, hgt }) => {
        const s = c.width / w;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const lw = Math.max(1, Math.round(c.width / 400));
        const opaqueNear = (x, y) => {
          for (let dy = -lw - 1; dy <= lw + 1; dy++) for (let dx = -lw - 1; dx <= lw + 1; dx++) {
            const px = Math.min(c.width - 1, Math.max(0, Math.round(x) + dx)), py = Math.min(c.height - 1, Math.max(0, Math.round(y) + dy));
            if (d[(py * c.width + px) * 4 + 3] > 0) return true;
          }
          return false;
        };
        const out = [];
        for (const [x, y, size] of geometry) {
          const x0 = Math.max(0, x) * s, y0 = Math.max(0, y) * s, x1 = Math.min(w, x + size) * s, y1 = Math.min(hgt, y + size) * s;
          const sides = [[x0 + lw / 2, (y0 + y1) / 2], [x1 - lw / 2, (y0 + y1) / 2], [(x0 + x1) / 2, y0 + lw / 2], [(x0 + x1) / 2, y1 - lw / 2]];
          if (!sides.every(([sx, sy]) => opaqueNear(sx, sy))) out.push([x, y, size]);
        }
        return out;
      }, { geometry, w, hgt });
      assert.deepEqual(missing, [], 'every patch outlined');
      await switchClass(card);
    });
    await step('histopathology: a 6000x4500 slide: "Analyse all tissue" runs every patch with tissue, as the CLI\'s --all-patches', async () => {
      const bytes = tissuePng(6000, 4500, 4);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-heatmap-')), 'big.png');
      fs.writeFileSync(file, bytes);
      const cli = (...extra) => JSON.parse(execFileSync(args.dxlens, ['classify', '--model', path.join(args.site, 'models', patchModel.name),
        '--json', file, ...extra], { encoding: 'utf8', timeout: 120000 })).patches.length;
      const [subset, all] = [cli(), cli('--all-patches')];
      assert.ok(all > subset, `the slide has more tissue patches (${all}) than the subset (${subset})`);
      const card = await drop('big.png', bytes);
      assert.equal(Number(await card.getAttribute('data-patches')), subset);
      const before = Number(await card.locator('[data-role="coverage"]').getAttribute('data-tissue-coverage'));
      const button = card.locator('[data-role="analyse-all"]');
      assert.equal(await button.count(), 1, 'offered when part of the tissue was not analysed');
      await button.click();
      const cards = page.locator('.result-card[data-file="big.png"]');
      await page.waitForFunction(() => document.querySelectorAll('.result-card[data-file="big.png"]').length === 2, null, { timeout: 180000 });
      const fresh = cards.first();
      assert.equal(await fresh.getAttribute('data-status'), 'ok', await fresh.textContent());
      assert.equal(Number(await fresh.getAttribute('data-patches')), all, 'as many patches as the CLI');
      const after = Number(await fresh.locator('[data-role="coverage"]').getAttribute('data-tissue-coverage'));
      console.log(`  ${subset} patches cover ${(100 * before).toFixed(1)} % of the tissue; all tissue: ${all} patches, ${(100 * after).toFixed(1)} %`);
      assert.ok(after > before, 'more of the tissue analysed');
      assert.equal(await fresh.locator('[data-role="analyse-all"]').count(), 0, 'not offered again');
    });
    await step('the viewer zooms and pans: buttons, keys and Ctrl+wheel move every layer together', async () => {
      const card = page.locator('.result-card[data-file="big.png"]').first();
      const viewer = card.locator('.viewer');
      const zoom = async () => Number(await viewer.getAttribute('data-zoom'));
      const transform = () => card.locator('.viewer-content').evaluate((el) => el.style.transform);
      assert.equal(await zoom(), 1);
      await card.locator('[data-role="zoom-in"]').click();
      await card.locator('[data-role="zoom-in"]').click();
      assert.equal(await zoom(), 2.25);
      assert.equal(await card.locator('[data-role="zoom-level"]').textContent(), '225 %');
      // Every layer is inside the one transformed box.
      const outside = await viewer.evaluate((v) => [...v.querySelectorAll('canvas')].filter((c) => !c.closest('.viewer-content')).length);
      assert.equal(outside, 0);
      await card.locator('[data-role="zoom-reset"]').click();
      assert.equal(await zoom(), 1);
      await viewer.focus();
      await page.keyboard.press('+');
      assert.equal(await zoom(), 1.5);
      const centred = await transform();
      await page.keyboard.press('ArrowRight');
      assert.notEqual(await transform(), centred, 'the arrow key panned');
      await page.keyboard.press('0');
      assert.equal(await zoom(), 1);
      const box = await viewer.boundingBox();
      await page.mouse.move(box.x + box.width / 4, box.y + box.height / 4);
      await page.mouse.wheel(0, 100);
      assert.equal(await zoom(), 1, 'a plain wheel scrolls the page, it does not zoom');
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      assert.ok(await zoom() > 1, `Ctrl+wheel zoomed (${await zoom()})`);
    });
  }
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
