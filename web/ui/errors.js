// The list of error messages under the drop zone: each a dismissable
// <li class="error" data-code data-file>; the page keeps working.
import { h } from '../page/dom.js';

const HINTS = {
  unsupported: 'Use a PNG, JPEG, BMP or DICOM image.',
  corrupt: 'The file looks damaged or truncated.',
  too_large: 'Use a smaller image.',
  empty: 'The file has no content.',
  integrity: 'The model file is damaged or was changed; it was not used or kept. Press Retry to download it again.',
  network: 'Check the connection (and press Retry for a model); models are available offline only after their first use.',
  no_tissue: 'This model expects a slide image with stained tissue.',
  manifest: 'The model folder is incomplete or its manifest is wrong.',
  model_mismatch: 'The model file does not match its manifest.',
  session: 'The browser could not load this model.',
};

export class ErrorList {
  constructor(list) {
    this.list = list;
  }

  add(message, { code = 'error', file = null } = {}) {
    const hint = HINTS[code];
    const item = h('li', { class: 'error', dataset: { code, ...(file ? { file } : {}) } },
      h('span', { class: 'error-message' }, message),
      hint ? h('span', { class: 'error-hint' }, ` ${hint}`) : null,
      h('button', { type: 'button', class: 'link-button', 'aria-label': 'Dismiss this message', onclick: () => item.remove() }, 'Dismiss'));
    this.list.append(item);
    return item;
  }

  clear() {
    this.list.replaceChildren();
  }
}
