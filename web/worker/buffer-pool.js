// Pixel buffers for the page, reused. The core hands out its images (preview,
// overlays) as views into its memory; they are copied into buffers the page
// transfers back once it has drawn them (the 'recycle' operation). A fresh
// megabyte-sized ArrayBuffer per image is far dearer than the copy: every one
// is new zeroed memory (measured in Chromium here: 8 ms for a 615² RGBA
// preview, against under 0.1 ms to copy into a reused one).
// The pool is bounded in bytes, not only per size: a batch of images of many
// different sizes gives back buffers of as many sizes, and a pool that kept
// four of each grew by megabytes per hundred images (tests/e2e/volume_test.mjs).
// The sizes given back least recently go first. 8 MB holds four previews at
// the side the page asks for on a desktop (about 700², RGBA).
const MAX_PER_SIZE = 4;
const MAX_BYTES = 8 * 1048576;
const free = new Map();  // byteLength -> [ArrayBuffer]; Map order: least recently given back first
let freeBytes = 0;

export function copyOut(view) {
  const list = free.get(view.byteLength);
  const reused = list?.pop();
  if (reused) {
    freeBytes -= reused.byteLength;
    if (list.length === 0) free.delete(view.byteLength);
  }
  const out = new Uint8Array(reused ?? new ArrayBuffer(view.byteLength));
  out.set(view);
  return out;
}

function evictOldest() {
  const [size, list] = free.entries().next().value;
  freeBytes -= list.shift().byteLength;
  if (list.length === 0) free.delete(size);
}

export function giveBack(buffers) {
  for (const buffer of buffers) {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || buffer.byteLength > MAX_BYTES) continue;
    const list = free.get(buffer.byteLength) ?? [];
    if (list.length >= MAX_PER_SIZE) continue;
    list.push(buffer);
    free.delete(buffer.byteLength);  // re-insert: this size is now the most recent
    free.set(buffer.byteLength, list);
    freeBytes += buffer.byteLength;
    while (freeBytes > MAX_BYTES) evictOldest();
  }
}
