// The image with its explanation layers stacked on top: the preview, the
// CAM or per-patch probability heatmap (opacity slider), and for patch models
// the tissue mask and the patch grid (toggles). Every layer is a canvas the size
// of the preview. Overlays arrive small (a CAM at feature-map resolution) with
// their `placement` in source-image pixels, chosen by the core; the canvas
// scales them into place.
import { h } from '../page/dom.js';

function rgbaCanvas({ width, height, data }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const pixels = data instanceof Uint8ClampedArray ? data : new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  canvas.getContext('2d').putImageData(new ImageData(pixels, width, height), 0, 0);
  return canvas;
}

function layer(name, width, height, label) {
  return h('canvas', { class: `layer layer-${name}`, width, height, dataset: { layer: name }, role: 'img', 'aria-label': label });
}

export class OverlayView {
  constructor(result, id) {
    const { preview } = result;
    this.result = result;
    this.scale = preview.width / result.width;  // preview pixels per source pixel
    this.image = layer('image', preview.width, preview.height, `${result.fileName}, ${result.width}×${result.height}`);
    this.image.getContext('2d').putImageData(
      new ImageData(new Uint8ClampedArray(preview.data.buffer, preview.data.byteOffset, preview.data.byteLength), preview.width, preview.height), 0, 0);
    this.layers = [this.image];
    this.overlays = new Map((result.overlays ?? []).map((o) => [o.classIndex, o]));
    if (this.overlays.size) {
      const what = result.overlayKind === 'cam' ? 'Class activation map' : 'Patch probability heatmap';
      this.heatmap = layer('heatmap', preview.width, preview.height, what);
      this.heatmap.classList.add('heatmap-canvas');
      this.layers.push(this.heatmap);
    }
    if (result.tissue) {
      this.mask = layer('mask', preview.width, preview.height, 'Tissue mask');
      this.#drawRect(this.mask, rgbaCanvas(result.tissue), result.tissue.placement, false);
      this.layers.push(this.mask);
    }
    if (result.patches) {
      this.grid = layer('patches', preview.width, preview.height, `${result.patches.length} sampled patches`);
      this.#drawGrid();
      this.layers.push(this.grid);
    }
    this.stack = h('div', { class: 'viewer' }, this.layers);
    this.stack.style.aspectRatio = `${preview.width} / ${preview.height}`;
    this.controls = this.#makeControls(id);
    this.element = h('div', { class: 'viewer-wrap' }, this.stack, this.controls);
    if (this.heatmap) this.showClass(result.top[0].index);
  }

  // Drops the preview, overlays and canvases (a collapsed card). The card's bar
  // buttons keep a reference to this view, so without this every image of a
  // session would stay in memory; showClass() is a no-op afterwards.
  release() {
    for (const canvas of this.layers) {
      canvas.width = 0;
      canvas.height = 0;
    }
    this.overlays.clear();
    this.layers = [];
    this.result = this.image = this.heatmap = this.mask = this.grid = null;
    this.stack = this.controls = this.element = this.classLabel = null;
  }

  // Draws the overlay of class `index` (CAM or heatmap) on the heatmap layer.
  showClass(index) {
    const overlay = this.overlays.get(index);
    if (!overlay || !this.heatmap) return false;
    this.selected = index;
    this.heatmap.dataset.classIndex = String(index);
    this.heatmap.dataset.label = overlay.label;
    const ctx = this.heatmap.getContext('2d');
    ctx.clearRect(0, 0, this.heatmap.width, this.heatmap.height);
    if (!overlay.canvas) overlay.canvas = rgbaCanvas(overlay);
    // A CAM is a smooth map: bilinear scaling; patch heat map cells stay crisp.
    this.#drawRect(this.heatmap, overlay.canvas, overlay.placement, this.result.overlayKind === 'cam');
    if (this.classLabel) this.classLabel.textContent = overlay.label;
    return true;
  }

  #drawRect(target, source, rect, smooth) {
    const ctx = target.getContext('2d');
    ctx.imageSmoothingEnabled = smooth;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(source, rect.x * this.scale, rect.y * this.scale, rect.width * this.scale, rect.height * this.scale);
  }

  #drawGrid() {
    const ctx = this.grid.getContext('2d');
    ctx.lineWidth = Math.max(1, Math.round(this.grid.width / 400));
    for (const p of this.result.patches) {
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.strokeRect(p.x * this.scale + 0.5, p.y * this.scale + 0.5, p.size * this.scale - 1, p.size * this.scale - 1);
    }
  }

  #makeControls(id) {
    const controls = h('div', { class: 'viewer-controls' });
    if (this.heatmap) {
      const sliderId = `${id}-opacity`;
      const slider = h('input', { type: 'range', id: sliderId, min: '0', max: '100', value: '50', class: 'opacity-slider',
        dataset: { role: 'opacity' } });
      const apply = () => {
        this.heatmap.style.opacity = String(Number(slider.value) / 100);
        slider.setAttribute('aria-valuetext', `${slider.value}%`);
      };
      slider.addEventListener('input', apply);
      apply();
      this.classLabel = h('span', { class: 'overlay-class', dataset: { role: 'overlay-class' } });
      controls.append(h('div', { class: 'control' },
        h('label', { for: sliderId }, this.result.overlayKind === 'cam' ? 'Heatmap (CAM) opacity' : 'Heatmap opacity'),
        slider, h('span', { class: 'hint' }, 'showing ', this.classLabel)));
    }
    const toggles = [
      [this.heatmap, 'heatmap', 'Heatmap', true],
      [this.mask, 'mask', 'Tissue mask', false],
      [this.grid, 'patches', 'Patch grid', true],
    ].filter(([canvas]) => canvas && (this.mask || this.grid));
    if (toggles.length) {
      const group = h('fieldset', { class: 'layer-toggles' }, h('legend', {}, 'Layers'));
      for (const [canvas, name, label, on] of toggles) {
        const boxId = `${id}-layer-${name}`;
        const box = h('input', { type: 'checkbox', id: boxId, checked: on, dataset: { toggle: name } });
        canvas.hidden = !on;
        box.addEventListener('change', () => { canvas.hidden = !box.checked; });
        group.append(h('span', { class: 'toggle' }, box, h('label', { for: boxId }, label)));
      }
      controls.append(group);
    }
    return controls;
  }
}
