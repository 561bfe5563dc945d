// How much of an image the patches of a patch model cover: the union of the
// patch squares, each clipped to the image (a patch may be larger than a small
// image), over the image's area; and, with the tissue mask, the share of the
// tissue the core found that lies inside a patch. Exact for the image (the
// union by coordinate compression); at the mask's resolution for tissue (a
// mask cell counts when its centre is inside a patch).

// -> [{x0, y0, x1, y1}] in source pixels, clipped to width x height; empty ones dropped.
export function clippedPatches(patches, width, height) {
  return patches.map((p) => ({
    x0: Math.max(0, p.x), y0: Math.max(0, p.y),
    x1: Math.min(width, p.x + p.size), y1: Math.min(height, p.y + p.size),
  })).filter((r) => r.x1 > r.x0 && r.y1 > r.y0);
}

// The union of rects as a grid of covered cells: {xs, ys, covered(i, j)}.
function unionGrid(rects) {
  const xs = [...new Set(rects.flatMap((r) => [r.x0, r.x1]))].sort((a, b) => a - b);
  const ys = [...new Set(rects.flatMap((r) => [r.y0, r.y1]))].sort((a, b) => a - b);
  const cols = Math.max(0, xs.length - 1);
  const cells = new Uint8Array(cols * Math.max(0, ys.length - 1));
  for (const r of rects) {
    const i0 = xs.indexOf(r.x0), i1 = xs.indexOf(r.x1), j0 = ys.indexOf(r.y0), j1 = ys.indexOf(r.y1);
    for (let j = j0; j < j1; j++) cells.fill(1, j * cols + i0, j * cols + i1);
  }
  return { xs, ys, cols, cells };
}

// Index of the interval of sorted `edges` that holds v (edges[i] <= v < edges[i+1]), or -1.
function interval(edges, v) {
  let lo = 0, hi = edges.length - 1;
  if (hi < 1 || v < edges[0] || v >= edges[hi]) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid; else hi = mid;
  }
  return lo;
}

// -> {patches: N, image: fraction of the image covered, tissue: fraction of the
// tissue covered | null (no mask, or no tissue in it)}.
// tissue: the core's tissue overlay ({width, height, data RGBA, placement}) or null.
export function patchCoverage(patches, width, height, tissue = null) {
  const rects = clippedPatches(patches, width, height);
  const { xs, ys, cols, cells } = unionGrid(rects);
  let area = 0;
  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i < cols; i++) if (cells[j * cols + i]) area += (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j]);
  }
  let tissueFraction = null;
  if (tissue?.data && tissue.width > 0 && tissue.height > 0) {
    const sx = tissue.placement.width / tissue.width, sy = tissue.placement.height / tissue.height;
    let found = 0, inside = 0;
    for (let v = 0; v < tissue.height; v++) {
      const y = tissue.placement.y + (v + 0.5) * sy;
      if (y >= height) break;
      const j = interval(ys, y);
      for (let u = 0; u < tissue.width; u++) {
        if (tissue.data[(v * tissue.width + u) * 4 + 3] === 0) continue;
        const x = tissue.placement.x + (u + 0.5) * sx;
        if (x >= width || x < 0 || y < 0) continue;
        found++;
        const i = j < 0 ? -1 : interval(xs, x);
        if (i >= 0 && cells[j * cols + i]) inside++;
      }
    }
    if (found > 0) tissueFraction = inside / found;
  }
  return { patches: patches.length, image: width * height > 0 ? area / (width * height) : 0, tissue: tissueFraction };
}

// "12.3 %": one decimal, but never "0.0 %" for some coverage nor "100.0 %" for less than all.
export function formatCoverage(fraction) {
  let text = (100 * fraction).toFixed(1);
  if (text === '0.0' && fraction > 0) text = '< 0.1';
  if (text === '100.0' && fraction < 1) text = '> 99.9';
  return `${text} %`;
}
