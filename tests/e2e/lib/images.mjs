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
