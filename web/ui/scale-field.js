// The image-scale field of a patch model's settings (trust-settings.js). A
// patch model learned at one resolution (its reference images); an image at
// another one needs patches cut at another size to show the model the same
// field of view (core/include/dxlens/scale.h). The user states the scale
// relative to the reference images, or, for a model that states its own, in
// microns per pixel. Blank means "not stated": the core then assumes the
// reference scale (or reads the file's own resolution, where the model allows).
import { h } from '../page/dom.js';

// A number field's value: null when blank; throws a message that names the
// field when it is not a number above 0. A number input reports text it cannot
// read as blank with validity.badInput ("1e", "--2"), so that is checked first.
function readPositive(input, what) {
  if (input.validity.badInput) throw new Error(`${what} is not a number: give a number above 0, or leave it blank`);
  if (input.value.trim() === '') return null;
  const value = Number(input.value);
  if (!(Number.isFinite(value) && value > 0)) throw new Error(`${what} must be above 0 (it is ${input.value}), or blank`);
  return value;
}

export class ScaleField {
  // modelScale: the loaded model's info.scale (worker/model-session.js: openModel's
  // {reference, referenceDownscale, fieldOfView, micronsPerPixel | null});
  // applied: the model's current settings ({scale} or {micronsPerPixel}).
  constructor(modelScale, applied = {}) {
    const fov = modelScale.fieldOfView;
    this.scale = h('input', {
      type: 'number', min: '0', step: 'any', value: applied.scale === undefined ? '' : String(applied.scale),
      placeholder: 'not stated', dataset: { role: 'scale' }, 'aria-label': `Image scale relative to ${modelScale.reference}`,
    });
    // Microns per pixel only for a model that states its own: the core refuses it otherwise.
    this.micronsPerPixel = modelScale.micronsPerPixel === null ? null : h('input', {
      type: 'number', min: '0', step: 'any', value: applied.micronsPerPixel === undefined ? '' : String(applied.micronsPerPixel),
      dataset: { role: 'microns-per-pixel' }, 'aria-label': 'Microns per pixel of the images',
    });
    this.message = h('p', { class: 'hint field-error', role: 'alert', dataset: { role: 'scale-status' }, hidden: true });
    this.element = h('fieldset', { class: 'scale', dataset: { role: 'scale-field' } },
      h('legend', {}, `Image scale relative to ${modelScale.reference}`),
      h('label', { class: 'scale-input' }, 'Scale ', this.scale),
      this.micronsPerPixel ? h('label', { class: 'scale-input' },
        `or microns per pixel (the model's: ${modelScale.micronsPerPixel} µm) `, this.micronsPerPixel) : null,
      h('p', { class: 'hint' },
        `1 = the same resolution as the model's reference images; 0.5 = half their resolution, such as one of ` +
        `them exported at half its size; 2 = twice theirs. Each patch covers ${fov} px of an image at scale 1 ` +
        `(${Math.round(fov / 2)} px at 0.5, ${fov * 2} px at 2). ` +
        (this.micronsPerPixel
          ? 'Blank: the file\'s own microns per pixel when it states them, else the reference scale. Give one of the two, not both. '
          : 'Blank: not stated, so the reference scale is assumed. ') +
        'Applies to the images classified after you press Apply; cards already shown keep their scale.'),
      this.message);
  }

  // -> {} (not stated), {scale} or {micronsPerPixel}. Throws when the input is
  // not valid, and says why next to the field (nothing is sent then).
  read() {
    try {
      const scale = readPositive(this.scale, 'the image scale');
      const mpp = this.micronsPerPixel ? readPositive(this.micronsPerPixel, 'the microns per pixel') : null;
      if (scale !== null && mpp !== null) throw new Error('give the image scale or its microns per pixel, not both');
      this.#say(null);
      if (scale !== null) return { scale };
      return mpp !== null ? { micronsPerPixel: mpp } : {};
    } catch (e) {
      this.#say(e.message);
      throw e;
    }
  }

  // The form's status line says "Not applied: <message>"; the field's own line is a sentence.
  #say(text) {
    this.message.hidden = !text;
    this.message.textContent = text ? `${text[0].toUpperCase()}${text.slice(1)}.` : '';
  }
}
