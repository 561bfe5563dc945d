// What a result card says about trusting its answer (core/include/dxlens/trust.h):
// which model the image went to and why (Auto routing, or a better-fitting
// model than the one picked by hand), whether the image is of the kind the
// model learned, and which side of a screening threshold the answer falls.
import { formatPct, h } from '../page/dom.js';

const fmt = (x) => (Number.isFinite(x) ? x.toPrecision(4) : '–');

// Auto: "routed to <title>", with the runner-up. Hand-picked and out of
// domain while another model fits: "this looks like a <title> image".
export function routingNote(result) {
  const ranking = result.routing?.ranking ?? [];
  if (result.routing?.auto) {
    const runnerUp = ranking.find((r) => r.model !== result.model);
    // Router ranking (prob: the domain classifier's probability) or the fallback's
    // domain score ÷ threshold (worker/route.js).
    const why = Number.isFinite(ranking[0]?.prob)
      ? ` (domain classifier: ${formatPct(ranking[0].prob)}` + (runnerUp ? `; runner-up ${runnerUp.title}: ${formatPct(runnerUp.prob)})` : ')')
      : ` (domain score ${fmt(ranking[0]?.ratio)} × its threshold` + (runnerUp ? `; runner-up ${runnerUp.title}: ${fmt(runnerUp.ratio)} ×)` : ')');
    return h('p', { class: 'routing', dataset: { role: 'routing', routedTo: result.model } },
      `Auto: routed to ${result.title}`, h('small', {}, why));
  }
  const own = ranking.find((r) => r.model === result.model);
  const better = ranking[0];
  if (!better || better.model === result.model || !better.inDomain || result.domain?.inDomain) return null;
  if (own && better.ratio >= own.ratio) return null;
  return h('p', { class: 'routing better-model', dataset: { role: 'better-model', model: better.model } },
    `This looks like a ${better.title} image: that model fits it better than ${result.title}.`);
}

// The notice that replaces the verdict of an out-of-domain image.
export function outOfDomainNotice(result, onShow) {
  const d = result.domain;
  const button = h('button', { type: 'button', class: 'show-anyway', dataset: { role: 'show-anyway' } },
    'Show the model output anyway');
  button.addEventListener('click', () => {
    button.hidden = true;
    onShow();
  });
  return h('div', { class: 'ood-notice', role: 'note', dataset: { role: 'ood' } },
    h('p', { class: 'ood-text' }, `This does not look like a ${result.title} image, so no verdict is given.`),
    h('p', { class: 'fineprint' },
      `Domain score ${fmt(d.score)} is above the model's threshold ${fmt(d.threshold)} ` +
      '(the score below which 95 % of its held-back training images fall).'),
    button);
}

// "above / below the screening threshold (t)" for models with an operating point.
export function screeningNote(result) {
  const s = result.screening;
  if (!s) return null;
  const side = s.above ? 'above' : 'below';
  return h('p', { class: `screening screening-${side}`, dataset: { role: 'screening', above: String(s.above) } },
    `${s.displayLabel ?? s.label} ${formatPct(s.probability)}: ${side} the screening threshold (${formatPct(s.threshold)})`);
}
