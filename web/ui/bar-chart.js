// Top-k probabilities as a horizontal bar chart (<ol>, one <li data-label data-prob>
// per class; data-label is the model's label, data-display-label and the text its
// display label). Classes with an overlay are buttons that switch the overlay.
// `start`: the rank of the first entry (a list that continues another one).
// `describedBy`: the id of the card's "Select a class to show its map" hint.
// A button's aria-pressed says which class the map shows (markSelected).
import { formatPct, h } from '../page/dom.js';

export function renderBarChart(top, { selectable = new Set(), selected = null, onSelect = null,
  label = 'Class probabilities', start = 1, describedBy = undefined } = {}) {
  const list = h('ol', { class: 'bars', 'aria-label': label, start: start === 1 ? undefined : String(start) });
  for (const entry of top) {
    const fill = h('span', { class: 'bar-fill' });
    fill.style.width = `${Math.max(0, Math.min(1, entry.prob)) * 100}%`;
    const name = entry.displayLabel ?? entry.label;
    const content = [h('span', { class: 'bar-label' }, name),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
      h('span', { class: 'bar-value' }, formatPct(entry.prob))];
    const canSelect = selectable.has(entry.index) && onSelect;
    const item = h('li', { dataset: { label: entry.label, displayLabel: name, prob: String(entry.prob), index: String(entry.index) } },
      canSelect
        ? h('button', { type: 'button', class: 'bar-button', 'aria-pressed': String(entry.index === selected),
          title: `Show the map for ${name}`, 'aria-describedby': describedBy, onclick: () => onSelect(entry.index) }, content)
        : h('div', { class: 'bar-row' }, content));
    list.append(item);
  }
  return list;
}

export function markSelected(list, index) {
  for (const button of list.querySelectorAll('.bar-button')) {
    button.setAttribute('aria-pressed', String(button.closest('li').dataset.index === String(index)));
  }
}
