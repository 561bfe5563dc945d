// "All N classes" on demand: the classes below the card's top-k bars, most
// probable first, in a native <details> (keyboard and screen-reader support
// for free) as the same bar chart, numbered on from the top-k list.
import { h } from '../page/dom.js';
import { renderBarChart } from './bar-chart.js';

// The classes not among `result.top`, as bar entries sorted by probability.
export function otherClasses(result) {
  const shown = new Set(result.top.map((t) => t.index));
  return (result.labels ?? [])
    .map((label, index) => ({ label, displayLabel: result.displayLabels?.[index] ?? label, index, prob: result.probs[index] }))
    .filter((e) => !shown.has(e.index))
    .sort((a, b) => b.prob - a.prob);
}

// -> <details data-role="all-classes"> or null when the top bars already show every class.
// chartOptions: as renderBarChart's (selectable classes and the handler).
export function allClassesDisclosure(result, chartOptions = {}) {
  const rest = otherClasses(result);
  if (rest.length === 0) return null;
  return h('details', { class: 'all-classes', dataset: { role: 'all-classes' } },
    h('summary', {}, `All ${result.labels.length} classes`),
    renderBarChart(rest, { ...chartOptions, label: 'Other class probabilities', start: result.top.length + 1 }));
}
