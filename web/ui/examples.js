// "Try an example": a few credited images that ship with the page
// (web/examples/index.json), so a first visit can see a real result without a
// file of its own. Pressing one selects the example's model (if another is
// chosen) and classifies the image like a dropped file. Examples whose model
// this build lacks are left out; with none left the row stays hidden.
import { h } from '../page/dom.js';

export async function setupExamples({ container, models, selectModel, currentModel, classify, onError }) {
  let index;
  try {
    const response = await fetch('examples/index.json');
    if (!response.ok) return;
    index = await response.json();
  } catch {
    return;  // no examples in this build: nothing to offer
  }
  const names = new Set(models.map((m) => m.name));
  const examples = (index.examples ?? []).filter((e) => names.has(e.model));
  if (!examples.length) return;

  const run = async (example, button) => {
    button.disabled = true;
    try {
      if (currentModel() !== example.model) await selectModel(example.model);
      const response = await fetch(`examples/${example.file}`);
      if (!response.ok) throw new Error(`example ${example.file}: HTTP ${response.status}`);
      const name = example.file.split('/').pop();
      await classify([{ name, bytes: await response.arrayBuffer() }]);
    } finally {
      button.disabled = false;
    }
  };
  const buttons = examples.map((example) => {
    const button = h('button', { type: 'button', class: 'example-button', dataset: { label: example.label, file: example.file } },
      h('img', { src: `examples/${example.file}`, alt: '', width: 48, height: 48 }),
      h('span', {}, example.title));
    button.addEventListener('click', () => run(example, button).catch((e) => onError(`Could not run the example: ${e.message}`)));
    return button;
  });
  container.replaceChildren(
    h('h3', { class: 'small-heading', id: 'examples-heading' }, 'Or try an example'),
    h('div', { class: 'example-list', role: 'group', 'aria-labelledby': 'examples-heading' }, buttons),
    h('p', { class: 'hint credit' }, index.credit, ' ',
      index.credit_url ? h('a', { href: index.credit_url, rel: 'noopener noreferrer', target: '_blank' }, 'Source') : null));
  container.hidden = false;
}
