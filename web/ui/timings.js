// Per-stage timings of the last image (<dd data-stage>) and a short history
// (<li data-total>) of the most recent ones.
import { formatMs, h } from '../page/dom.js';

const HISTORY = 10;

export class TimingPanel {
  constructor(list, history) {
    this.list = list;
    this.history = history;
  }

  show(timings, label) {
    for (const dd of this.list.querySelectorAll('dd[data-stage]')) {
      const v = timings[dd.dataset.stage];
      dd.textContent = formatMs(v);
      dd.dataset.ms = Number.isFinite(v) ? v.toFixed(3) : '';
    }
    const item = h('li', { dataset: { total: timings.total.toFixed(3) } },
      h('span', { class: 'history-name' }, label), ' ',
      h('span', { class: 'history-ms' }, `${formatMs(timings.total)} (inference ${formatMs(timings.inference)})`));
    this.history.prepend(item);
    while (this.history.children.length > HISTORY) this.history.lastElementChild.remove();
  }

  // Back to the empty panel (Clear).
  clear() {
    for (const dd of this.list.querySelectorAll('dd[data-stage]')) {
      dd.textContent = '–';
      delete dd.dataset.ms;
    }
    this.history.replaceChildren();
  }
}
