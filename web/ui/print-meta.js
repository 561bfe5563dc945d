// The printed report's header line (index.html #print-meta, shown by styles.css
// @media print only): how many results and when they were produced (first to
// last). As printing starts, every [data-role=printed-at] (this line's and each
// card's footer) gets the time of printing: on beforeprint (the print dialog,
// page.pdf()) and when the print media query starts to match (print emulation,
// browsers without beforeprint).
import { h } from '../page/dom.js';
import { timeElement } from './result-card.js';

export class PrintMeta {
  constructor(element) {
    this.element = element;
    this.first = this.last = null;
    addEventListener('beforeprint', () => PrintMeta.stampPrinted());
    matchMedia('print').addEventListener('change', (e) => { if (e.matches) PrintMeta.stampPrinted(); });
  }

  // count: the results so far; now: when the latest one was produced.
  stamp(count, now = new Date()) {
    this.first ??= now;
    this.last = now;
    const same = this.last - this.first < 1000;
    this.element.replaceChildren(`${count} result${count === 1 ? '' : 's'}, produced `, timeElement(this.first),
      ...(same ? [] : [' to ', timeElement(this.last)]), h('span', { dataset: { role: 'printed-at' } }), '.');
    this.element.hidden = false;
  }

  clear() {
    this.first = this.last = null;
    this.element.replaceChildren();
    this.element.hidden = true;
  }

  static stampPrinted(now = new Date()) {
    for (const node of document.querySelectorAll('[data-role="printed-at"]')) node.replaceChildren('; printed ', timeElement(now));
  }
}
