// The model <select> and the summary card of the chosen model (classes,
// accuracy from its eval JSON, size, variant, model card link).
import { formatBytes, formatPct, h } from '../page/dom.js';

export class ModelPicker {
  constructor(select, card, onChange) {
    this.select = select;
    this.card = card;
    this.models = [];
    select.addEventListener('change', () => onChange(this.current()));
  }

  setModels(models, selectedName) {
    this.models = models;
    this.select.replaceChildren(...models.map((m) =>
      h('option', { value: m.name }, `${m.title} (${m.variant})`)));
    if (models.length === 0) {
      this.select.append(h('option', { value: '' }, 'No models available'));
      this.select.disabled = true;
      this.card.replaceChildren(h('p', {}, 'This build contains no models (see tools/build_web.sh).'));
      return;
    }
    this.select.disabled = false;
    if (selectedName && models.some((m) => m.name === selectedName)) this.select.value = selectedName;
  }

  current() {
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

  setState(text, status = null) {
    this.card.dataset.state = text;
    if (status) this.card.dataset.status = status;
    const node = this.card.querySelector('[data-role="model-state"]');
    if (node) node.textContent = text;
  }
}
