// The model <select> (Auto first when two or more models can be routed to; the
// default when a router model does the routing) and the summary card of the chosen model (classes,
// accuracy from its eval JSON and a caution when it is low (accuracy-caution.js),
// size, variant, operating point), which says what to upload, names the classes
// as people read them (the manifest's display_labels) and opens the model card
// in the page (model-card-view.js). A model the user added is listed after the
// shipped ones with " — your model" and, in its summary, a badge and a Remove
// button (own-model-summary.js).
import { formatBytes, formatPct, h } from '../page/dom.js';
import { accuracyCaution } from './accuracy-caution.js';
import { cardUrl, fillInline, hasCard, modelCardView } from './model-card-view.js';
import { offlineOf } from './offline-all.js';
import { OWN_SUFFIX, ownModelSummary } from './own-model-summary.js';

const MAX_CLASSES_SHOWN = 12;  // a longer list ends "and N more (see the model card)"

export const AUTO = 'auto';  // the picker's value for the Auto choice (worker/ops.js classify takes it too)

// The picker's pseudo-entry for Auto: the models it routes between, and the
// router model (index entry with role "router") when the build has one.
function autoEntry(models, router) {
  return { name: AUTO, title: 'Auto', models, router };
}

// An <option>; its label is kept in data-label (markOffline appends to it).
const option = (value, label) => h('option', { value, dataset: { label } }, label);

export class ModelPicker {
  constructor(select, card, onChange) {
    this.select = select;
    this.card = card;
    this.models = [];
    this.onRemove = null;  // (model) => …: "Remove this model" confirmed in an added model's summary (page/app.js)
    select.addEventListener('change', () => onChange(this.current()));
  }

  setModels(all, selectedName) {
    // A router model picks among the others; it is not a choice itself.
    const router = all.find((m) => m.role === 'router') ?? null;
    const models = all.filter((m) => m.role !== 'router');
    this.models = models;
    // Auto needs two or more models it can route to: the router's targets, else
    // the models that can score an image's domain (domain.json).
    const targets = router ? new Set(Object.values(router.routes ?? {}).map((r) => r.name)) : null;
    const routable = models.filter((m) => (targets ? targets.has(m.name) : m.domain));
    this.auto = routable.length > 1 ? autoEntry(routable, router) : null;
    // The default with a router model, whose measured routing the Auto card
    // states; a misrouted image still meets that model's own domain check,
    // which withholds the verdict and names the better model. Not with the
    // score-ratio fallback, which misroutes most images (web/README.md, "Auto").
    this.autoIsDefault = Boolean(this.auto && router);
    this.select.replaceChildren(
      ...(this.auto ? [option(AUTO, 'Auto: the model the image fits best')] : []),
      ...models.map((m) => option(m.name, `${m.title} (${m.variant})${m.own ? OWN_SUFFIX : ''}`)));
    if (models.length === 0) {
      this.select.append(h('option', { value: '' }, 'No models available'));
      this.select.disabled = true;
      this.card.replaceChildren(h('p', {}, 'This build contains no models (see tools/build_web.sh).'));
      return;
    }
    this.select.disabled = false;
    // Auto is the default (when it qualifies); a choice the user made before is kept.
    if (selectedName && (models.some((m) => m.name === selectedName) || (selectedName === AUTO && this.auto))) {
      this.select.value = selectedName;
    } else {
      this.select.value = this.autoIsDefault ? AUTO : models[0].name;
    }
    this.markOffline(this.offline);
  }

  // Which choices are available offline (ui/offline-all.js; states: name ->
  // {available}, from the model caches): " — available offline" after an
  // option's text and data-offline=yes|no|partial|unknown on it; the badge
  // next to the picker (#model-offline) says it for the chosen one.
  markOffline(states = new Map()) {
    this.offline = states;
    for (const node of this.select.options) {
      if (!node.dataset.label) continue;
      const o = offlineOf(node.value === AUTO ? this.auto : this.models.find((m) => m.name === node.value), states);
      node.dataset.offline = o.available;
      node.textContent = node.dataset.label + (o.available === 'yes' ? ' — available offline'
        : o.available === 'partial' ? ` — ${o.count} of ${o.total} models available offline` : '');
    }
    const badge = this.select.ownerDocument.getElementById('model-offline');
    if (!badge) return;
    const o = offlineOf(this.current(), states);
    badge.dataset.offline = o.available;
    badge.hidden = !this.current();
    badge.textContent = { yes: 'Available offline', partial: `${o.count} of ${o.total} models available offline`,
      no: 'Not available offline', unknown: 'Checking offline copy…' }[o.available];
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
    // The classes by the names people read (index.json displayLabels, else the labels).
    const names = model.displayLabels ?? model.labels;
    const shown = names.length > MAX_CLASSES_SHOWN ? names.slice(0, MAX_CLASSES_SHOWN - 1) : names;
    const classes = h('ul', { class: 'class-names', dataset: { role: 'class-names' } }, shown.map((n) => h('li', {}, n)),
      shown.length < names.length ? h('li', {}, `and ${names.length - shown.length} more (see the model card)`) : null);
    const rows = [
      ['Task', `${model.task.replace('_', '-')}${model.patch ? ', patch-based (whole slide tiles)' : ''}`],
      ['Classes', classes],
      ['Accuracy', metric],
      ['Size', `${formatBytes(model.bytes)} (${model.variant}${model.variants.length > 1 ? `; also ${model.variants.filter((v) => v !== model.variant).join(', ')}` : ''})`],
      ['Explanation', model.cam ? 'class activation map' : model.patch ? 'per-patch heatmap' : 'none'],
    ];
    this.card.replaceChildren(...[
      h('h3', {}, model.title, h('span', { class: 'version' }, ` v${model.version}`)),
      // What to upload (the manifest's upload_hint); a model without one shows its card's
      // intended-use paragraph instead, rendered from its Markdown.
      model.uploadHint
        ? h('p', { class: 'upload-hint', dataset: { role: 'upload-hint' } }, h('strong', {}, 'What to upload: '), model.uploadHint)
        : model.summary ? fillInline(h('p', { class: 'summary', dataset: { role: 'summary' } }), model.summary, model.card ? cardUrl(model) : undefined) : null,
      accuracyCaution(e),
      h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', { dataset: { fact: k.toLowerCase() } }, h('dt', {}, k), h('dd', {}, v)))),
      model.own ? ownModelSummary(model, (m) => this.onRemove?.(m)) : null,  // a model the user added: badge, Remove
      hasCard(model) ? h('p', { class: 'card-open' }, h('button', {
        type: 'button', class: 'card-button', 'aria-haspopup': 'dialog', dataset: { role: 'open-card' },
        onclick: (event) => modelCardView().open(model, event.currentTarget),
      }, 'Model card')) : null,
      h('p', { class: 'model-state', 'data-role': 'model-state' }, state),
    ].filter(Boolean));
  }

  #showAutoCard(auto, state) {
    const how = auto.router
      ? 'A tiny domain classifier (' + formatBytes(auto.router.bytes) + ', INT8) says which kind of image each one is; ' +
        'the image is then classified by that model, loaded the first time it is needed. ' +
        (Number.isFinite(auto.router.eval?.min_recall)
          ? `It sends at least ${formatPct(auto.router.eval.min_recall)} of every domain's test images to their own model. `
          : '') +
        'The chosen model\'s own out-of-domain check still withholds a verdict for an image it does not recognise.'
      : 'Every image is scored by each model\'s out-of-domain check and classified by the ' +
        'model it fits best (the smallest domain score relative to that model\'s threshold). An image no model ' +
        'recognises gets no verdict.';
    this.card.replaceChildren(
      h('h3', {}, 'Auto'),
      h('p', { class: 'summary' }, how),
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
          h('dd', {}, `${single ? '' : `${info.title}: `}screening for ${s.displayLabel ?? s.label} at ≥ ${formatPct(s.threshold)}; ` +
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
