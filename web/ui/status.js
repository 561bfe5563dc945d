// The status line in the footer: one <b data-field="..."> per fact.
export class StatusLine {
  constructor(root) {
    this.root = root;
  }

  set(field, text, state = null) {
    const node = this.root.querySelector(`[data-field="${field}"]`);
    if (!node) return;
    node.textContent = text;
    if (state) node.dataset.state = state;
    else delete node.dataset.state;
  }
}
