// "Add your own model": a researcher's model, added from its files, checked by
// the core, stored in this browser and used like a shipped one.
// The models added are copies of the site's tiny test models (tiny_cnn, tiny_patch:
// WORK/site/models/) made in a temp dir under other names (manifest "name"
// my_tiny_cnn / my_tiny_patch, their files renamed to match), so the site's own
// copies never stand in for them and a request for one of their files would show.
// 1. tiny_cnn's copy through the file input: listed with " — your model", chosen,
//    its summary badged; a generated image gets a card with a CAM whose
//    probabilities equal the native CLI's (1e-5); the CSV names the model and the
//    SHA-256 of its ONNX file. The same files again, and tiny_cnn itself (a
//    shipped name): refused, naming the clash. axe (light and dark): no serious or
//    critical violation with the control open, its error and the Remove question shown.
// 2. tiny_patch's copy dropped on the control: a patch result with patches;
//    tiny_binary's copy as a folder (a one-logit binary model): its CAM, as the CLI.
//    "Make all models available offline" skips them (stored already), no error.
// 3. Offline (service worker allowed), reloaded: all still listed, and they classify.
// 4. Broken models are refused with the problem named, nothing stored or listed,
//    each announced once: invalid JSON, a missing field, labels not matching the
//    classifier, an ONNX file whose SHA-256 differs (both hashes shortened), a
//    missing ONNX file (named), no manifest, not an ONNX file, an input shape
//    the model does not have.
// 5. Remove (with its confirmation; "Keep it" first): gone from the picker, its
//    session and its stored files, and still gone after a reload.
// 6. No request carried a model: only GETs, none for the added files' names.
// usage: node tests/e2e/own_model_test.mjs --site DIR [--dxlens PATH]
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, waitForApp } from './lib/browser.mjs';
import { gradientPng, tissuePng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { canvasStats, consoleErrors, exitWithSummary, nativeProbs, parseArgs, siteIndex, stepper, upload } from './lib/suite.mjs';
import { runAxe, serious } from './lib/axe.mjs';

const args = parseArgs();
const index = siteIndex(args.site);
for (const name of ['tiny_cnn', 'tiny_patch', 'tiny_binary']) {
  if (!index.models.some((m) => m.name === name)) {
    console.error(`the site lacks ${name} (build it with tests/e2e/build_site.sh)`);
    process.exit(1);
  }
}
const TOLERANCE = 1e-5;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-own-model-'));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

// A copy of a site model as a user would bring it: manifest edited by `edit`,
// files renamed after the new name. -> {dir, files: [paths], manifest, onnx (bytes)}
function ownCopy(source, name, { edit = (m) => m, onnx = null, omit = [], manifestText = null } = {}) {
  const src = path.join(args.site, 'models', source);
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  const m = readJson(path.join(src, 'manifest.json'));
  const bytes = onnx ?? fs.readFileSync(path.join(src, m.files.fp32.path));
  const files = [];
  const write = (file, data) => {
    fs.writeFileSync(path.join(dir, file), data);
    if (!omit.includes(file)) files.push(path.join(dir, file));
  };
  m.name = name;
  m.title = `My ${source.replace('_', ' ')} (${name})`;
  m.files = { fp32: { path: `${name}.fp32.onnx`, sha256: sha256(bytes) } };
  if (m.outputs.classifier) {
    write(`${name}.classifier.json`, fs.readFileSync(path.join(src, m.outputs.classifier)));
    m.outputs.classifier = `${name}.classifier.json`;
  }
  const manifest = edit(m);
  write('manifest.json', manifestText ?? `${JSON.stringify(manifest, null, 2)}\n`);
  write(`${name}.fp32.onnx`, bytes);
  return { dir, files, manifest, onnx: bytes };
}

const cnn = ownCopy('tiny_cnn', 'my_tiny_cnn');
const patch = ownCopy('tiny_patch', 'my_tiny_patch');
const binary = ownCopy('tiny_binary', 'my_tiny_binary');
const OWN = [cnn.manifest.name, patch.manifest.name, binary.manifest.name];

const server = await startServer({ root: args.site });
const browser = await launchBrowser();
const { context, page, problems } = await openPage(browser);  // service workers allowed (step 3)
const { step, state } = stepper();
// Every request the page, its worker and the service worker make.
const requests = [];
context.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postDataBuffer()?.length ?? 0 }));

const options = () => page.$$eval('#model-select option', (os) => os.map((o) => ({ value: o.value, text: o.textContent, offline: o.dataset.offline })));
const storedNames = () => page.evaluate(() => new Promise((resolve) => {
  const open = indexedDB.open('dxlens-own-models');
  open.onupgradeneeded = () => open.transaction.abort();  // never create it here
  open.onerror = () => resolve({ entries: [], files: [] });
  open.onsuccess = () => {
    const tx = open.result.transaction(['entries', 'files']);
    const keys = { entries: null, files: null };
    for (const store of Object.keys(keys)) {
      tx.objectStore(store).getAllKeys().onsuccess = (e) => { keys[store] = e.target.result; };
    }
    tx.oncomplete = () => {
      open.result.close();
      resolve(keys);
    };
  };
}));
const sessions = async () => (await page.evaluate(() => window.dxlens.memory())).wasm.models;

// Records the announcements (#announcer, #alerts) from now on.
const recordAnnouncements = () => page.evaluate(() => {
  window.__said = [];
  window.__alerts = [];
  if (window.__recording) return;
  window.__recording = true;
  for (const [id, list] of [['announcer', '__said'], ['alerts', '__alerts']]) {
    const node = document.getElementById(id);
    new MutationObserver(() => window[list].push(node.textContent)).observe(node, { childList: true, characterData: true, subtree: true });
  }
});

// Adds files through the control (via: 'input' | 'drop' | 'folder': `files` is then
// the folder); -> the outcome {state, code, text}.
async function addModel(files, via = 'input') {
  if (!(await page.$eval('#own-model', (d) => d.open))) await page.click('#own-model > summary');  // as a user opens it
  await page.evaluate(() => {
    const status = document.getElementById('own-model-status');
    window.__ownOutcome = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (!['added', 'error'].includes(status.dataset.state)) return;
        watch.disconnect();
        resolve({ state: status.dataset.state, code: status.dataset.code ?? null, text: status.textContent });
      });
      watch.observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
    });
  });
  if (via === 'input') {
    await page.setInputFiles('#own-model-input', files);
  } else if (via === 'folder') {
    await page.setInputFiles('#own-model-folder-input', files);
  } else {
    const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
    const dataTransfer = await page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const i of items) dt.items.add(new File([Uint8Array.from(atob(i.b64), (c) => c.charCodeAt(0))], i.name));
      return dt;
    }, payload);
    await page.dispatchEvent('#own-model-drop', 'dragenter', { dataTransfer });
    await page.dispatchEvent('#own-model-drop', 'drop', { dataTransfer });
  }
  return page.evaluate(() => window.__ownOutcome);
}

// Classifies one image through the drop zone's file input; -> the result card's data and the batch record.
async function classifyOne(image) {
  await upload(page, [image]);
  const card = page.locator(`.result-card[data-file="${image.name}"]`);
  await card.waitFor({ timeout: 60000 });
  await page.evaluate(() => window.dxlens.idle());
  const status = await card.getAttribute('data-status');
  if (status !== 'ok') assert.fail(`card status ${status}: ${await card.locator('.error-message').textContent()}`);
  const record = (await page.evaluate(() => window.dxlens.results())).findLast((r) => r.file === image.name);
  return { card, record, labels: JSON.parse(await card.getAttribute('data-labels')), probs: JSON.parse(await card.getAttribute('data-probs')) };
}

// The page's probabilities against the native CLI's on the same bytes (the user's folder, fp32).
function compareNative(own, image, labels, probs) {
  const file = path.join(scratch, image.name);
  fs.writeFileSync(file, image.bytes);
  const native = nativeProbs(args.dxlens, own.dir, 'fp32', file, labels.length);
  const worst = Math.max(...labels.map((l, i) => Math.abs(probs[i] - native[l])));
  console.log(`  web ${labels.map((l, i) => `${l}=${probs[i].toFixed(5)}`).join(' ')}; max |web - native| = ${worst.toExponential(2)}`);
  labels.forEach((l, i) => assert.ok(Math.abs(probs[i] - native[l]) <= TOLERANCE, `${l}: web ${probs[i]} vs native ${native[l]}`));
}

async function waitLoaded(name) {
  await page.waitForSelector(`#model-card[data-model="${name}"][data-status="loaded"]`, { timeout: 60000 });
}

const cnnImage = { name: 'own-cnn.png', bytes: gradientPng(320, 240, 3) };
const patchImage = { name: 'own-slide.png', bytes: tissuePng(400, 300) };
let cnnOnline = null;

try {
  await step('start: the page, its service worker (the app shell saved for offline use)', async () => {
    await page.goto(server.url);
    await waitForApp(page);
    await page.waitForSelector('#status [data-field="offline"][data-state="ok"]', { timeout: 90000 });
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');
    assert.deepEqual(await storedNames(), { entries: [], files: [] });
  });

  await step('1. tiny_cnn\'s files through the file input: listed with the badge, chosen, CAM, same as the CLI, in the CSV', async () => {
    const before = await options();
    await recordAnnouncements();
    const outcome = await addModel(cnn.files);
    console.log(`  ${outcome.state}: ${outcome.text}`);
    assert.equal(outcome.state, 'added', outcome.text);
    await waitLoaded('my_tiny_cnn');
    const after = await options();
    assert.equal(after.length, before.length + 1);
    const option = after.find((o) => o.value === 'my_tiny_cnn');
    assert.match(option.text, /^My tiny cnn \(my_tiny_cnn\) \(fp32\) — your model/);
    assert.equal(await page.inputValue('#model-select'), 'my_tiny_cnn');
    await page.waitForSelector('#model-select option[value="my_tiny_cnn"][data-offline="yes"]', { state: 'attached' });
    assert.equal(await page.textContent('#model-offline'), 'Available offline');
    assert.equal(await page.textContent('#model-card [data-role="own-badge"]'), 'Your model');
    assert.ok(await page.isVisible('#model-card [data-role="remove-model"]'), 'Remove offered');
    assert.match(await page.textContent('#model-card [data-role="model-state"]'), /this browser's storage; SHA-256 verified/);
    const said = await page.evaluate(() => window.__said);
    assert.deepEqual(said.filter((t) => /^Added /.test(t)), [outcome.text], 'announced once');
    assert.deepEqual(await page.evaluate(() => window.__alerts), []);
    assert.deepEqual(await storedNames(), { entries: ['my_tiny_cnn'], files: ['my_tiny_cnn'] });

    const { card, record, labels, probs } = await classifyOne(cnnImage);
    cnnOnline = probs;
    assert.equal(await card.getAttribute('data-model'), 'my_tiny_cnn');
    assert.equal(await card.getAttribute('data-kind'), 'image');
    assert.deepEqual(labels, cnn.manifest.labels);
    compareNative(cnn, cnnImage, labels, probs);
    const heat = card.locator('canvas[data-layer="heatmap"]');
    assert.equal(await heat.count(), 1, 'a CAM');
    const s = await canvasStats(heat);
    assert.ok(s.opaque > 0 && s.colours > 1 && s.fraction > 0.5, `CAM drawn: ${JSON.stringify(s)}`);
    assert.match(await card.locator('[data-role="provenance"]').textContent(), new RegExp(cnn.manifest.files.fp32.sha256.slice(0, 16)));

    const csv = await page.evaluate(() => window.dxlens.exportCsv());
    const [head, ...rows] = csv.trim().split('\n');
    const columns = head.split(',');
    const row = rows.find((r) => r.includes('own-cnn.png')).split(',');
    assert.equal(row[columns.indexOf('model')], 'my_tiny_cnn');
    assert.equal(row[columns.indexOf('model_sha256')], sha256(cnn.onnx));
    assert.equal(row[columns.indexOf('model_version')], cnn.manifest.version);
    assert.equal(record.modelSha256, sha256(cnn.onnx));
    const json = JSON.parse(await page.evaluate(() => window.dxlens.exportJson()));
    const result = json.results.find((r) => r.file === 'own-cnn.png');
    assert.equal(result.model, 'my_tiny_cnn');
    assert.equal(result.model_sha256, sha256(cnn.onnx));
  });

  await step('1. the same model again, and a shipped model\'s name: refused, naming the clash', async () => {
    const before = await options();
    const again = await addModel(cnn.files);
    console.log(`  ${again.text}`);
    assert.equal(again.code, 'name_taken');
    assert.match(again.text, /^Not added: you already added a model named 'my_tiny_cnn'/);
    const site = path.join(args.site, 'models/tiny_cnn');
    const shipped = await addModel(['manifest.json', 'classifier.json', 'model.fp32.onnx'].map((f) => path.join(site, f)));
    console.log(`  ${shipped.text}`);
    assert.equal(shipped.code, 'name_taken');
    assert.match(shipped.text, /shipped with this page is already named 'tiny_cnn'/);
    assert.deepEqual(await options(), before);
    assert.deepEqual((await storedNames()).entries, ['my_tiny_cnn']);
  });

  await step('1. axe, light and dark: the control open with its error, the summary asking "Remove?"', async () => {
    await page.click('#model-card [data-role="remove-model"]');
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(serious(await runAxe(page, colorScheme)), [], colorScheme);
    }
    await page.emulateMedia({ colorScheme: null });
    await page.click('#model-card [data-role="remove-cancel"]');
  });

  await step('2. tiny_patch\'s files dropped on the control: a patch result with patches, same as the CLI', async () => {
    const outcome = await addModel(patch.files, 'drop');
    console.log(`  ${outcome.state}: ${outcome.text}`);
    assert.equal(outcome.state, 'added', outcome.text);
    await waitLoaded('my_tiny_patch');
    assert.match((await options()).find((o) => o.value === 'my_tiny_patch').text, / — your model/);
    const { card, labels, probs } = await classifyOne(patchImage);
    assert.equal(await card.getAttribute('data-model'), 'my_tiny_patch');
    assert.equal(await card.getAttribute('data-kind'), 'patch');
    const patches = Number(await card.getAttribute('data-patches'));
    console.log(`  ${patches} patches`);
    assert.ok(patches > 1, `patches: ${patches}`);
    compareNative(patch, patchImage, labels, probs);
  });

  await step('2. tiny_binary\'s folder ("Choose a model folder"): a one-logit binary model, its CAM, same as the CLI', async () => {
    const outcome = await addModel(binary.dir, 'folder');
    console.log(`  ${outcome.state}: ${outcome.text}`);
    assert.equal(outcome.state, 'added', outcome.text);
    await waitLoaded('my_tiny_binary');
    const image = { name: 'own-binary.png', bytes: gradientPng(200, 160, 7) };
    const { card, labels, probs } = await classifyOne(image);
    assert.equal(await card.getAttribute('data-model'), 'my_tiny_binary');
    assert.deepEqual(labels, binary.manifest.labels);
    compareNative(binary, image, labels, probs);
    assert.equal(await card.locator('canvas[data-layer="heatmap"]').count(), 1, 'a CAM');
    assert.deepEqual((await storedNames()).entries.sort(), [...OWN].sort());
  });

  await step('2. "Make all models available offline" skips the added models (stored already)', async () => {
    await page.click('#offline-all-start');
    await page.waitForSelector('#offline-all[data-state="done"]', { timeout: 180000 });
    const run = await page.evaluate(() => window.dxlens.offline.lastRun());
    const summary = await page.textContent('#offline-all-summary');
    console.log(`  ${summary} (${run.attempted} downloaded)`);
    const total = index.models.length + OWN.length;
    assert.equal(summary.startsWith(`${total} of ${total} models available offline`), true, summary);
    assert.deepEqual(run.failed, []);
    assert.equal(await page.locator('#offline-all-errors li').count(), 0);
    for (const o of await options()) assert.equal(o.offline, 'yes', o.value);
  });

  await step('3. offline, reloaded: the added models listed, and they classify', async () => {
    await context.setOffline(true);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    const listed = await options();
    for (const name of OWN) assert.match(listed.find((o) => o.value === name)?.text ?? '', / — your model/, name);
    await page.selectOption('#model-select', 'my_tiny_cnn');
    await waitLoaded('my_tiny_cnn');
    await page.waitForSelector('#status [data-field="offline"][data-model-offline="yes"]');
    assert.equal(await page.textContent('#status [data-field="offline"]'), 'Offline — chosen model available offline');
    const { probs } = await classifyOne({ ...cnnImage, name: 'offline-cnn.png' });
    probs.forEach((p, i) => assert.ok(Math.abs(p - cnnOnline[i]) < 1e-6, `class ${i}: ${p} vs ${cnnOnline[i]}`));
    await page.selectOption('#model-select', 'my_tiny_patch');
    await waitLoaded('my_tiny_patch');
    const { card } = await classifyOne({ ...patchImage, name: 'offline-slide.png' });
    assert.ok(Number(await card.getAttribute('data-patches')) > 1);
    await context.setOffline(false);
  });

  // Each broken model: its files, the error code and what the message must say.
  const bad = (name, options) => ownCopy('tiny_cnn', name, options);
  const flipped = Buffer.from(cnn.onnx);
  flipped[flipped.length - 100] ^= 0xff;
  const notOnnx = Buffer.from('this is a text file, not an ONNX model\n'.repeat(20));
  const shaDamaged = bad('my_bad_hash', { onnx: flipped, edit: (m) => ({ ...m, files: { fp32: { ...m.files.fp32, sha256: sha256(cnn.onnx) } } }) });
  const CASES = [
    { what: 'invalid JSON', own: bad('my_bad_json', { manifestText: '{"name": "my_bad_json", "labels": [' }), code: 'manifest', says: /^Not added: manifest: invalid JSON/ },
    { what: 'a required field missing', own: bad('my_bad_field', { edit: ({ labels, ...m }) => m }), code: 'manifest', says: /missing field 'labels'/ },
    { what: 'labels not matching the classifier', own: bad('my_bad_labels', { edit: (m) => ({ ...m, labels: [...m.labels, 'extra'] }) }),
      code: 'manifest', says: /'weight' has 3 rows but the manifest has 4 labels/ },
    { what: 'an ONNX file whose SHA-256 differs', own: shaDamaged, code: 'integrity',
      says: new RegExp(`failed its integrity check: SHA-256 ${sha256(flipped).slice(0, 16)}… does not match the manifest's ${sha256(cnn.onnx).slice(0, 16)}…`) },
    { what: 'the ONNX file missing', own: bad('my_bad_missing', { omit: ['my_bad_missing.fp32.onnx'] }), code: 'missing_file',
      says: /missing ONNX file my_bad_missing\.fp32\.onnx/ },
    { what: 'no manifest', own: bad('my_bad_nomanifest', { omit: ['manifest.json'] }), code: 'missing_file', says: /missing manifest\.json/ },
    { what: 'not an ONNX file', own: bad('my_bad_notonnx', { onnx: notOnnx }), code: 'session', says: /could not load my_bad_notonnx\.fp32\.onnx \(not an ONNX file/ },
    { what: 'an input shape the model does not have', own: bad('my_bad_shape', { edit: (m) => ({ ...m, input: { ...m.input, shape: [-1, 3, 32, 32] } }) }),
      code: 'model_mismatch', says: /model input 'input' has shape/ },
  ];

  for (const c of CASES) {
    await step(`4. ${c.what}: refused, the problem named, announced once, nothing stored`, async () => {
      const before = { options: await options(), stored: await storedNames(), sessions: (await sessions()).sort() };
      await recordAnnouncements();
      const outcome = await addModel(c.own.files);
      console.log(`  [${outcome.code}] ${outcome.text}`);
      assert.equal(outcome.state, 'error');
      assert.equal(outcome.code, c.code);
      assert.match(outcome.text, c.says);
      assert.equal(await page.getAttribute('#own-model-status', 'data-state'), 'error');
      assert.ok(await page.isVisible('#own-model-status'), 'shown next to the control');
      assert.deepEqual(await page.evaluate(() => window.__alerts), [outcome.text], 'announced once');
      assert.deepEqual(await options(), before.options, 'the picker is unchanged');
      assert.deepEqual(await storedNames(), before.stored, 'nothing stored');
      assert.deepEqual((await sessions()).sort(), before.sessions, 'no session kept');
    });
  }

  await step('5. Remove (Keep it first, then Remove): gone from the picker, its session and storage; still gone after a reload', async () => {
    await page.selectOption('#model-select', 'my_tiny_cnn');
    await waitLoaded('my_tiny_cnn');
    await page.click('#model-card [data-role="remove-model"]');
    assert.ok(await page.isVisible('#model-card [data-role="remove-confirm"]'), 'asks first');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.role), 'remove-cancel', 'the focus on Keep it');
    await page.click('#model-card [data-role="remove-cancel"]');
    assert.ok(await page.isHidden('#model-card [data-role="remove-confirm"]'));
    assert.ok((await options()).some((o) => o.value === 'my_tiny_cnn'), 'kept');
    await recordAnnouncements();
    await page.click('#model-card [data-role="remove-model"]');
    await page.click('#model-card [data-role="remove-confirm"]');
    await page.waitForSelector('#model-select option[value="my_tiny_cnn"]', { state: 'detached' });
    await page.waitForSelector('#model-card[data-status="loaded"]', { timeout: 60000 });
    assert.notEqual(await page.inputValue('#model-select'), 'my_tiny_cnn');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'model-select');
    assert.ok((await page.evaluate(() => window.__said)).includes('My tiny cnn (my_tiny_cnn) was removed from this browser.'));
    assert.ok(!(await sessions()).includes('my_tiny_cnn'), 'session unloaded');
    const rest = OWN.filter((n) => n !== 'my_tiny_cnn');
    assert.deepEqual(await storedNames(), { entries: rest.toSorted(), files: rest.toSorted() });
    await page.reload();
    await waitForApp(page);
    const listed = (await options()).map((o) => o.value);
    assert.ok(!listed.includes('my_tiny_cnn'), 'still gone after a reload');
    for (const name of rest) assert.ok(listed.includes(name), name);
    // The others too: nothing of them is left.
    for (const name of rest) {
      await page.selectOption('#model-select', name);
      await waitLoaded(name);
      await page.click('#model-card [data-role="remove-model"]');
      await page.click('#model-card [data-role="remove-confirm"]');
      await page.waitForSelector(`#model-select option[value="${name}"]`, { state: 'detached' });
    }
    await page.reload();
    await waitForApp(page);
    assert.ok(!(await options()).some((o) => OWN.includes(o.value)));
    assert.deepEqual(await storedNames(), { entries: [], files: [] });
  });

  await step('6. no request carried a model: only GETs, none for an added file', async () => {
    const names = [...OWN, 'my_bad_'];
    const posts = requests.filter((r) => r.method !== 'GET' || r.body > 0);
    const named = requests.filter((r) => names.some((n) => decodeURIComponent(r.url).includes(n)));
    console.log(`  ${requests.length} requests seen (${requests.filter((r) => r.url.includes('/vendor/ort/')).length} for ONNX Runtime, fetched by the worker)`);
    assert.deepEqual(posts, [], 'a request with a body');
    assert.deepEqual(named, [], 'a request for an added file');
    assert.ok(requests.every((r) => r.url.startsWith(server.url) || r.url.startsWith('blob:') || r.url.startsWith('data:')), 'a request off the site');
  });

  await step('no page errors (failed requests while offline are not errors here)', async () => {
    assert.deepEqual(consoleErrors(problems).filter((m) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::|Failed to load resource/.test(m)), []);
  });
} finally {
  await context.setOffline(false).catch(() => {});
  if (state.failed || process.env.VERBOSE) console.log(problems.log.join('\n'));
  await browser.close();
  await server.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
exitWithSummary(state);
