// A labelled <progress> that can be shown, updated and hidden.
export class ProgressBar {
  constructor(wrap) {
    this.wrap = wrap;
    this.bar = wrap.querySelector('progress');
    this.label = wrap.querySelector('label');
  }

  show(text) {
    this.wrap.hidden = false;
    this.label.textContent = text;
    this.bar.removeAttribute('value');  // indeterminate until the first update
  }

  update(value, max, text) {
    if (max > 0) {
      this.bar.max = max;
      this.bar.value = Math.min(value, max);
    }
    if (text) this.label.textContent = text;
  }

  hide() {
    this.wrap.hidden = true;
  }
}
