// One card per image: preview with overlays, verdict, top-k bar chart, timings.
// Stable hooks: <article class="result-card" data-file data-status="ok|error"
// data-model data-kind data-top-label data-top-prob data-labels data-probs>.
import { formatMs, formatPct, h } from '../page/dom.js';
import { markSelected, renderBarChart } from './bar-chart.js';
import { OverlayView } from './overlay-view.js';

let cardCount = 0;

export function createResultCard(result) {
  const id = `result-${++cardCount}`;
  const top = result.top[0];
  const view = new OverlayView(result, id);
  const bars = renderBarChart(result.top, {
    selectable: new Set(view.overlays.keys()),
    selected: top.index,
    onSelect: (index) => {
      if (view.showClass(index)) markSelected(bars, index);
    },
  });
  const t = result.timings;
  const verdictText = result.kind === 'patch'
    ? `${top.label} (${formatPct(top.prob)}, ${result.aggregate} of ${result.patches.length} patches)`
    : `${top.label} (${formatPct(top.prob)})`;
  const card = h('article', {
    class: 'result-card', id, tabindex: '-1', 'aria-labelledby': `${id}-title`,
    dataset: {
      file: result.fileName, status: 'ok', model: result.model, variant: result.variant, kind: result.kind,
      topLabel: top.label, topProb: String(top.prob), labels: JSON.stringify(result.labels),
      probs: JSON.stringify(result.probs), patches: result.patches ? String(result.patches.length) : undefined,
    },
  },
  h('header', {},
    h('h3', { id: `${id}-title`, class: 'file-name' }, result.fileName),
    h('p', { class: 'meta' }, `${result.format.toUpperCase()} ${result.width}×${result.height} · ${result.model} (${result.variant})`)),
  view.element,
  h('div', { class: 'verdict' },
    h('p', { class: 'verdict-text', dataset: { role: 'verdict' } }, h('span', { class: 'verdict-label' }, 'Model output: '), verdictText),
    bars,
    h('p', { class: 'timing-line', dataset: { role: 'timings' } },
      `decode ${formatMs(t.decode)} · preprocess ${formatMs(t.preprocess)} · inference ${formatMs(t.inference)} · postprocess ${formatMs(t.postprocess)}`)));
  card.overlayView = view;
  return card;
}

export function createErrorCard(fileName, error) {
  return h('article', { class: 'result-card error-card', tabindex: '-1', dataset: { file: fileName, status: 'error', code: error.code ?? 'error' } },
    h('header', {}, h('h3', { class: 'file-name' }, fileName)),
    h('p', { class: 'error-message', role: 'alert' }, error.message));
}
