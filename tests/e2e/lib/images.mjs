// Synthetic test images (never real patient data): PNG encoders for solid
// colours, gradients and "slides" (pink tissue on a white background).
import { encodePng } from '../../wasm/png_writer.mjs';

export { encodePng };

export function gradientPng(width = 320, height = 240, seed = 1) {
  const px = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      px[i] = (255 * x) / (width - 1);
      px[i + 1] = (255 * y) / (height - 1);
      px[i + 2] = ((x * 7 + y * 13 + seed * 31) % 97) * 2;
    }
  }
  return encodePng(width, height, 3, px);
}

export function greyPng(width = 256, height = 256) {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - width / 2;
      const dy = y - height / 2;
      px[y * width + x] = Math.max(0, 255 - Math.sqrt(dx * dx + dy * dy) * 2);
    }
  }
  return encodePng(width, height, 1, px);
}

export function slidePng(width = 512, height = 384) {
  const px = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - width * 0.4, y - height * 0.5);
      px.set(d < Math.min(width, height) * 0.35 ? [200, 70 + (x % 30), 150] : [245, 245, 245], (y * width + x) * 3);
    }
  }
  return encodePng(width, height, 3, px);
}

// An H&E-like tile: most of the image is stained tissue (pink stroma with
// purple nuclei, high saturation), a white margin around it. Enough foreground
// for patch models with a saturation or Otsu tissue mask.
export function tissuePng(width = 640, height = 480, seed = 1) {
  const px = new Uint8Array(width * height * 3);
  const margin = Math.round(Math.min(width, height) * 0.04);
  let s = seed * 2654435761 >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const nuclei = Array.from({ length: Math.round((width * height) / 900) }, () => [rand() * width, rand() * height, 3 + rand() * 5]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < margin || y < margin || x >= width - margin || y >= height - margin) {
        px.set([243, 241, 245], i);
      } else {
        const v = Math.sin(x * 0.05 + seed) * Math.cos(y * 0.04) * 20;
        px.set([225 + v * 0.5, 120 + v, 175 + v * 0.6], i);
      }
    }
  }
  for (const [cx, cy, r] of nuclei) {
    for (let y = Math.max(margin, Math.floor(cy - r)); y < Math.min(height - margin, cy + r); y++) {
      for (let x = Math.max(margin, Math.floor(cx - r)); x < Math.min(width - margin, cx + r); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) px.set([95, 50, 140], (y * width + x) * 3);
      }
    }
  }
  return encodePng(width, height, 3, px);
}
