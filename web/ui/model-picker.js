// The model <select> (Auto first, the default, when two or more models have
// domain statistics) and the summary card of the chosen model (classes,
// accuracy from its eval JSON, size, variant, model card link, operating point).
import { formatBytes, formatPct, h } from '../page/dom.js';

export const AUTO = 'auto';  // the picker's value for the Auto choice (worker/ops.js classify takes it too)

// The picker's pseudo-entry for Auto: the models it routes between.
function autoEntry(models) {
  return { name: AUTO, title: 'Auto', models };
}

export class ModelPicker {
  constructor(select, card, onChange) {
    this.select = select;
    this.card = card;
    this.models = [];
    select.addEventListener('change', () => onChange(this.current()));
  }

  setModels(models, selectedName) {
    this.models = models;
    // Auto needs two or more models that can score an image's domain (domain.json).
    const routable = models.filter((m) => m.domain);
    this.auto = routable.length > 1 ? autoEntry(routable) : null;
    this.select.replaceChildren(
      ...(this.auto ? [h('option', { value: AUTO }, 'Auto: the model the image fits best')] : []),
      ...models.map((m) => h('option', { value: m.name }, `${m.title} (${m.variant})`)));
    if (models.length === 0) {
      this.select.append(h('option', { value: '' }, 'No models available'));
      this.select.disabled = true;
      this.card.replaceChildren(h('p', {}, 'This build contains no models (see tools/build_web.sh).'));
      return;
    }
    this.select.disabled = false;
    // Auto is the default; a choice the user made before is kept.
    if (selectedName && (models.some((m) => m.name === selectedName) || (selectedName === AUTO && this.auto))) {
      this.select.value = selectedName;
    } else if (this.auto) {
      this.select.value = AUTO;
    }
  }

  current() {
    if (this.select.value === AUTO) return this.auto;
    return this.models.find((m) => m.name === this.select.value) ?? null;
  }

  setBusy(busy) {
    this.select.disabled = busy || this.models.length === 0;
  }

  // status: 'loading' | 'loaded' | 'error' (data-status on #model-card, for tests)
  showCard(model, state = '', status = 'loading') {
    this.card.dataset.model = model?.name ?? '';
    this.card.dataset.state = state;
    this.card.dataset.status = status;
    if (!model) {
      this.card.replaceChildren();
      return;
    }
    if (model.name === AUTO) {
      this.#showAutoCard(model, state);
      return;
    }
    const e = model.eval;
    const metric = e && Number.isFinite(e.accuracy)
      ? `${formatPct(e.accuracy)}${Number.isFinite(e.balanced_accuracy) ? ` (balanced ${formatPct(e.balanced_accuracy)})` : ''} on the test split (${e.variant})`
      : 'not evaluated yet';
    const classes = model.labels.length > 8
      ? `${model.labels.slice(0, 8).join(', ')}, … (${model.labels.length})`
      : model.labels.join(', ');
    const rows = [
      ['Task', `${model.task.replace('_', '-')}${model.patch ? ', patch-based (whole slide tiles)' : ''}`],
      ['Classes', classes],
      ['Accuracy', metric],
      ['Size', `${formatBytes(model.bytes)} (${model.variant}${model.variants.length > 1 ? `; also ${model.variants.filter((v) => v !== model.variant).join(', ')}` : ''})`],
      ['Explanation', model.cam ? 'class activation map' : model.patch ? 'per-patch heatmap' : 'none'],
    ];
    this.card.replaceChildren(...[
      h('h3', {}, model.title, h('span', { class: 'version' }, ` v${model.version}`)),
      model.summary ? h('p', { class: 'summary' }, model.summary) : null,
      h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', { dataset: { fact: k.toLowerCase() } }, h('dt', {}, k), h('dd', {}, v)))),
      model.card ? h('p', {}, h('a', { href: `models/${encodeURIComponent(model.name)}/${model.card}`, target: '_blank', rel: 'noopener' }, 'Model card')) : null,
      h('p', { class: 'model-state', 'data-role': 'model-state' }, state),
    ].filter(Boolean));
  }

  #showAutoCard(auto, state) {
    this.card.replaceChildren(
      h('h3', {}, 'Auto'),
      h('p', { class: 'summary' }, 'Every image is scored by each model\'s out-of-domain check and classified by the ' +
        'model it fits best (the smallest domain score relative to that model\'s threshold). An image no model ' +
        'recognises gets no verdict.'),
      h('dl', { class: 'facts' }, h('div', { dataset: { fact: 'models' } }, h('dt', {}, 'Models'),
        h('dd', {}, auto.models.map((m) => m.title).join('; ')))),
      h('p', { class: 'model-state', 'data-role': 'model-state' }, state));
  }

  // After loading: what the model's own trust statistics say (openModel's
  // summary): the screening operating point with its validation rates, and
  // whether out-of-domain images are caught. `infos`: one per loaded model.
  showTrust(infos) {
    const facts = this.card.querySelector('.facts');
    if (!facts) return;
    facts.querySelectorAll('[data-fact="operating point"], [data-fact="domain check"]').forEach((n) => n.remove());
    const single = infos.length === 1;
    for (const info of infos) {
      const s = info.screening;
      if (s) {
        facts.append(h('div', { dataset: { fact: 'operating point', model: info.name } }, h('dt', {}, 'Operating point'),
          h('dd', {}, `${single ? '' : `${info.title}: `}screening for ${s.label} at ≥ ${formatPct(s.threshold)}; ` +
            `validation sensitivity ${formatPct(s.sensitivity)}, specificity ${formatPct(s.specificity)}`)));
      }
    }
    if (single) {
      facts.append(h('div', { dataset: { fact: 'domain check' } }, h('dt', {}, 'Domain check'),
        h('dd', {}, infos[0].hasDomain ? 'yes: images unlike its training images get no verdict' : 'none (every image gets a verdict)')));
    }
  }

  setState(text, status = null) {
    this.card.dataset.state = text;
    if (status) this.card.dataset.status = status;
    const node = this.card.querySelector('[data-role="model-state"]');
    if (node) node.textContent = text;
  }
}
