// The benchmark's worker: the app's own worker operations (web/worker/ops.js)
// plus `bench`, N timed classifications of given bytes returning raw per-stage
// samples (ms), so tools/bench/browser_bench.mjs computes the same statistics
// as `dxlens bench` (bench/README.md). It ships only with the benchmark:
// browser_bench.mjs copies this folder into the site it serves, as bench/.
//   mode 'whole'  : the core's pipeline alone, `batch` copies of the image in one
//                   model run, no overlays, no preview: the same work as native bench
//   mode 'patches': the pipeline with the patch settings of patchMode
//                   (sampled | all | naive), no overlays: as native bench
//   mode 'app'    : the app's own classify operation (preview at the page's
//                   display size, CAM or heat-map overlays for the top classes),
//                   each run followed by a 'whole' run (pipelineSamples): on a
//                   busy machine only interleaved runs give a fair app/pipeline ratio
import { check, core, ort } from '../worker/engine.js';
import { models, ops } from '../worker/ops.js';
import { serve } from '../worker/protocol.js';
import { runPipeline } from '../worker/run-pipeline.js';

// Patch settings per mode, as native/cli/bench_runner.cpp's with_patch_mode.
function patchOverrides(mode) {
  if (mode === 'all') return { max_patches: 0 };
  if (mode === 'naive') return { mask: 'none', min_foreground: 0, max_patches: 0, batch_size: 1 };
  if (mode === 'sampled') return {};
  throw new Error(`unknown patch mode ${mode}`);
}

const STAGES = ['decode', 'preprocess', 'inference', 'postprocess'];

async function bench(args) {
  const m = models.get(args.model);
  if (!m) throw new Error(`model ${args.model} is not loaded`);
  const data = new Uint8Array(args.bytes);
  const mode = args.mode ?? 'whole';
  const batch = Math.max(1, args.batch ?? 1);
  let patches = 0;

  // A second core model whose manifest carries the mode's patch settings (same ONNX session).
  let patchModel = null;
  const manifest = JSON.parse(m.manifestText);
  if (mode === 'patches') {
    manifest.patch = { ...manifest.patch, ...patchOverrides(args.patchMode ?? 'sampled') };
    patchModel = check(core.openModel(JSON.stringify(manifest), m.classifierText ?? '', m.domainText ?? ''));
  }

  async function pipelineRun(handle, bytes, options) {
    const start = performance.now();
    const { result } = await runPipeline(m.session, handle, m.model.inputName, bytes, options);
    patches = result.images[0].patches?.length ?? 0;
    return { timings: result.timings, total: performance.now() - start };
  }
  async function appRun() {
    const start = performance.now();
    const result = await ops.classify({ model: args.model, fileName: 'bench', bytes: data, previewSide: args.previewSide });
    const total = performance.now() - start;
    // What the page does once it has drawn them (web/page/app.js), outside the timed part as there.
    await ops.recycle({ buffers: [result.preview?.data.buffer, result.tissue?.data.buffer].filter(Boolean) });
    return { timings: result.timings, total };
  }
  const pipelineOnly = { overlayClasses: 0, previewSide: 0, tissueOverlay: false };
  const wholeRun = () => pipelineRun(m.handle, Array.from({ length: batch }, () => data), { ...pipelineOnly, batchSize: batch });
  const once = mode === 'app' ? appRun : mode === 'patches' ? () => pipelineRun(patchModel.handle, data, pipelineOnly) : wholeRun;
  const newSamples = () => ({ decode: [], preprocess: [], inference: [], postprocess: [], total: [] });
  const record = (samples, { timings, total }) => {
    for (const stage of STAGES) samples[stage].push(timings[stage]);
    samples.total.push(total);
  };

  try {
    for (let i = 0; i < (args.warmup ?? 3); i++) await once();
    const samples = newSamples();
    const pipelineSamples = mode === 'app' ? newSamples() : null;
    for (let i = 0; i < (args.runs ?? 20); i++) {
      record(samples, await once());
      if (pipelineSamples) record(pipelineSamples, await wholeRun());
    }
    // Memory soak: more runs on the same path, the core's heap sampled as it goes.
    const memoryTrace = [];
    const soakRuns = args.memoryRuns ?? 0;
    const step = Math.max(1, Math.floor(soakRuns / 10));
    for (let i = 1; i <= soakRuns; i++) {
      await once();
      if (i % step === 0 || i === soakRuns) memoryTrace.push(core.HEAP8.buffer.byteLength);
    }
    return {
      samples, pipelineSamples, patches, batch: mode === 'patches' ? manifest.patch.batch_size ?? 16 : batch,
      threads: ort.env.wasm.numThreads, coreHeapBytes: core.HEAP8.buffer.byteLength, memoryTrace,
    };
  } finally {
    if (patchModel) core.closeModel(patchModel.handle);
  }
}

serve({ ...ops, bench }, () => core !== null);
