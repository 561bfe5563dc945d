// Loads the browser build of the core (dxlens_core.mjs) in node and checks the
// JS/WASM boundary: results, error objects instead of crashes, and that memory
// stays flat over many calls (every handle released, no buffer left behind).
// usage: node --no-experimental-fetch module_test.mjs <dxlens_core.mjs> <fixture dir>
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { encodePng, pngHeaderOnly } from './png_writer.mjs';

const [modulePath] = process.argv.slice(2);
// The ES6 build refers to require/__dirname when it runs under node.
globalThis.require = createRequire(import.meta.url);
globalThis.__dirname = path.dirname(path.resolve(modulePath));
const { default: createDxlensCore } = await import(path.resolve(modulePath));
const core = await createDxlensCore({
  wasmBinary: fs.readFileSync(path.resolve(modulePath).replace(/\.mjs$/, '.wasm')),
});

let passed = 0;
function test(name, body) {
  body();
  passed++;
  console.log(`ok - ${name}`);
}
function ok(result) {
  assert.equal(result.error, undefined, `unexpected error: ${result.error}`);
  return result;
}

const manifest = {
  name: 'wasm-test', version: '0.0.1', task: 'single_label', labels: ['a', 'b', 'c'], top_k: 3,
  input: { name: 'input', shape: [-1, 3, 32, 32], layout: 'NCHW', dtype: 'float32', color: 'rgb' },
  preprocess: { resize: 'shorter_side_center_crop', resize_size: 36, filter: 'bilinear',
    mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.1] },
  outputs: { logits: 'logits', features: 'features', classifier: 'classifier.json' },
  files: { fp32: { path: 'model.fp32.onnx', sha256: 'a'.repeat(64) } },
};
const classifier = { weight: [[1, 0], [0, 1], [1, 1]], bias: [0, 0, 0] };
const patchManifest = {
  ...manifest, name: 'wasm-patch-test',
  outputs: { logits: 'logits' },
  patch: { size: 32, stride: 32, downscale: 1, mask: 'saturation', min_foreground: 0.5, max_patches: 0,
    batch_size: 4, aggregate: 'mean' },
};

function solidPng(width, height, rgb) {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set(rgb, i * 3);
  return encodePng(width, height, 3, pixels);
}

// A white "slide" with a saturated pink block covering the left half.
function slidePng(width, height) {
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set(x < width / 2 ? [200, 60, 150] : [245, 245, 245], (y * width + x) * 3);
    }
  }
  return encodePng(width, height, 3, pixels);
}

test('version is a string', () => {
  assert.match(core.version(), /^\d+\.\d+\.\d+$/);
});

const model = ok(core.openModel(JSON.stringify(manifest), JSON.stringify(classifier)));
const patchModel = ok(core.openModel(JSON.stringify(patchManifest), ''));

test('openModel returns the manifest summary', () => {
  assert.deepEqual(model.labels, ['a', 'b', 'c']);
  assert.deepEqual(model.inputShape, [-1, 3, 32, 32]);
  assert.equal(model.hasCam, true);
  assert.equal(patchModel.isPatchModel, true);
});

test('decode + preprocess a solid image gives the normalised colour everywhere', () => {
  const image = ok(core.decodeImage(solidPng(50, 40, [255, 128, 0]), 0));
  assert.equal(image.width, 50);
  assert.equal(image.height, 40);
  const input = ok(core.preprocess(image.handle, model.handle));
  assert.deepEqual(input.shape, [1, 3, 32, 32]);
  assert.ok(input.data instanceof Float32Array);
  assert.equal(input.data.length, 3 * 32 * 32);
  const expected = [(1 - 0.5) / 0.25, (128 / 255 - 0.4) / 0.2, (0 - 0.3) / 0.1];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < 32 * 32; i++) {
      assert.ok(Math.abs(input.data[c * 1024 + i] - expected[c]) < 1e-4, `channel ${c}`);
    }
  }
  ok(core.releaseImage(image.handle));
});

test('classifyOutput: softmax probabilities and top-k', () => {
  const [result] = ok(core.classifyOutput(model.handle, new Float32Array([2, 0, -1]), 1));
  const z = Math.exp(2) + Math.exp(0) + Math.exp(-1);
  assert.ok(Math.abs(result.probs[0] - Math.exp(2) / z) < 1e-6);
  assert.deepEqual(result.top.map((t) => t.label), ['a', 'b', 'c']);
  const sum = result.probs.reduce((s, p) => s + p, 0);
  assert.ok(Math.abs(sum - 1) < 1e-6);
});

test('CAM overlay is RGBA at the requested size and not flat', () => {
  // Channel 0 is hot on the left column, channel 1 on the right: class 0 (weight [1,0]) follows channel 0.
  const features = new Float32Array([1, 0, 1, 0, 0, 1, 0, 1]);
  const overlay = ok(core.classActivationOverlay(model.handle, features, [1, 2, 2, 2], 0, 8, 8, 0.6));
  assert.equal(overlay.data.length, 8 * 8 * 4);
  const left = overlay.data.slice(0, 4);
  const right = overlay.data.slice(7 * 4, 8 * 4);
  assert.ok(left[0] > right[0], 'left (hot) is redder than right');
  assert.ok(right[2] > left[2], 'right (cold) is bluer than left');
});

test('patch model: sampling keeps tissue patches, batches and aggregates them', () => {
  const image = ok(core.decodeImage(slidePng(128, 64), 0));
  const sampled = ok(core.samplePatches(image.handle, patchModel.handle));
  assert.ok(sampled.patches.length > 0);
  for (const p of sampled.patches) assert.ok(p.x < 64, `patch at x=${p.x} lies on background`);
  assert.ok(sampled.mask.data.length === sampled.mask.width * sampled.mask.height);
  const batch = ok(core.patchBatch(image.handle, patchModel.handle, sampled.patches, 0, sampled.patches.length));
  assert.deepEqual(batch.shape, [sampled.patches.length, 3, 32, 32]);
  const probs = new Float32Array(sampled.patches.length * 3);
  sampled.patches.forEach((_, i) => probs.set([0.7, 0.2, 0.1], i * 3));
  const verdict = ok(core.aggregatePatches(patchModel.handle, probs, sampled.patches, 128, 64, 8));
  assert.ok(Math.abs(verdict.probs[0] - 0.7) < 1e-6);
  assert.equal(verdict.top[0].label, 'a');
  assert.equal(verdict.heatmap.width, 16);
  ok(core.releaseImage(image.handle));
});

test('bad input gives error objects, never a crash', () => {
  assert.match(core.decodeImage(new Uint8Array(0), 0).error, /empty/i);
  assert.match(core.decodeImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), 0).error, /format|unsupported|unknown/i);
  const truncated = solidPng(20, 20, [1, 2, 3]).subarray(0, 60);
  assert.ok(core.decodeImage(truncated, 0).error);
  assert.match(core.decodeImage(pngHeaderOnly(60000, 60000), 0).error, /megapixel/i);
  assert.match(core.preprocess(9999, model.handle).error, /image handle/);
  assert.match(core.openModel('{"name": 1}', '').error, /manifest/);
  assert.match(core.openModel('not json', '').error, /manifest|json/i);
  assert.ok(core.classifyOutput(model.handle, new Float32Array([1, 2]), 1).error);
});

test('imagePreviewRGBA scales the longer side down, keeps colour, never enlarges', () => {
  const image = ok(core.decodeImage(solidPng(400, 100, [255, 128, 0]), 0));
  const preview = ok(core.imagePreviewRGBA(image.handle, 200));
  assert.equal(preview.width, 200);
  assert.equal(preview.height, 50);
  assert.equal(preview.data.length, 200 * 50 * 4);
  assert.deepEqual([...preview.data.slice(0, 4)], [255, 128, 0, 255]);
  const same = ok(core.imagePreviewRGBA(image.handle, 4000));
  assert.equal(same.width, 400);
  assert.ok(core.imagePreviewRGBA(image.handle, 0).error);
  ok(core.releaseImage(image.handle));
});

test('memory stays flat over 300 classifications and 5 model switches', () => {
  const png = solidPng(300, 200, [10, 200, 30]);
  const cycle = () => {
    const image = ok(core.decodeImage(png, 0));
    ok(core.preprocess(image.handle, model.handle));
    ok(core.classifyOutput(model.handle, new Float32Array([0.1, 0.2, 0.3]), 1));
    ok(core.releaseImage(image.handle));
    core.decodeImage(pngHeaderOnly(60000, 60000), 0);  // error path too
  };
  for (let i = 0; i < 20; i++) cycle();
  const before = core.memoryStats();
  for (let i = 0; i < 300; i++) cycle();
  for (let i = 0; i < 5; i++) ok(core.closeModel(ok(core.openModel(JSON.stringify(manifest), JSON.stringify(classifier))).handle));
  const after = core.memoryStats();
  console.log(`  heap in use: ${before.heapBytesInUse} -> ${after.heapBytesInUse} bytes`);
  assert.equal(after.liveImages, 0);
  assert.equal(after.liveModels, before.liveModels);
  assert.ok(after.heapBytesInUse - before.heapBytesInUse <= 4096, 'heap grew');
});

ok(core.closeModel(model.handle));
ok(core.closeModel(patchModel.handle));
assert.equal(core.memoryStats().liveModels, 0);
console.log(`${passed} passed`);
