// The host's loop around the core's pipeline (core/include/dxlens/pipeline.h):
// the core decides the batches, the inputs and which outputs to fetch; the
// worker only runs the model. Everything else (probabilities, top-k, patches,
// overlays and their placement, the preview) comes back in the core's result.
import { copyOut } from './buffer-pool.js';
import { check, core, ort } from './engine.js';

// The result's pixels are views into the core's memory until the next core
// call: copy them out now.
function ownPixels(result) {
  for (const image of result.images) {
    for (const o of [image.preview, image.tissue, ...image.overlays]) if (o) o.data = copyOut(o.data);
  }
  return result;
}

// modelHandle: a core model whose input the session takes; bytes: a Uint8Array
// (or several, classified together). -> {image: {width, height, format}, result}
export async function runPipeline(session, modelHandle, inputName, bytes, options, errorPrefix = '') {
  const started = check(core.pipelineStart(modelHandle, bytes, options), errorPrefix);
  try {
    for (;;) {
      const request = check(core.pipelineNext(started.handle), errorPrefix);
      if (request.done) break;
      const { dtype, data, shape } = request.input;
      const t = performance.now();
      const out = await session.run({ [inputName]: new ort.Tensor(dtype, data, shape) }, request.outputs);
      const ms = performance.now() - t;
      const tensors = request.outputs.map((name) => out[name]);
      check(core.pipelineSubmit(started.handle, tensors.map((o) => o.data), tensors.map((o) => o.dims), ms), errorPrefix);
      for (const o of tensors) o.dispose?.();
    }
    return { image: started, result: ownPixels(check(core.pipelineFinish(started.handle), errorPrefix)) };
  } finally {
    core.pipelineRelease(started.handle);
  }
}
