// One card per image: preview with overlays, verdict, top-k bar chart, timings,
// and what to trust (trust-notes.js). Stable hooks: <article class="result-card"
// data-file data-status="ok|error" data-model data-kind data-top-label data-top-display-label data-top-prob
// data-labels data-probs data-verdict="shown|withheld|shown-anyway" data-routed="auto|manual"
// data-in-domain data-domain-score data-domain-threshold data-screening="above|below"
// data-scale-source="reference|user|file" data-field-of-view> (the last two: patch models)
// data-certainty="uncertain|likely|very likely" (absent when no word is given: certainty.js).
// Printed only (styles.css @media print): [data-role=provenance] (the model's title,
// version, variant and SHA-256) and [data-role=print-footer] (the research notice,
// when the image was classified, and [data-role=printed-at], which page/app.js
// fills in as printing starts).
import { formatMs, formatPct, h } from '../page/dom.js';
import { accuracyCaution } from './accuracy-caution.js';
import { allClassesDisclosure } from './all-classes.js';
import { markSelected, renderBarChart } from './bar-chart.js';
import { certaintyOf } from './certainty.js';
import { OverlayView } from './overlay-view.js';
import { scaleNote } from './scale-note.js';
import { outOfDomainNotice, routingNote, screeningNote } from './trust-notes.js';

let cardCount = 0;

// A date as <time datetime="ISO 8601">, its text in the reader's locale and time zone.
export function timeElement(date) {
  return h('time', { datetime: date.toISOString() }, date.toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' }));
}

// The model as a printed report names it: "Model: <title> v<version> (<variant>), SHA-256 <first 16>…".
function provenance(model, variant) {
  if (!model) return null;
  const sha = model.sha256 ? `, SHA-256 ${model.sha256.slice(0, 16)}…` : '';
  return h('p', { class: 'print-only print-provenance', dataset: { role: 'provenance' } },
    `Model: ${model.title ?? model.name}${model.version ? ` v${model.version}` : ''} (${variant ?? model.variant})${sha}`);
}

// The last line of a printed card: the notice, when it was classified and (at print time) printed.
function printFooter(notice, producedAt) {
  return h('p', { class: 'print-only print-footer', dataset: { role: 'print-footer' } },
    notice ? `${notice} ` : '', 'Classified ', timeElement(producedAt), h('span', { dataset: { role: 'printed-at' } }), '.');
}

// modelEval: the model's test metrics (models/index.json `eval`), for the accuracy caution.
// model: its models/index.json entry (the printed provenance line); notice: the
// page's research notice; producedAt: when it was classified (both printed).
export function createResultCard(result, { modelEval = null, model = null, notice = null, producedAt = new Date() } = {}) {
  const id = `result-${++cardCount}`;
  const top = result.top[0];
  const view = new OverlayView(result, id);
  // The top-k bars, then every other class on demand; a class with an overlay
  // switches it from either list.
  // Bars that switch the map say so once, above them (the buttons point to it).
  const hintId = `${id}-bars-hint`;
  const hint = view.overlays.size > 1
    ? h('p', { class: 'hint bars-hint', id: hintId, dataset: { role: 'bars-hint' } }, 'Select a class to show its map')
    : null;
  const chartOptions = {
    selectable: new Set(view.overlays.keys()),
    describedBy: hint ? hintId : undefined,
    selected: top.index,
    onSelect: (index) => {
      if (view.showClass(index)) markSelected(bars, index);
    },
  };
  const bars = h('div', { class: 'class-bars' },
    renderBarChart(result.top, chartOptions), allClassesDisclosure(result, chartOptions));
  const certainty = certaintyOf(result);
  const t = result.timings;
  const topName = top.displayLabel ?? top.label;  // the class as people read it (manifest display_labels)
  const verdictText = result.kind === 'patch'
    ? `${topName} (${formatPct(top.prob)}, ${result.aggregate} of ${result.patches.length} patches)`
    : `${topName} (${formatPct(top.prob)})`;
  // An out-of-domain image gets no verdict: the output stays hidden (bars,
  // screening line and the class map) until the user asks for it, and is then
  // marked as model output, not a verdict.
  const outOfDomain = result.domain ? !result.domain.inDomain : false;
  const output = h('div', { class: 'model-output', hidden: outOfDomain, dataset: { role: 'output' } },
    h('p', { class: 'verdict-text', dataset: { role: 'verdict' } },
      h('span', { class: 'verdict-label' }, outOfDomain ? 'Model output, not a verdict: ' : 'Model output: '), verdictText,
      certainty ? h('span', { class: 'certainty', dataset: { role: 'certainty' } }, ` — ${certainty}`) : null),
    screeningNote(result),
    hint,
    bars);
  // The map's legend and caption name a class: withheld with the map.
  const legendParts = [view.legend, view.caption].filter(Boolean);
  if (outOfDomain && view.heatmap) {
    view.heatmap.hidden = true;
    for (const part of legendParts) part.hidden = true;
  }
  const reveal = () => {
    output.hidden = false;
    if (view.heatmap) view.heatmap.hidden = false;
    for (const part of legendParts) part.hidden = false;
    card.dataset.verdict = 'shown-anyway';
  };
  const card = h('article', {
    class: 'result-card', id, tabindex: '-1', 'aria-labelledby': `${id}-title`,
    dataset: {
      file: result.fileName, status: 'ok', model: result.model, variant: result.variant, kind: result.kind,
      topLabel: top.label, topDisplayLabel: topName, topProb: String(top.prob), labels: JSON.stringify(result.labels),
      probs: JSON.stringify(result.probs), patches: result.patches ? String(result.patches.length) : undefined,
      verdict: outOfDomain ? 'withheld' : 'shown', routed: result.routing?.auto ? 'auto' : 'manual',
      inDomain: result.domain ? String(result.domain.inDomain) : undefined,
      domainScore: result.domain ? String(result.domain.score) : undefined,
      domainThreshold: result.domain ? String(result.domain.threshold) : undefined,
      screening: result.screening ? (result.screening.above ? 'above' : 'below') : undefined,
      scaleSource: result.scale?.source, fieldOfView: result.scale ? String(result.scale.fieldOfView) : undefined,
      certainty: certainty ?? undefined,
    },
  },
  h('header', {},
    h('h3', { id: `${id}-title`, class: 'file-name' }, result.fileName),
    h('p', { class: 'meta' }, `${result.format.toUpperCase()} ${result.width}×${result.height} · ${result.model} (${result.variant})`),
    provenance(model, result.variant)),
  view.element,
  h('div', { class: 'verdict' },
    accuracyCaution(modelEval),
    routingNote(result),
    outOfDomain ? outOfDomainNotice(result, reveal) : null,
    output,
    scaleNote(result),  // outside the output: how the image was read, shown even when the verdict is withheld
    h('p', { class: 'timing-line', dataset: { role: 'timings' } },
      `decode ${formatMs(t.decode)} · preprocess ${formatMs(t.preprocess)} · inference ${formatMs(t.inference)} · postprocess ${formatMs(t.postprocess)}`)),
  printFooter(notice, producedAt));
  card.overlayView = view;
  return card;
}

export function createErrorCard(fileName, error, { notice = null, producedAt = new Date() } = {}) {
  return h('article', { class: 'result-card error-card', tabindex: '-1', dataset: { file: fileName, status: 'error', code: error.code ?? 'error' } },
    h('header', {}, h('h3', { class: 'file-name' }, fileName)),
    h('p', { class: 'error-message' }, error.message),
    printFooter(notice, producedAt));
}
