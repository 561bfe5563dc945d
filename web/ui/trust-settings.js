// The user's trust settings, per model: class priors (one number per label;
// the project cannot know the population a user sees), for screening models
// the screening threshold, and for patch models the images' scale
// (scale-field.js). The core applies them (trust.h, scale.h) and checks the
// priors (parsePriors), so the form shows the core's own message. They apply
// to the images classified after "Apply"; cards already shown keep the
// settings they were made with (their numbers stay what the table exported).
import { formatPct, h } from '../page/dom.js';
import { ScaleField } from './scale-field.js';

export class TrustSettings {
  // root: an element to fill; parsePriors(model, text) -> Promise<{priors}> (the worker's op).
  constructor(root, { parsePriors }) {
    this.root = root;
    this.parsePriors = parsePriors;
    this.infos = [];
    this.values = {};  // model name -> {priors, screeningThreshold, scale | micronsPerPixel}
  }

  // infos: the loaded models the current choice can use (one, or all for Auto).
  show(infos) {
    this.infos = infos.filter(Boolean);
    this.root.hidden = this.infos.length === 0;
    if (this.infos.length === 0) return;
    const choose = h('select', { dataset: { role: 'settings-model' }, 'aria-label': 'Model to set' },
      this.infos.map((i) => h('option', { value: i.name }, i.title ?? i.name)));
    const form = h('div', { class: 'settings-form' });
    choose.addEventListener('change', () => form.replaceChildren(...this.#form(choose.value)));
    form.append(...this.#form(this.infos[0].name));
    this.root.querySelector('.settings-body').replaceChildren(this.infos.length > 1 ? choose : '', form);
  }

  // What classify sends: {modelName: {priors, screeningThreshold, scale | micronsPerPixel}}.
  settings() {
    return this.values;
  }

  #form(name) {
    const info = this.infos.find((i) => i.name === name);
    const set = this.values[name] ?? {};
    const trained = info.classPriors?.length ? info.classPriors : info.labels.map(() => 1 / info.labels.length);
    const priors = info.labels.map((label, i) => h('input', {
      type: 'number', min: '0', step: 'any', value: String(set.priors?.[i] ?? trained[i]),
      dataset: { role: 'prior', label }, 'aria-label': `Prior of ${info.displayLabels?.[i] ?? label}`,
    }));
    const point = info.screening;
    const threshold = point ? h('input', {
      type: 'number', min: '0', max: '1', step: 'any', value: String(set.screeningThreshold ?? point.threshold),
      dataset: { role: 'screening-threshold' }, 'aria-label': `Screening threshold for ${point.displayLabel ?? point.label}`,
    }) : null;
    // Patch models only (openModel's scale is null for the others).
    const scaleField = info.scale ? new ScaleField(info.scale, set) : null;
    const message = h('p', { class: 'hint', dataset: { role: 'settings-status' } },
      Object.keys(set).length ? 'Your settings apply.' : 'As trained.');
    const apply = async () => {
      try {
        // Read first: an invalid scale stops the whole form, as an invalid prior does.
        const scale = scaleField ? scaleField.read() : {};
        const text = info.labels.map((l, i) => `${l}=${priors[i].value}`).join(',');
        const asTrained = priors.every((p, i) => Math.abs(Number(p.value) - trained[i]) < 1e-9);
        const value = {};
        if (!asTrained) value.priors = (await this.parsePriors(name, text)).priors;
        if (threshold && Number(threshold.value) !== point.threshold) {
          const t = Number(threshold.value);
          if (!(t > 0 && t < 1)) throw new Error('the screening threshold must be between 0 and 1');
          value.screeningThreshold = t;
        }
        Object.assign(value, scale);
        this.values[name] = value;
        message.textContent = Object.keys(value).length
          ? 'Applied: the next images use these settings.' : 'As trained.';
        message.dataset.state = 'ok';
      } catch (e) {
        message.textContent = `Not applied: ${e.message}`;
        message.dataset.state = 'error';
      }
    };
    return [
      h('fieldset', { class: 'priors' }, h('legend', {}, 'Class priors (your population\'s shares; normalised)'),
        info.labels.map((label, i) => h('label', { class: 'prior' }, `${info.displayLabels?.[i] ?? label} `, priors[i]))),
      threshold ? h('label', { class: 'threshold' },
        `Screening threshold for ${point.displayLabel ?? point.label} (validated: ${formatPct(point.threshold)}) `, threshold) : null,
      scaleField?.element,
      h('button', { type: 'button', dataset: { role: 'apply-settings' }, onclick: apply }, 'Apply to the next images'),
      message,
    ].filter(Boolean);
  }
}
