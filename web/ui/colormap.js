// The heat-map colours, taken from the core: the worker reports the core's
// colormap (core/src/postprocess/colormap.cpp, which colours every CAM and
// patch heat map) as 256 RGBA steps from 0 to 1 when it starts, and the
// legends are drawn from those steps, so they show exactly the overlays'
// colours (tests/e2e/heatmap_test.mjs checks them against colormap.cpp).
let coreRamp = null;  // Uint8Array, 256 * 4

export function useCoreRamp(rgba) {
  coreRamp = rgba;
}

// -> [r, g, b] bytes for a value (clamped to 0..1; NaN reads as 0, as in the core).
export function rampColour(value) {
  if (!coreRamp) throw new Error('the colormap is not known before the engine starts');
  const steps = coreRamp.length / 4;
  const v = Number.isNaN(value) ? 0 : Math.min(1, Math.max(0, value));
  const i = Math.round(v * (steps - 1)) * 4;
  return [coreRamp[i], coreRamp[i + 1], coreRamp[i + 2]];
}

// The ramp as a canvas, `width` columns from 0 (left) to 1 (right).
export function rampCanvas(width = 256, height = 1) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  const row = ctx.createImageData(width, height);
  for (let x = 0; x < width; x++) {
    const rgb = rampColour(width === 1 ? 0 : x / (width - 1));
    for (let y = 0; y < height; y++) row.data.set([...rgb, 255], (y * width + x) * 4);
  }
  ctx.putImageData(row, 0, 0);
  return canvas;
}
