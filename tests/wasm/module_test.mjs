// Loads the browser build of the core (dxlens_core.mjs) in node and checks the
// JS/WASM boundary: the pipeline API driven as the page's worker drives it
// (a plain function stands in for ONNX Runtime), error objects with a kind
// instead of crashes, and that memory stays flat over many runs (every handle
// released, no buffer left behind), CAM overlays, patch runs and previews included.
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
  assert.equal(result.error, undefined, `unexpected error: ${result.error} (${result.kind})`);
  return result;
}
function fails(result, kind, pattern = null) {
  assert.ok(result && result.error !== undefined, `expected a ${kind} error, got ${JSON.stringify(result)}`);
  assert.equal(result.kind, kind, `kind of "${result.error}"`);
  if (pattern) assert.match(result.error, pattern);
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
const binaryManifest = { ...manifest, name: 'wasm-binary-test', task: 'binary', labels: ['normal', 'abnormal'], top_k: 2 };
const binaryClassifier = { weight: [[1, -1]], bias: [0] };

// What ONNX Runtime Web would report for a graph matching `m` (2 feature channels, 4x4 map).
function signatureOf(m, logits) {
  const outputs = [{ name: 'logits', shape: ['batch', logits], type: 'float32' }];
  if (m.outputs.features) outputs.push({ name: 'features', shape: ['batch', 2, 4, 4], type: 'float32' });
  return { inputs: [{ name: 'input', shape: ['batch', 3, 32, 32], type: 'float32' }], outputs };
}

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

// The fake runtime: logits per sample from `logitsFor(sampleIndex)`, and a
// feature map whose channel 0 is hot on the left column, channel 1 on the right.
function fakeRun(request, logitsFor, classes) {
  const batch = request.input.shape[0];
  const logits = new Float32Array(batch * classes);
  for (let b = 0; b < batch; b++) logits.set(logitsFor(b), b * classes);
  const outputs = [logits];
  const shapes = [[batch, classes]];
  if (request.outputs.includes('features')) {
    const features = new Float32Array(batch * 2 * 16);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < 16; i++) {
        features[b * 32 + i] = i % 4 === 0 ? 1 : 0;
        features[b * 32 + 16 + i] = i % 4 === 3 ? 1 : 0;
      }
    }
    outputs.push(features);
    shapes.push([batch, 2, 4, 4]);
  }
  return { outputs, shapes };
}

// pipelineFinish's pixels are views into the module's memory, valid until the
// next call: copy them, as the worker does.
function ownPixels(result) {
  for (const image of result.images) {
    for (const o of [image.preview, image.tissue, ...image.overlays]) if (o) o.data = o.data.slice();
  }
  return result;
}

// The worker's loop (web/worker/run-pipeline.js) with the fake runtime.
function classify(modelHandle, bytes, options, logitsFor, classes) {
  const run = ok(core.pipelineStart(modelHandle, bytes, options));
  const requests = [];
  try {
    for (;;) {
      const request = ok(core.pipelineNext(run.handle));
      if (request.done) break;
      requests.push(request);
      const { outputs, shapes } = fakeRun(request, logitsFor, classes);
      ok(core.pipelineSubmit(run.handle, outputs, shapes, 1.25));
    }
    return { run, requests, result: ownPixels(ok(core.pipelineFinish(run.handle))) };
  } finally {
    ok(core.pipelineRelease(run.handle));
  }
}

test('version is a string; limits come from the core', () => {
  assert.match(core.version(), /^\d+\.\d+\.\d+$/);
  const limits = core.limits();
  assert.equal(limits.maxFileBytes, 64 * 1024 * 1024);
  assert.equal(limits.maxPixels, 100_000_000);
  assert.ok(limits.maxPatches > 0);
});

const model = ok(core.openModel(JSON.stringify(manifest), JSON.stringify(classifier), ''));
const patchModel = ok(core.openModel(JSON.stringify(patchManifest), '', ''));
const binaryModel = ok(core.openModel(JSON.stringify(binaryManifest), JSON.stringify(binaryClassifier), ''));

test('openModel returns the manifest summary', () => {
  assert.deepEqual(model.labels, ['a', 'b', 'c']);
  assert.equal(model.inputName, 'input');
  assert.equal(model.hasCam, true);
  assert.equal(model.isPatchModel, false);
  assert.equal(patchModel.isPatchModel, true);
  assert.equal(patchModel.aggregate, 'mean');
});

test('checkModel: the runtime signature against the manifest', () => {
  ok(core.checkModel(model.handle, signatureOf(manifest, 3)));
  ok(core.checkModel(binaryModel.handle, signatureOf(binaryManifest, 1)));
  fails(core.checkModel(model.handle, signatureOf(manifest, 4)), 'model_mismatch');
  const renamed = signatureOf(manifest, 3);
  renamed.outputs[0].name = 'scores';
  fails(core.checkModel(model.handle, renamed), 'model_mismatch', /logits/);
  const uint8 = signatureOf(manifest, 3);
  uint8.inputs[0].type = 'uint8';
  fails(core.checkModel(model.handle, uint8), 'model_mismatch');
});

test('probeImage reads the header only', () => {
  const info = ok(core.probeImage(solidPng(50, 40, [1, 2, 3])));
  assert.equal(info.format, 'PNG');
  assert.equal(info.width, 50);
  assert.equal(info.height, 40);
});

test('pipeline, whole image: normalised input, softmax, top-k, CAM overlays placed, preview', () => {
  const { run, requests, result } = classify(model.handle, solidPng(50, 40, [255, 128, 0]),
    { overlayClasses: 2, previewSide: 25 }, () => [2, 0, -1], 3);
  assert.deepEqual([run.width, run.height, run.format], [50, 40, 'PNG']);
  assert.equal(requests.length, 1);
  const { input } = requests[0];
  assert.deepEqual(input.shape, [1, 3, 32, 32]);
  assert.equal(input.dtype, 'float32');
  assert.ok(input.data instanceof Float32Array);
  assert.deepEqual(requests[0].outputs, ['logits', 'features']);
  const expected = [(1 - 0.5) / 0.25, (128 / 255 - 0.4) / 0.2, (0 - 0.3) / 0.1];
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < 32 * 32; i++) assert.ok(Math.abs(input.data[c * 1024 + i] - expected[c]) < 1e-4, `channel ${c}`);
  }
  const [image] = result.images;
  const z = Math.exp(2) + Math.exp(0) + Math.exp(-1);
  assert.ok(Math.abs(image.probs[0] - Math.exp(2) / z) < 1e-6);
  assert.deepEqual(image.top.map((t) => t.label), ['a', 'b', 'c']);
  assert.equal(image.overlayKind, 'cam');
  assert.equal(image.overlays.length, 2);
  const [cam] = image.overlays;
  assert.equal(cam.classIndex, 0);
  assert.equal(cam.label, 'a');
  assert.deepEqual([cam.width, cam.height, cam.data.length], [4, 4, 4 * 4 * 4], 'CAM at feature-map resolution');
  assert.ok(cam.data[0] > cam.data[3 * 4], 'class a follows channel 0: left (hot) redder than right');
  // Shorter side to 36 (scale 0.9), centre crop 32: the input covers a centred 32/0.9-pixel square of the source.
  const { x, y, width, height } = cam.placement;
  assert.ok(Math.abs(width - 32 / 0.9) < 1e-3 && Math.abs(height - 32 / 0.9) < 1e-3, `placement ${width}x${height}`);
  // (torchvision rounds the crop offset: centred to within one input pixel)
  assert.ok(Math.abs(x + width / 2 - 25) <= 0.5 / 0.9 + 1e-6 && Math.abs(y + height / 2 - 20) <= 0.5 / 0.9 + 1e-6, `placement centred: ${JSON.stringify(cam.placement)}`);
  assert.deepEqual([image.preview.width, image.preview.height], [25, 20]);
  assert.deepEqual([...image.preview.data.slice(0, 4)], [255, 128, 0, 255]);
  assert.equal(image.patches, null);
  assert.equal(image.tissue, null);
  assert.equal(result.timings.inference, 1.25);
  assert.ok(result.timings.decode > 0 && result.timings.total >= result.timings.decode);
});

test('pipeline, one-logit binary model: sigmoid probabilities and a CAM of the one row', () => {
  const { result } = classify(binaryModel.handle, solidPng(40, 40, [10, 200, 30]),
    { overlayClasses: 2 }, () => [0.5], 1);
  const [image] = result.images;
  const p = 1 / (1 + Math.exp(-0.5));
  assert.ok(Math.abs(image.probs[1] - p) < 1e-6 && Math.abs(image.probs[0] - (1 - p)) < 1e-6);
  assert.equal(image.top[0].label, 'abnormal');
  assert.equal(image.overlayKind, 'cam');
  assert.deepEqual(image.overlays.map((o) => o.classIndex), [1, 0]);
  const [abnormal, normal] = image.overlays;
  // Weight [1, -1]: "abnormal" follows channel 0 (left); "normal" is its opposite.
  assert.ok(abnormal.data[0] > abnormal.data[3 * 4], 'abnormal hot on the left');
  assert.ok(normal.data[3 * 4] > normal.data[0], 'normal hot on the right');
  assert.equal(image.preview, null, 'no preview unless asked');
});

test('pipeline, patch model: tissue patches in batches, aggregation, heat map and tissue overlays', () => {
  const { requests, result } = classify(patchModel.handle, slidePng(128, 64), { overlayClasses: 1, tissueOverlay: true, previewSide: 64 },
    () => [2, 1, 0], 3);
  const [image] = result.images;
  assert.ok(image.patches.length > 0);
  for (const p of image.patches) {
    assert.ok(p.x < 64, `patch at x=${p.x} lies on background`);
    assert.equal(p.probs.length, 3);
    assert.equal(p.best.label, 'a', "the patch's own top class");
  }
  assert.ok(requests.every((r) => r.samples <= 4 && r.input.shape[0] === r.samples && r.outputs.length === 1));
  assert.equal(requests.reduce((n, r) => n + r.samples, 0), image.patches.length);
  const z = Math.exp(2) + Math.exp(1) + 1;
  assert.ok(Math.abs(image.probs[0] - Math.exp(2) / z) < 1e-6);
  assert.equal(image.overlayKind, 'patch-heatmap');
  assert.equal(image.overlays.length, 1);
  assert.equal(image.overlays[0].data.length, image.overlays[0].width * image.overlays[0].height * 4);
  assert.ok(image.tissue && image.tissue.classIndex === -1 && image.tissue.label === null);
  assert.deepEqual([image.preview.width, image.preview.height], [64, 32]);
});

test('bad input gives error objects with a kind, never a crash', () => {
  const start = (bytes) => core.pipelineStart(model.handle, bytes, {});
  fails(start(new Uint8Array(0)), 'empty');
  fails(start(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])), 'unsupported');
  fails(start(solidPng(20, 20, [1, 2, 3]).subarray(0, 60)), 'corrupt');
  fails(start(pngHeaderOnly(60000, 60000)), 'too_large', /megapixel/i);
  fails(core.pipelineStart(9999, solidPng(8, 8, [0, 0, 0]), {}), 'invalid_argument', /model handle/);
  fails(core.pipelineNext(9999), 'invalid_argument', /pipeline handle/);
  fails(core.openModel('{"name": 1}', '', ''), 'manifest');
  fails(core.openModel('not json', '', ''), 'manifest');
  fails(core.openModel(JSON.stringify(manifest), '', ''), 'manifest', /classifier/);
  fails(core.probeImage(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0])), 'unsupported');
  // A runtime that returns the wrong shape: refused by the core, and the handle still releases.
  const run = ok(core.pipelineStart(model.handle, solidPng(40, 40, [1, 2, 3]), {}));
  ok(core.pipelineNext(run.handle));
  fails(core.pipelineSubmit(run.handle, [new Float32Array(2)], [[1, 2]], 1), 'model_mismatch');
  fails(core.pipelineFinish(run.handle), 'internal');
  ok(core.pipelineRelease(run.handle));
  fails(core.pipelineRelease(run.handle), 'invalid_argument');
});

test('closing a model while its pipeline runs is safe', () => {
  const extra = ok(core.openModel(JSON.stringify(manifest), JSON.stringify(classifier), ''));
  const run = ok(core.pipelineStart(extra.handle, solidPng(40, 40, [1, 2, 3]), {}));
  ok(core.closeModel(extra.handle));
  const request = ok(core.pipelineNext(run.handle));
  const { outputs, shapes } = fakeRun(request, () => [0, 1, 0], 3);
  ok(core.pipelineSubmit(run.handle, outputs, shapes, 1));
  assert.ok(ok(core.pipelineNext(run.handle)).done);
  assert.equal(ok(core.pipelineFinish(run.handle)).images[0].top[0].label, 'b');
  fails(core.pipelineFinish(run.handle), 'invalid_argument', /already finished/);
  ok(core.pipelineRelease(run.handle));
});

test('memory stays flat over 300 runs (CAM, patches, previews, errors) and 5 model switches', () => {
  const png = solidPng(300, 200, [10, 200, 30]);
  const slide = slidePng(128, 64);
  const cycle = () => {
    classify(model.handle, png, { overlayClasses: 3, previewSide: 96 }, () => [0.1, 0.2, 0.3], 3);
    classify(binaryModel.handle, png, { overlayClasses: 2, previewSide: 64 }, () => [-0.3], 1);
    classify(patchModel.handle, slide, { overlayClasses: 3, tissueOverlay: true, previewSide: 64 }, () => [0, 1, 2], 3);
    fails(core.pipelineStart(model.handle, pngHeaderOnly(60000, 60000), {}), 'too_large');  // error path too
  };
  for (let i = 0; i < 20; i++) cycle();
  const before = core.memoryStats();
  for (let i = 0; i < 300; i++) cycle();
  for (let i = 0; i < 5; i++) ok(core.closeModel(ok(core.openModel(JSON.stringify(manifest), JSON.stringify(classifier), '')).handle));
  const after = core.memoryStats();
  console.log(`  heap in use: ${before.heapBytesInUse} -> ${after.heapBytesInUse} bytes`);
  assert.equal(after.livePipelines, 0);
  assert.equal(after.liveModels, before.liveModels);
  assert.ok(after.heapBytesInUse - before.heapBytesInUse <= 4096, 'heap grew');
});

test('trust: screening point in the summary, trust fields in the result, priors and threshold options, parsePriors', () => {
  const screen = { ...binaryManifest, name: 'wasm-screen-test', title: 'Test scan', class_priors: [0.5, 0.5],
    display_labels: ['Normal', 'Abnormal finding'], upload_hint: 'A test scan, as PNG',
    screening: { label: 'abnormal', threshold: 0.3, sensitivity: 0.9, specificity: 0.8 } };
  const m = ok(core.openModel(JSON.stringify(screen), JSON.stringify(binaryClassifier), ''));
  try {
    assert.equal(m.title, 'Test scan');
    assert.equal(m.hasDomain, false);
    assert.deepEqual(m.screening, { index: 1, label: 'abnormal', displayLabel: 'Abnormal finding', threshold: 0.3, sensitivity: 0.9, specificity: 0.8 });
    assert.equal(model.title, manifest.name, 'no title: the name');
    // Names for people (manifest display_labels, upload_hint): the labels and '' where the manifest has none.
    assert.deepEqual([...m.displayLabels], ['Normal', 'Abnormal finding']);
    assert.equal(m.uploadHint, 'A test scan, as PNG');
    assert.deepEqual([...model.displayLabels], [...model.labels]);
    assert.equal(model.uploadHint, '');
    fails(core.openModel(JSON.stringify({ ...screen, display_labels: ['Normal'] }), JSON.stringify(binaryClassifier), ''),
      'manifest', /'display_labels' has 1 name for 2 labels/);
    const png = solidPng(40, 40, [10, 200, 30]);
    const run = (options) => classify(m.handle, png, options, () => [0], 1).result.images[0];  // sigmoid(0) = 0.5
    const plain = run({});
    assert.equal(plain.domain, null, 'no domain statistics: no domain check');
    assert.deepEqual(Array.from(plain.uncalibratedProbs), [0.5, 0.5]);
    assert.deepEqual(plain.screening, { index: 1, label: 'abnormal', displayLabel: 'Abnormal finding', probability: 0.5, threshold: 0.3, above: true });
    assert.deepEqual(Object.fromEntries(plain.top.map((t) => [t.label, t.displayLabel])), { normal: 'Normal', abnormal: 'Abnormal finding' });
    // Priors 0.2 / 0.8 against trained 0.5 / 0.5: p(abnormal) = 0.5*1.6 / (0.5*0.4 + 0.5*1.6) = 0.8.
    const { priors } = ok(core.parsePriors(m.handle, 'normal=0.2'));
    assert.deepEqual(priors.map((p) => Number(p.toFixed(6))), [0.2, 0.8]);
    const shifted = run({ priors, screeningThreshold: 0.9 });
    assert.ok(Math.abs(shifted.probs[1] - 0.8) < 1e-6, `p(abnormal) ${shifted.probs[1]}`);
    assert.deepEqual(Array.from(shifted.uncalibratedProbs), [0.5, 0.5], 'uncalibrated: before the priors');
    assert.equal(shifted.screening.threshold, 0.9);
    assert.equal(shifted.screening.above, false);
    fails(core.parsePriors(m.handle, 'nobody=0.5'), 'invalid_argument', /nobody/);
    fails(core.pipelineStart(m.handle, png, { priors: [1] }), 'invalid_argument');
  } finally {
    ok(core.closeModel(m.handle));
  }
});

// A DICOM file in explicit VR little endian: 8-bit MONOCHROME2, `frames` frames of
// width x height, frame k (1-based) filled with 40 k (dicom.h; written here from PS3.5).
function tinyDicom(width, height, frames) {
  const bytes = [];
  const u16 = (v) => bytes.push(v & 255, (v >> 8) & 255);
  const u32 = (v) => { u16(v & 0xffff); u16(v >>> 16); };
  const element = (group, elem, vr, value) => {
    const data = typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : value;
    if (data.length % 2) data.push(vr === 'UI' ? 0 : 32);
    u16(group); u16(elem); bytes.push(vr.charCodeAt(0), vr.charCodeAt(1));
    if (vr === 'OB' || vr === 'OW') { u16(0); u32(data.length); } else u16(data.length);
    bytes.push(...data);
  };
  const us = (v) => [v & 255, v >> 8];
  for (let i = 0; i < 128; i++) bytes.push(0);
  bytes.push(0x44, 0x49, 0x43, 0x4d);
  element(2, 0x10, 'UI', '1.2.840.10008.1.2.1');
  element(8, 0x16, 'UI', '1.2.840.10008.5.1.4.1.1.7');
  element(8, 0x60, 'CS', 'OT');
  element(0x10, 0x10, 'PN', 'Zyxwvut^Privacy');
  element(0x28, 2, 'US', us(1));
  element(0x28, 4, 'CS', 'MONOCHROME2');
  element(0x28, 8, 'IS', String(frames));
  element(0x28, 0x10, 'US', us(height));
  element(0x28, 0x11, 'US', us(width));
  element(0x28, 0x100, 'US', us(8));
  element(0x28, 0x101, 'US', us(8));
  element(0x28, 0x102, 'US', us(7));
  element(0x28, 0x103, 'US', us(0));
  const pixels = [];
  for (let k = 1; k <= frames; k++) for (let i = 0; i < width * height; i++) pixels.push(40 * k);
  element(0x7fe0, 0x10, 'OB', pixels);
  return new Uint8Array(bytes);
}

test('DICOM: frame and window options in, the dicom facts out', () => {
  const dcm = tinyDicom(40, 40, 3);
  const probe = ok(core.probeImage(dcm));
  assert.equal(probe.format, 'DICOM');
  const first = classify(model.handle, dcm, { frame: 1, window: { center: 128, width: 256 } }, () => [0, 0, 0], 3);
  assert.equal(first.run.format, 'DICOM');
  const facts = first.result.images[0].dicom;
  assert.deepEqual(facts.transferSyntax, { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian' });
  assert.equal(facts.modality, 'OT');
  assert.deepEqual([facts.rows, facts.columns, facts.bitsAllocated, facts.bitsStored], [40, 40, 8, 8]);
  assert.equal(facts.photometric, 'MONOCHROME2');
  assert.deepEqual([facts.frames, facts.frame], [3, 1]);
  assert.deepEqual(facts.window, { center: 128, width: 256, function: 'LINEAR', source: 'override' });
  assert.ok(!JSON.stringify(facts).includes('Zyxwvut'), 'no patient name in the facts');
  const middle = classify(model.handle, dcm, {}, () => [0, 0, 0], 3).result.images[0].dicom;
  assert.equal(middle.frame, 2, 'the middle frame by default');
  assert.equal(middle.window.source, 'min_max');
  fails(core.pipelineStart(model.handle, dcm, { frame: 4 }), 'invalid_argument', /frame 4 is out of range/);
  fails(core.pipelineStart(model.handle, dcm, { window: { center: 40 } }), 'invalid_argument', /center, width/);
  fails(core.pipelineStart(model.handle, dcm, { window: { center: 40, width: 0 } }), 'invalid_argument');
  const png = classify(model.handle, solidPng(40, 40, [1, 2, 3]), { frame: 2 }, () => [0, 0, 0], 3);
  assert.equal(png.result.images[0].dicom, null, 'not DICOM: no facts, the options ignored');
  fails(core.pipelineStart(model.handle, dcm.subarray(0, dcm.length - 100), {}), 'corrupt', /truncated DICOM/);
});

ok(core.closeModel(model.handle));
ok(core.closeModel(patchModel.handle));
ok(core.closeModel(binaryModel.handle));
assert.equal(core.memoryStats().liveModels, 0);
console.log(`${passed} passed`);
