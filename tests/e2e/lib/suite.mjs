// Shared plumbing of the e2e suite (tests/e2e/*_test.mjs, run by ctest, label
// "e2e"): argument parsing, the step runner, skips, test images (real ones read
// from ../shared/data at test time when present, else generated), the native
// CLI as the reference, and canvas pixel checks.
//   node tests/e2e/<name>_test.mjs --site DIR [--dxlens PATH] [--data DIR] [--work DIR] [extra args]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, waitForApp } from './browser.mjs';
import { gradientPng, greyPng, tissuePng } from './images.mjs';
import { startServer } from './server.mjs';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SKIP = 77;  // ctest SKIP_RETURN_CODE

export function parseArgs(argv = process.argv.slice(2)) {
  const args = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) args[argv[i].slice(2)] = argv[i + 1]?.startsWith('--') || i + 1 >= argv.length ? true : argv[++i];
    else args._.push(argv[i]);
  }
  args.site = path.resolve(args.site ?? path.join(repo, 'build/e2e/site'));
  args.dxlens = path.resolve(args.dxlens ?? path.join(repo, 'build/native/dxlens'));
  args.data = path.resolve(args.data ?? path.join(repo, '../shared/data'));
  if (!fs.existsSync(path.join(args.site, 'models/index.json'))) {
    console.error(`site ${args.site} is not built (the e2e_site fixture builds it: tools/build_web.sh)`);
    process.exit(1);
  }
  return args;
}

export function skip(message) {
  console.log(`SKIP: ${message}`);
  process.exit(SKIP);
}

// Runs named steps, logs "ok"/"not ok" with durations, and remembers failures.
export function stepper() {
  const state = { failed: 0, passed: 0 };
  const step = async (name, body) => {
    const t0 = Date.now();
    try {
      await body();
      state.passed++;
      console.log(`ok - ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      state.failed++;
      console.log(`not ok - ${name} (${Date.now() - t0} ms): ${e.stack ?? e}`);
    }
  };
  return { step, state };
}

export function siteIndex(site) {
  return JSON.parse(fs.readFileSync(path.join(site, 'models/index.json'), 'utf8'));
}

// The files of ../shared/data/<domain>/test (or samples/), sorted, or [] when absent.
export function datasetImages(dataRoot, domain, { split = 'test', limit = Infinity, perClass = Infinity } = {}) {
  const dir = path.join(dataRoot, domain, split);
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const cls of fs.readdirSync(dir).sort()) {
    const clsDir = path.join(dir, cls);
    if (!fs.statSync(clsDir).isDirectory()) continue;
    const files = fs.readdirSync(clsDir).filter((f) => /\.(png|jpe?g|bmp)$/i.test(f)).sort().slice(0, perClass);
    for (const f of files) out.push({ path: path.join(clsDir, f), name: `${cls}__${f}`, label: cls });
  }
  return out.slice(0, limit);
}

// Test images for a model: generated ones (always) and, when the data set is
// present, real ones read at test time. Patch models get slide-like images
// (breast_histopathology samples when present); the generated slide is wide
// enough for several patches at the histopathology model's reference scale
// (768 px a patch: core/include/dxlens/scale.h), so its heatmap has patches to
// tell apart. Each: {name, bytes, source}.
export function imagesForModel(entry, dataRoot, { real = 1 } = {}) {
  const images = [];
  if (entry.patch) {
    images.push({ name: `${entry.name}-slide.png`, bytes: tissuePng(1600, 1200), source: 'generated H&E-like slide' });
    const samples = datasetImages(dataRoot, 'breast_histopathology', { split: 'samples', perClass: 1, limit: real });
    if (samples.length === 0) console.log(`  note: ${path.join(dataRoot, 'breast_histopathology')} absent; generated slide only`);
    for (const s of samples) images.push({ name: s.name, bytes: fs.readFileSync(s.path), source: s.path });
  } else {
    const grey = entry.input?.[1] === 1 || entry.input?.[3] === 1;
    images.push({ name: `${entry.name}-gen.png`, bytes: grey ? greyPng(300, 260) : gradientPng(320, 240, 3), source: 'generated' });
    const files = datasetImages(dataRoot, entry.name, { perClass: 1, limit: real });
    if (files.length === 0) console.log(`  note: ${path.join(dataRoot, entry.name, 'test')} absent; generated image only`);
    for (const f of files) images.push({ name: f.name, bytes: fs.readFileSync(f.path), source: f.path });
  }
  return images;
}

// The native CLI's classification of one image file: {label: prob} over all classes.
export function nativeProbs(dxlens, modelDir, variant, imagePath, classes) {
  const out = execFileSync(dxlens, ['classify', '--model', modelDir, '--variant', variant, '--top-k', String(classes),
    '--json', imagePath], { encoding: 'utf8', timeout: 60000 });
  const j = JSON.parse(out);
  if (j.error) throw new Error(`native CLI: ${j.error}`);
  return Object.fromEntries(j.top.map((t) => [t.label, t.prob]));
}

// Pixel statistics of a canvas in the page: how many pixels are not fully
// transparent, and how many distinct colours they have (sampled).
export async function canvasStats(locator) {
  return locator.evaluate((canvas) => {
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let opaque = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      opaque++;
      if (colours.size < 1000) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2] | 0);
    }
    return { width, height, opaque, fraction: opaque / (width * height), colours: colours.size };
  });
}

// The focused element: a short key ("button#drop-zone", "input[data-role=opacity]"),
// whether it is visible, and its focus indicator: a computed outline (style not
// none, width > 0, colour not transparent) or a box-shadow; `contrast` is the
// outline colour's contrast ratio against the page background (null without one).
export async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { key: 'body', visible: false, indicator: false, contrast: null };
    const cs = getComputedStyle(el);
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
      .reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && (rgb(cs.outlineColor)[3] ?? 1) > 0;
    let contrast = null;
    if (outline) {
      const [a, b] = [lum(rgb(cs.outlineColor)), lum(rgb(getComputedStyle(document.body).backgroundColor))].sort((x, y) => y - x);
      contrast = (a + 0.05) / (b + 0.05);
    }
    const r = el.getBoundingClientRect();
    const role = el.dataset.role ? `[data-role=${el.dataset.role}]` : '';
    return {
      key: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${role}${el.classList.length ? `.${el.classList[0]}` : ''}`,
      visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && r.width > 1 && r.height > 1,
      indicator: outline || cs.boxShadow !== 'none',
      outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
      contrast,
    };
  });
}

// Uploads files through the page's file input, as a user would.
export async function upload(page, images) {
  await page.setInputFiles('#file-input', images.map((i) => ({
    name: i.name, mimeType: /\.jpe?g$/i.test(i.name) ? 'image/jpeg' : 'image/png', buffer: Buffer.from(i.bytes),
  })));
}

// Picks a model in the <select> as a user would and waits until it is loaded.
export async function pickModel(page, name, { timeout = 90000 } = {}) {
  await page.selectOption('#model-select', name);
  await page.waitForSelector(`#model-card[data-model="${name}"][data-status="loaded"]`, { timeout });
}

export const sum = (xs) => xs.reduce((a, b) => a + b, 0);
export const mb = (bytes) => (bytes / 1048576).toFixed(2);

// Page errors and console errors, less the one Playwright itself causes when a
// context blocks service workers (its stub register() resolves to undefined).
export function consoleErrors(problems) {
  return [...problems.page, ...problems.console].filter((m) => !/reading 'waiting'/.test(m));
}

// The last step of every session: the page and its workers logged no errors.
export async function checkNoPageErrors(step, problems) {
  await step('no page or console errors', async () => {
    assert.deepEqual(consoleErrors(problems), []);
  });
}

// The end every e2e script shares: the page log when a step failed (or with
// VERBOSE), then the browser and the server closed.
export async function closeSession(state, problems, browser, server) {
  if (state.failed || process.env.VERBOSE) console.log(problems.log.join('\n'));
  await browser.close();
  await server.stop();
}

// The opening every session shares: a served site, a browser (service workers
// blocked unless `context` says otherwise; `context`: openPage's options), the
// app started in it and, with `model`, that model selected and loaded
// (window.dxlens.selectModel). close(state): closeSession's end.
//   const { page, problems, close } = await openApp(args.site, { model: 'tiny_cnn' });
export async function openApp(site, { model = null, context = {} } = {}) {
  const server = await startServer({ root: site });
  const { browser, page, problems } = await launch({ serviceWorkers: 'block', ...context });
  const close = (state) => closeSession(state, problems, browser, server);
  try {
    await page.goto(server.url);
    await waitForApp(page);
    if (model) await page.evaluate((n) => window.dxlens.selectModel(n), model);
  } catch (e) {
    await close({ failed: 1 });
    throw e;
  }
  return { server, browser, page, problems, close };
}

// The summary line and the exit status ctest reads.
export function exitWithSummary(state) {
  console.log(`${state.passed} passed, ${state.failed} failed`);
  process.exit(state.failed ? 1 : 0);
}
