// The image with its explanation layers stacked on top: the preview, the
// CAM or per-patch probability heatmap (opacity slider), and for patch models
// the tissue mask and the patch grid (toggles). Every layer is a canvas the size
// of the preview. Overlays arrive small (a CAM at feature-map resolution) with
// their `placement` in source-image pixels, chosen by the core; the canvas
// scales them into place. Under the image, what the map means: a colour
// legend drawn from the core's own ramp (colormap.js), one sentence on what the
// map shows, and what was analysed: the model's crop outlined (dashed) when it
// left edges out, or each patch outlined and the share of the image (and of the
// tissue found) the patches cover (coverage.js).
// Hooks: canvas[data-layer="region"] (the crop, data-x/y/width/height in source
// pixels), [data-role="crop-note"], [data-role="coverage"] (data-coverage: image
// fraction, data-tissue-coverage, data-image-width/height), canvas[data-layer=
// "patches"] data-patch-geometry ([[x, y, size], ...] as the core gave them),
// [data-role="legend"] (data-label, data-kind), canvas[data-role="legend-ramp"],
// [data-role="map-caption"].
import { h } from '../page/dom.js';
import { rampCanvas } from './colormap.js';
import { clippedPatches, formatCoverage, patchCoverage } from './coverage.js';
import { ZoomPan } from './zoom-pan.js';

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
      if (result.overlayKind === 'cam') this.#outlineCrop(result.overlays[0].placement, preview);
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
    const content = h('div', { class: 'viewer-content' }, this.layers);
    this.stack = h('div', { class: 'viewer' }, content);
    this.stack.style.aspectRatio = `${preview.width} / ${preview.height}`;
    // A tall image is capped at 70vh (styles.css): narrow the box too, so it keeps its shape.
    this.stack.style.width = `min(100%, calc(70vh * ${preview.width} / ${preview.height}))`;
    this.zoom = new ZoomPan(this.stack, content, { label: `${result.fileName}, ${result.width}×${result.height}` });
    this.controls = this.#makeControls(id);
    this.controls.prepend(this.zoom.controls);
    this.explain = this.#makeExplanation();
    this.element = h('div', { class: 'viewer-wrap' }, this.stack, this.explain, this.controls);
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
    this.result = this.image = this.heatmap = this.mask = this.grid = this.region = null;
    this.stack = this.controls = this.element = this.classLabel = this.zoom = null;
    this.explain = this.legend = this.legendClass = this.caption = null;
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
    // Text names the class as people read it (the manifest's display label); data-label stays the model's label.
    const name = overlay.displayLabel ?? overlay.label;
    if (this.classLabel) this.classLabel.textContent = name;
    if (this.legend) {
      this.legend.dataset.label = overlay.label;
      this.legendClass.textContent = name;
      this.caption.textContent = this.result.overlayKind === 'cam'
        ? `Brighter areas pushed the model towards ${name} (class activation map); it shows where, not why.`
        : `Each square is one patch, coloured by its probability of ${name}.`;
    }
    return true;
  }

  #drawRect(target, source, rect, smooth) {
    const ctx = target.getContext('2d');
    ctx.imageSmoothingEnabled = smooth;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(source, rect.x * this.scale, rect.y * this.scale, rect.width * this.scale, rect.height * this.scale);
  }

  // Each patch's outline, clipped to the image (a patch larger than a small
  // image would otherwise leave only two of its sides on the canvas), drawn
  // inside its square so neighbours' outlines do not stack into uneven strips.
  #drawGrid() {
    const { width, height, patches } = this.result;
    this.grid.dataset.patchGeometry = JSON.stringify(patches.map((p) => [p.x, p.y, p.size]));
    const ctx = this.grid.getContext('2d');
    const lw = Math.max(1, Math.round(this.grid.width / 400));
    ctx.lineWidth = lw;
    for (const r of clippedPatches(patches, width, height)) {
      const x0 = r.x0 * this.scale, y0 = r.y0 * this.scale, x1 = r.x1 * this.scale, y1 = r.y1 * this.scale;
      const w = Math.max(lw, x1 - x0 - lw), hgt = Math.max(lw, y1 - y0 - lw);
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.6)';
      ctx.strokeRect(x0 + lw * 1.5, y0 + lw * 1.5, Math.max(lw, w - 2 * lw), Math.max(lw, hgt - 2 * lw));
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.strokeRect(x0 + lw / 2, y0 + lw / 2, w, hgt);
    }
  }

  // The region a whole-image model saw (its CAM's placement, clipped to the
  // image), dashed, when the crop left part of the image out; else nothing.
  #outlineCrop(placement, preview) {
    const { width, height } = this.result;
    const x0 = Math.max(0, placement.x), y0 = Math.max(0, placement.y);
    const x1 = Math.min(width, placement.x + placement.width), y1 = Math.min(height, placement.y + placement.height);
    if (x0 <= 0.5 && y0 <= 0.5 && x1 >= width - 0.5 && y1 >= height - 0.5) return;
    this.region = layer('region', preview.width, preview.height, 'Outline of the region the model analysed');
    Object.assign(this.region.dataset, { x: String(x0), y: String(y0), width: String(x1 - x0), height: String(y1 - y0) });
    const ctx = this.region.getContext('2d');
    const lw = Math.max(2, Math.round(preview.width / 250));
    const rect = [x0 * this.scale + lw / 2, y0 * this.scale + lw / 2, (x1 - x0) * this.scale - lw, (y1 - y0) * this.scale - lw];
    ctx.lineWidth = lw;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.8)';
    ctx.strokeRect(...rect);
    ctx.setLineDash([4 * lw, 3 * lw]);
    ctx.strokeStyle = '#ffffff';
    ctx.strokeRect(...rect);
    this.layers.push(this.region);
  }

  // The legend, the map's one-sentence meaning, and what was analysed.
  #makeExplanation() {
    const parts = [];
    if (this.heatmap) {
      const cam = this.result.overlayKind === 'cam';
      const ramp = rampCanvas(256, 1);
      ramp.className = 'legend-ramp';
      ramp.dataset.role = 'legend-ramp';
      ramp.setAttribute('role', 'img');
      ramp.setAttribute('aria-label', `Colour scale: blue ${cam ? 'low' : '0'}, cyan, green, yellow, red ${cam ? 'high' : '1'}`);
      this.legendClass = h('span', { class: 'legend-class', dataset: { role: 'legend-class' } });
      this.legend = h('div', { class: 'map-legend', dataset: { role: 'legend', kind: this.result.overlayKind } },
        h('span', { class: 'legend-title' }, cam ? 'Colour: evidence for ' : 'Colour: patch probability of ', this.legendClass),
        h('span', { class: 'legend-scale' },
          h('span', { class: 'legend-end', dataset: { role: 'legend-low' } }, cam ? 'low' : '0'),
          ramp,
          h('span', { class: 'legend-end', dataset: { role: 'legend-high' } }, cam ? 'high' : '1')));
      this.caption = h('p', { class: 'map-caption', dataset: { role: 'map-caption' } });
      parts.push(this.legend, this.caption);
    }
    if (this.region) {
      parts.push(h('p', { class: 'map-note', dataset: { role: 'crop-note' } },
        'Only the outlined region was analysed; the edges were cropped.'));
    }
    if (this.grid) {
      const { width, height, patches, tissue } = this.result;
      const c = patchCoverage(patches, width, height, tissue);
      const n = `${c.patches} ${c.patches === 1 ? 'patch' : 'patches'}`;
      const tissueText = c.tissue === null ? '' : ` (${formatCoverage(c.tissue)} of the tissue found)`;
      parts.push(h('p', { class: 'map-note', dataset: {
        role: 'coverage', coverage: String(c.image), tissueCoverage: c.tissue === null ? undefined : String(c.tissue),
        imageWidth: String(width), imageHeight: String(height),
      } }, `${n} covering ${formatCoverage(c.image)} of the image${tissueText}${c.image < 1 ? '; the rest was not analysed' : ''}.`));
    }
    return parts.length ? h('div', { class: 'map-explain', dataset: { role: 'map-explain' } }, parts) : null;
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
