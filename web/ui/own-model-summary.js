// A model the user added (ui/own-model-form.js), in the picker: the " — your
// model" suffix of its option (ui/model-picker.js) and, in its summary, the
// "Your model" badge with where it is kept, and "Remove this model", which asks
// first (inline: Remove / Keep it) and then calls onRemove(model).
import { h } from '../page/dom.js';

export const OWN_SUFFIX = ' — your model';

export function ownModelSummary(model, onRemove) {
  const remove = h('button', { type: 'button', class: 'remove-model', dataset: { role: 'remove-model' } }, 'Remove this model');
  const keep = h('button', { type: 'button', class: 'secondary', dataset: { role: 'remove-cancel' } }, 'Keep it');
  const confirm = h('button', { type: 'button', class: 'danger', dataset: { role: 'remove-confirm' } }, 'Remove');
  const ask = h('div', { class: 'remove-ask', role: 'group', 'aria-label': `Remove ${model.title}?`, hidden: true },
    h('p', {}, `Remove ${model.title} and its stored files from this browser? To use it again you will have to add its files again.`),
    confirm, keep);
  remove.addEventListener('click', () => {
    remove.hidden = true;
    ask.hidden = false;
    keep.focus();  // the safe choice has the focus
  });
  keep.addEventListener('click', () => {
    ask.hidden = true;
    remove.hidden = false;
    remove.focus();
  });
  confirm.addEventListener('click', () => {
    confirm.disabled = keep.disabled = true;
    onRemove(model);
  });
  const added = model.addedAt ? new Date(model.addedAt) : null;
  return h('div', { class: 'own-model-note', dataset: { role: 'own-model' } },
    h('p', {}, h('span', { class: 'own-badge', dataset: { role: 'own-badge' } }, 'Your model'),
      ` Added from your files${added && !Number.isNaN(added.getTime()) ? ` on ${added.toLocaleDateString()}` : ''}; ` +
      'stored in this browser only (always available offline), never uploaded. dxlens has not evaluated it.'),
    remove, ask);
}
