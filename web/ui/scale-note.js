// What a patch model's result card says about the scale its patches were cut
// at (core/include/dxlens/scale.h): how many patches, how many source pixels
// each covers, and where that scale came from. A wrong scale shows the model
// tissue at a magnification it never learned, so the card says which one it used.
import { h } from '../page/dom.js';

// result.scale (worker/ops.js): {source: 'reference'|'user'|'file', fieldOfView,
// reference, given: {scale} | {micronsPerPixel} | null}.
function scaleOrigin(scale) {
  if (scale.source === 'user') {
    return scale.given?.micronsPerPixel !== undefined
      ? `microns per pixel you gave: ${scale.given.micronsPerPixel}` : `scale you gave: ${scale.given?.scale}`;
  }
  if (scale.source === 'file') return 'the file\'s microns per pixel';
  return `reference scale: ${scale.reference}`;
}

// "4 patches of 768 px (reference scale: LC25000 originals (768x768 px))"; null for whole-image models.
export function scaleNote(result) {
  const scale = result.scale;
  if (!scale || !result.patches) return null;
  const n = result.patches.length;
  return h('p', { class: 'patch-scale', dataset: { role: 'scale', source: scale.source, fieldOfView: String(scale.fieldOfView) } },
    `${n} patch${n === 1 ? '' : 'es'} of ${scale.fieldOfView} px (${scaleOrigin(scale)})`);
}
