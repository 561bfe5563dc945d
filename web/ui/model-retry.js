// The Retry offer for a model that did not load (a download cut off, a file
// that failed its SHA-256 check, no network): a line in the model card saying
// the model was not loaded and cannot classify, and a Retry button
// (#model-retry[data-model]) that downloads it again. Nothing of the failed
// download was kept (worker/model-loader.js), so a retry starts afresh.
// The card's next showCard() (any model selection) removes the line.
import { h } from '../page/dom.js';

export function showModelRetry(card, { model, title, onRetry }) {
  clearModelRetry(card);
  const button = h('button', {
    type: 'button', id: 'model-retry', dataset: { model },
    onclick: () => {
      clearModelRetry(card);
      onRetry();
    },
  }, 'Retry');
  // The model card is a live region: the paragraph needs no alert role of its own.
  card.append(h('p', { class: 'model-retry' },
    `${title} was not loaded, so images cannot be classified with it. `, button));
  return button;
}

export function clearModelRetry(card) {
  card.querySelector('.model-retry')?.remove();
}
