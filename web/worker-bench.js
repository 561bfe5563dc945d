// The worker's `bench` operation (tools/bench/browser_bench.mjs): N timed
// classifications of given bytes on the worker's own code paths, returning raw
// per-stage samples (ms) so the caller computes the same statistics as
// `dxlens bench` (bench/README.md). Kept out of worker.js: the app never calls it.
//   mode 'whole'  : decode + preprocess per image, `batch` images in one ORT run
//                   (logits only), classifyOutput — the same work as native bench
//   mode 'patches': decode + the app's classifyPatches with the patch settings
//                   of patchMode (sampled | all | naive)
//   mode 'app'    : the app's own classify op (preview image, CAM overlays included)

// Patch settings per mode, as native/cli/bench_runner.cpp's with_patch_mode.
function patchOverrides(mode) {
  if (mode === 'all') return { max_patches: 0 };
  if (mode === 'naive') return { mask: 'none', min_foreground: 0, max_patches: 0, batch_size: 1 };
  if (mode === 'sampled') return {};
  throw new Error(`unknown patch mode ${mode}`);
}

function newSamples() {
  return { decode: [], preprocess: [], inference: [], postprocess: [], total: [] };
}

function record(samples, timings, total) {
  for (const stage of ['decode', 'preprocess', 'inference', 'postprocess']) samples[stage].push(timings[stage]);
  samples.total.push(total);
}

// ctx: {core, ort, models, ops, classifyPatches, check}, all from worker.js.
export async function runBench(ctx, args) {
  const { core, ort, check } = ctx;
  const m = ctx.models.get(args.model);
  if (!m) throw new Error(`model ${args.model} is not loaded`);
  const data = new Uint8Array(args.bytes);
  const mode = args.mode ?? 'whole';
  const batch = Math.max(1, args.batch ?? 1);
  let patches = 0;

  const decode = (timings) => {
    const t = performance.now();
    const image = check(core.decodeImage(data, 100_000_000));
    timings.decode += performance.now() - t;
    return image;
  };

  async function wholeRun() {
    const timings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
    const start = performance.now();
    let input = null;
    let shape = null;
    for (let i = 0; i < batch; i++) {
      const image = decode(timings);
      const t = performance.now();
      try {
        const one = check(core.preprocess(image.handle, m.handle));
        if (!input) {
          input = new one.data.constructor(one.data.length * batch);
          shape = [batch, ...one.shape.slice(1)];
        }
        input.set(one.data, i * one.data.length);
      } finally {
        core.releaseImage(image.handle);
      }
      timings.preprocess += performance.now() - t;
    }
    let t = performance.now();
    const dtype = input instanceof Uint8Array ? 'uint8' : 'float32';
    const out = await m.session.run({ [m.opened.inputName]: new ort.Tensor(dtype, input, shape) }, [m.opened.logitsOutput]);
    timings.inference = performance.now() - t;
    t = performance.now();
    check(core.classifyOutput(m.handle, out[m.opened.logitsOutput].data, batch));
    timings.postprocess = performance.now() - t;
    return { timings, total: performance.now() - start };
  }

  // A second core handle whose manifest carries the mode's patch settings.
  let patchModel = null;
  if (mode === 'patches') {
    const manifest = { ...m.manifest, patch: { ...m.manifest.patch, ...patchOverrides(args.patchMode ?? 'sampled') } };
    const opened = check(core.openModel(JSON.stringify(manifest), m.classifierText ?? ''));
    patchModel = { ...m, manifest, opened, handle: opened.handle };
  }
  async function patchRun() {
    const timings = { decode: 0, preprocess: 0, inference: 0, postprocess: 0 };
    const start = performance.now();
    const image = decode(timings);
    try {
      const result = await ctx.classifyPatches(patchModel, image, timings);
      patches = result.patches.length;
    } finally {
      core.releaseImage(image.handle);
    }
    return { timings, total: performance.now() - start };
  }

  async function appRun() {
    const start = performance.now();
    const result = await ctx.ops.classify({ model: args.model, fileName: 'bench', bytes: data });
    return { timings: result.timings, total: performance.now() - start };
  }

  const once = mode === 'patches' ? patchRun : mode === 'app' ? appRun : wholeRun;
  try {
    for (let i = 0; i < (args.warmup ?? 3); i++) await once();
    const samples = newSamples();
    for (let i = 0; i < (args.runs ?? 20); i++) {
      const { timings, total } = await once();
      record(samples, timings, total);
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
      samples, patches, batch: mode === 'patches' ? patchModel.manifest.patch.batch_size ?? 16 : batch,
      threads: ort.env.wasm.numThreads, coreHeapBytes: core.HEAP8.buffer.byteLength, memoryTrace,
    };
  } finally {
    if (patchModel) core.closeModel(patchModel.handle);
  }
}
