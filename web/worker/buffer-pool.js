// Pixel buffers for the page, reused. The core hands out its images (preview,
// overlays) as views into its memory; they are copied into buffers the page
// transfers back once it has drawn them (the 'recycle' operation). A fresh
// megabyte-sized ArrayBuffer per image is far dearer than the copy: every one
// is new zeroed memory (measured in Chromium here: 8 ms for a 615² RGBA
// preview, against under 0.1 ms to copy into a reused one).
const MAX_PER_SIZE = 4;
const free = new Map();  // byteLength -> [ArrayBuffer]

export function copyOut(view) {
  const buffer = free.get(view.byteLength)?.pop() ?? new ArrayBuffer(view.byteLength);
  const out = new Uint8Array(buffer);
  out.set(view);
  return out;
}

export function giveBack(buffers) {
  for (const buffer of buffers) {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) continue;
    const list = free.get(buffer.byteLength) ?? [];
    if (list.length < MAX_PER_SIZE) list.push(buffer);
    free.set(buffer.byteLength, list);
  }
}
