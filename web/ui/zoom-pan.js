// Zoom and pan for the result viewer (a large slide is shown whole at first, so
// its patches are small): buttons (zoom out, zoom in, reset) under the image;
// on the image itself the mouse wheel with Ctrl/⌘ and a trackpad or touch pinch
// zoom about the pointer, dragging pans once zoomed, and with the viewer
// focused +/− zoom, 0 resets and the arrow keys pan. A plain wheel keeps
// scrolling the page, and an unzoomed image lets a phone scroll past it.
// Every layer (image, heatmap, mask, patch grid) sits in one content box that
// is transformed, so they stay aligned at any zoom. The layers are at preview
// resolution (at most 2048 device px): zooming magnifies that preview.
// Hooks: [data-role="zoom-in"|"zoom-out"|"zoom-reset"], [data-role="zoom-level"],
// the viewer's data-zoom (the scale, 1 = whole image).
import { h } from '../page/dom.js';

const MIN = 1;
const MAX = 8;
const STEP = 1.5;
const PAN_STEP = 0.1;  // of the viewer's size per arrow key press

export class ZoomPan {
  // viewport: the element that clips (position: relative; overflow: hidden);
  // content: the element inside it that holds the layers.
  constructor(viewport, content, { label = 'image' } = {}) {
    this.viewport = viewport;
    this.content = content;
    this.scale = 1;
    this.x = 0;  // content offset in CSS px (<= 0)
    this.y = 0;
    this.pointers = new Map();
    viewport.tabIndex = 0;
    viewport.setAttribute('role', 'group');
    viewport.setAttribute('aria-label', `${label}: press + or − to zoom, arrow keys to pan, 0 to reset`);
    viewport.addEventListener('wheel', (e) => this.#onWheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.#onPointerDown(e));
    viewport.addEventListener('pointermove', (e) => this.#onPointerMove(e));
    for (const type of ['pointerup', 'pointercancel', 'pointerleave']) viewport.addEventListener(type, (e) => this.pointers.delete(e.pointerId));
    viewport.addEventListener('keydown', (e) => this.#onKey(e));
    this.level = h('span', { class: 'zoom-level', dataset: { role: 'zoom-level' }, 'aria-live': 'off' });
    const button = (role, text, aria, action) => h('button', { type: 'button', class: 'zoom-button', dataset: { role }, 'aria-label': aria, onclick: action }, text);
    this.controls = h('div', { class: 'zoom-controls', role: 'group', 'aria-label': 'Zoom' },
      button('zoom-out', '−', 'Zoom out', () => this.zoomBy(1 / STEP)),
      button('zoom-in', '+', 'Zoom in', () => this.zoomBy(STEP)),
      button('zoom-reset', 'Fit', 'Fit the whole image', () => this.reset()),
      this.level);
    this.#apply();
  }

  reset() {
    this.scale = 1;
    this.x = this.y = 0;
    this.#apply();
  }

  // Zooms by `factor` keeping the point (cx, cy) of the viewport (CSS px) still; default its centre.
  zoomBy(factor, cx = this.viewport.clientWidth / 2, cy = this.viewport.clientHeight / 2) {
    const scale = Math.min(MAX, Math.max(MIN, this.scale * factor));
    const k = scale / this.scale;
    this.x = cx - (cx - this.x) * k;
    this.y = cy - (cy - this.y) * k;
    this.scale = scale;
    this.#apply();
  }

  panBy(dx, dy) {
    this.x += dx;
    this.y += dy;
    this.#apply();
  }

  // Keeps the content covering the viewport (no empty margin when panned).
  #clamp() {
    const w = this.viewport.clientWidth, hgt = this.viewport.clientHeight;
    this.x = Math.min(0, Math.max(w - w * this.scale, this.x));
    this.y = Math.min(0, Math.max(hgt - hgt * this.scale, this.y));
  }

  #apply() {
    this.#clamp();
    this.content.style.transform = `translate(${this.x}px, ${this.y}px) scale(${this.scale})`;
    this.viewport.dataset.zoom = this.scale.toFixed(3);
    this.viewport.classList.toggle('zoomed', this.scale > 1);
    this.level.textContent = `${Math.round(this.scale * 100)} %`;
    for (const b of this.controls.querySelectorAll('button')) {
      const role = b.dataset.role;
      b.disabled = (role === 'zoom-in' && this.scale >= MAX) || (role !== 'zoom-in' && this.scale <= MIN);
    }
  }

  #local(e) {
    const r = this.viewport.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  #onWheel(e) {
    if (!e.ctrlKey && !e.metaKey) return;  // a plain wheel scrolls the page
    e.preventDefault();
    this.zoomBy(Math.exp(-e.deltaY / 200), ...this.#local(e));
  }

  #onPointerDown(e) {
    this.pointers.set(e.pointerId, this.#local(e));
    if (this.scale > 1 || this.pointers.size > 1) this.viewport.setPointerCapture?.(e.pointerId);
  }

  #onPointerMove(e) {
    const previous = this.pointers.get(e.pointerId);
    if (!previous) return;
    const now = this.#local(e);
    if (this.pointers.size === 2) {
      // Pinch: the distance between the two pointers sets the zoom, about their midpoint.
      const [other] = [...this.pointers].filter(([id]) => id !== e.pointerId).map(([, p]) => p);
      const before = Math.hypot(previous[0] - other[0], previous[1] - other[1]);
      const after = Math.hypot(now[0] - other[0], now[1] - other[1]);
      if (before > 0) this.zoomBy(after / before, (now[0] + other[0]) / 2, (now[1] + other[1]) / 2);
    } else if (this.scale > 1) {
      this.panBy(now[0] - previous[0], now[1] - previous[1]);
    }
    this.pointers.set(e.pointerId, now);
  }

  #onKey(e) {
    const w = this.viewport.clientWidth, hgt = this.viewport.clientHeight;
    const keys = {
      '+': () => this.zoomBy(STEP), '=': () => this.zoomBy(STEP), '-': () => this.zoomBy(1 / STEP), '0': () => this.reset(),
      ArrowLeft: () => this.panBy(w * PAN_STEP, 0), ArrowRight: () => this.panBy(-w * PAN_STEP, 0),
      ArrowUp: () => this.panBy(0, hgt * PAN_STEP), ArrowDown: () => this.panBy(0, -hgt * PAN_STEP),
    };
    const action = keys[e.key];
    // Arrows only pan a zoomed image; unzoomed they scroll the page as usual.
    if (!action || (e.key.startsWith('Arrow') && this.scale <= 1)) return;
    e.preventDefault();
    action();
  }
}
