// The model card (models/<name>/CARD.md, or the Markdown of a model a user brings: `cardText`)
// rendered in the page, in a modal <dialog>, and Markdown snippets (the picker's
// summary) rendered the same way.
//
// Markdown is parsed by markdown-it (vendor/markdown-it, copied from
// node_modules by tools/build_web.sh, imported on first use) with raw HTML off
// (html: false: a <script> or <img onerror> in a card stays text, never an
// element) and its link check on (javascript:, vbscript:, file: and data:
// links stay text). Its tokens are then turned into DOM nodes here with
// page/dom.js h() (text always goes in as text: no innerHTML, no HTML parser),
// from a fixed set of elements; links must be http(s) or mailto; images show
// as their alt text (a card loads nothing). Tables sit in a focusable, labelled
// region that scrolls sideways on a phone. CSP-clean: no inline styles (table
// alignment is a class) and no eval.
//
// The dialog: focus moves to the card's title, Escape, the Close button or a
// click outside the card closes it, and focus goes back to the button that
// opened it. Hooks: dialog#model-card-dialog[data-model][data-state=loading|ready|error|closed],
// [data-role=card-body], [data-role=close-card].
import { h } from '../page/dom.js';

const MARKDOWN_IT = new URL('../vendor/markdown-it/markdown-it.esm.min.mjs', import.meta.url).href;
const OPTIONS = { html: false, linkify: false, typographer: false };

let parser = null;

// The markdown-it instance (a promise; imported once, on first use).
export function markdownParser() {
  parser ??= import(MARKDOWN_IT)
    .then(({ default: markdownit }) => markdownit(OPTIONS))
    .catch((e) => {
      parser = null;  // a failed download can be retried
      throw new Error(`the Markdown renderer could not be loaded (${e.message ?? e})`);
    });
  return parser;
}

// The elements a card may produce; markdown-it's other tags become a <span>/<div>.
const ELEMENTS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead',
  'tbody', 'tr', 'th', 'td', 'strong', 'em', 's', 'a', 'code', 'pre', 'hr', 'br']);
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const ALIGN = /^text-align:\s*(left|center|right)$/;

// href resolved against the card's URL, or null when it is no http(s)/mailto link.
function safeHref(href, base) {
  try {
    const url = new URL(href, base);
    return LINK_PROTOCOLS.has(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

// The element for an opening token: {node (appended to the parent), inner
// (where its children go; default node)}.
function openElement(token, ctx) {
  const tag = ELEMENTS.has(token.tag) ? token.tag : (token.block ? 'div' : 'span');
  if (tag === 'table') {
    // Scrolls sideways inside the card on a phone; focusable so a keyboard can scroll it.
    ctx.tables++;
    const heading = ctx.lastHeading?.textContent.trim();
    const table = h('table');
    const region = h('div', {
      class: 'card-table-wrap', tabindex: '0', role: 'region',
      'aria-label': `Table ${ctx.tables}${heading ? `: ${heading}` : ''}`,
    }, table);
    return { node: region, inner: table };
  }
  if (tag === 'a') {
    const url = safeHref(token.attrGet('href') ?? '', ctx.base);
    if (!url) return { node: h('span', { class: 'card-link-text' }) };  // the link's text, without the link
    const external = url.origin !== location.origin;
    return {
      node: h('a', {
        href: url.href, title: token.attrGet('title') ?? undefined,
        target: external ? '_blank' : undefined, rel: external ? 'noopener noreferrer' : undefined,
      }),
    };
  }
  const node = h(tag);
  if (tag === 'ol' && token.attrGet('start')) node.setAttribute('start', String(Number(token.attrGet('start')) || 1));
  if (tag === 'th' || tag === 'td') {
    const align = ALIGN.exec(token.attrGet('style') ?? '');
    if (align) node.classList.add(`align-${align[1]}`);
    if (tag === 'th' && ctx.inHead) node.setAttribute('scope', 'col');
  }
  if (/^h[1-6]$/.test(tag)) {
    ctx.lastHeading = node;
    ctx.headings.push(node);
  }
  if (tag === 'thead') ctx.inHead = true;
  if (tag === 'tbody') ctx.inHead = false;
  return { node };
}

// A token without children: text, code, breaks, rules; images as their alt text.
function leaf(token) {
  switch (token.type) {
    case 'text':
    case 'text_special':
    case 'html_inline':  // only with html: true; as text, should it ever come
    case 'html_block':
      return document.createTextNode(token.content);
    case 'softbreak': return document.createTextNode('\n');
    case 'hardbreak': return h('br');
    case 'code_inline': return h('code', {}, token.content);
    case 'fence':
    case 'code_block': return h('pre', {}, h('code', {}, token.content));
    case 'hr': return h('hr');
    case 'image': return h('span', { class: 'card-image-alt' }, `[image${token.content ? `: ${token.content}` : ''}]`);
    default: return token.content ? document.createTextNode(token.content) : null;
  }
}

function build(tokens, root, ctx) {
  const stack = [root];
  const parent = () => stack[stack.length - 1];
  for (const token of tokens) {
    if (token.type === 'inline') {
      build(token.children ?? [], parent(), ctx);
    } else if (token.nesting === 1) {
      if (token.hidden) {  // a tight list's paragraph: its text goes straight into the <li>
        stack.push(parent());
        continue;
      }
      const { node, inner } = openElement(token, ctx);
      parent().append(node);
      stack.push(inner ?? node);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else {
      const node = leaf(token);
      if (node) parent().append(node);
    }
  }
}

// Markdown text -> {fragment, headings: [h1..h6 elements], tables: count}.
// base: the URL relative links resolve against (the card's own).
export function renderMarkdown(md, text, { base = location.href } = {}) {
  const ctx = { base, tables: 0, lastHeading: null, headings: [], inHead: false };
  const fragment = document.createDocumentFragment();
  build(md.parse(text, {}), fragment, ctx);
  return { fragment, headings: ctx.headings, tables: ctx.tables };
}

// One paragraph of Markdown (no blocks) -> a DocumentFragment of inline nodes.
export function renderInline(md, text, { base = location.href } = {}) {
  const ctx = { base, tables: 0, lastHeading: null, headings: [], inHead: false };
  const fragment = document.createDocumentFragment();
  build(md.parseInline(text, {}), fragment, ctx);
  return fragment;
}

// The Markdown of `element`'s text rendered into it, once markdown-it is loaded;
// until then (or if it cannot load) the text without its Markdown marks.
export function fillInline(element, text, base) {
  element.textContent = text.replace(/\*\*|__|`/g, '');
  markdownParser().then((md) => element.replaceChildren(renderInline(md, text, { base })), () => {});
  return element;
}

// The URL of a models/index.json entry's card.
export function cardUrl(entry) {
  return new URL(`models/${encodeURIComponent(entry.name)}/${entry.card}`, document.baseURI).href;
}

// Whether an entry has a card: a file of the site (`card`), or the Markdown itself
// (`cardText`: the card of a model the user brings, which no URL serves).
export function hasCard(entry) {
  return Boolean(entry?.card) || typeof entry?.cardText === 'string';
}

async function cardSource(entry) {
  if (typeof entry.cardText === 'string') return { text: entry.cardText, base: document.baseURI };
  const url = cardUrl(entry);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return { text: await response.text(), base: url };
}

export class ModelCardView {
  constructor(doc = document) {
    this.opener = null;
    this.generation = 0;
    this.body = h('div', { class: 'card-body', dataset: { role: 'card-body' } });
    this.heading = h('p', { class: 'card-dialog-title', id: 'model-card-dialog-title' }, 'Model card');
    const close = h('button', { type: 'button', class: 'card-close', dataset: { role: 'close-card' },
      'aria-label': 'Close the model card', onclick: () => this.close() }, 'Close');
    this.dialog = h('dialog', {
      id: 'model-card-dialog', class: 'card-dialog', 'aria-labelledby': 'model-card-dialog-title',
      dataset: { state: 'closed', model: '' },
    }, h('div', { class: 'card-dialog-bar' }, this.heading, close), this.body);
    this.closeButton = close;
    // Escape closes a modal dialog by itself ('cancel', then 'close'); so does a click on the backdrop.
    this.dialog.addEventListener('click', (e) => {
      if (e.target === this.dialog) this.close();
    });
    this.dialog.addEventListener('close', () => {
      this.generation++;
      this.dialog.dataset.state = 'closed';
      if (this.opener?.isConnected) this.opener.focus();
      this.opener = null;
    });
    doc.body.append(this.dialog);
  }

  // entry: a models/index.json entry with a card (hasCard); opener: the button to give focus back to.
  async open(entry, opener = null) {
    const generation = ++this.generation;
    this.opener = opener;
    this.dialog.dataset.model = entry.name;
    this.dialog.dataset.state = 'loading';
    this.heading.textContent = `Model card: ${entry.title ?? entry.name}`;
    this.body.replaceChildren(h('p', { class: 'hint' }, 'Loading the model card…'));
    if (!this.dialog.open) this.dialog.showModal();
    this.closeButton.focus();
    try {
      const [md, { text, base }] = await Promise.all([markdownParser(), cardSource(entry)]);
      if (generation !== this.generation) return;
      const { fragment, headings } = renderMarkdown(md, text, { base });
      this.body.replaceChildren(fragment);
      this.dialog.dataset.state = 'ready';
      // Focus starts at the card's title, so that it is read first; Tab goes on into the card.
      const title = headings[0];
      if (title) {
        title.id = 'model-card-title';
        title.tabIndex = -1;
        this.dialog.setAttribute('aria-labelledby', 'model-card-title');
        title.focus();
      }
    } catch (e) {
      if (generation !== this.generation) return;
      this.dialog.setAttribute('aria-labelledby', 'model-card-dialog-title');
      this.body.replaceChildren(h('p', { class: 'error-message', role: 'alert' },
        `The model card could not be shown: ${e.message ?? e}`));
      this.dialog.dataset.state = 'error';
    }
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }
}

let shared = null;
// The page's one card dialog, made on first use.
export function modelCardView() {
  shared ??= new ModelCardView();
  return shared;
}
