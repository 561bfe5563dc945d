// A small DICOM Part 10 writer for tests (written here from DICOM PS3.5/PS3.10):
// a 128-byte preamble, "DICM", the file meta group and a data set, all in
// Explicit VR Little Endian, uncompressed pixel data. Enough for grey images
// of 8 or 16 bits, one or more frames, with a window and a rescale.
//
//   encodeDicom({ width, height, frames: [Uint8Array | Uint16Array, ...],
//                 bits: 8 | 16, photometric: 'MONOCHROME2' | 'MONOCHROME1',
//                 window: { center, width } | null, rescale: { slope, intercept } | null,
//                 modality: 'CR', patientName, patientId }) -> Uint8Array

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

class Writer {
  constructor() {
    this.bytes = [];
  }

  u16(v) {
    this.bytes.push(v & 255, (v >> 8) & 255);
  }

  u32(v) {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }

  // One element; `value` is a string (text VRs, padded to even length) or bytes.
  element(group, elem, vr, value) {
    const data = typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [...value];
    if (data.length % 2) data.push(vr === 'UI' || vr === 'OB' ? 0 : 32);
    this.u16(group);
    this.u16(elem);
    this.bytes.push(vr.charCodeAt(0), vr.charCodeAt(1));
    if (LONG_VRS.has(vr)) {
      this.u16(0);
      this.u32(data.length);
    } else {
      this.u16(data.length);
    }
    for (const b of data) this.bytes.push(b);
  }
}

const us = (v) => [v & 255, (v >> 8) & 255];
const ds = (v) => String(Number(v.toFixed(6)));

export function encodeDicom({ width, height, frames, bits = 8, photometric = 'MONOCHROME2', window = null, rescale = null,
  modality = 'OT', patientName = 'Test^Patient', patientId = 'TEST-1' }) {
  const w = new Writer();
  for (let i = 0; i < 128; i++) w.bytes.push(0);
  w.bytes.push(0x44, 0x49, 0x43, 0x4d);  // "DICM"
  // File meta group: its group length first, as PS3.10 asks.
  const meta = new Writer();
  meta.element(2, 0x01, 'OB', [0, 1]);
  meta.element(2, 0x02, 'UI', SECONDARY_CAPTURE);
  meta.element(2, 0x03, 'UI', '1.2.826.0.1.3680043.10.1');
  meta.element(2, 0x10, 'UI', EXPLICIT_LE);
  w.element(2, 0x00, 'UL', [meta.bytes.length & 255, (meta.bytes.length >> 8) & 255, 0, 0]);
  w.bytes.push(...meta.bytes);
  w.element(8, 0x16, 'UI', SECONDARY_CAPTURE);
  w.element(8, 0x60, 'CS', modality);
  w.element(0x10, 0x10, 'PN', patientName);
  w.element(0x10, 0x20, 'LO', patientId);
  w.element(0x28, 0x02, 'US', us(1));
  w.element(0x28, 0x04, 'CS', photometric);
  if (frames.length > 1) w.element(0x28, 0x08, 'IS', String(frames.length));
  w.element(0x28, 0x10, 'US', us(height));
  w.element(0x28, 0x11, 'US', us(width));
  w.element(0x28, 0x100, 'US', us(bits));
  w.element(0x28, 0x101, 'US', us(bits));
  w.element(0x28, 0x102, 'US', us(bits - 1));
  w.element(0x28, 0x103, 'US', us(0));
  if (window) {
    w.element(0x28, 0x1050, 'DS', ds(window.center));
    w.element(0x28, 0x1051, 'DS', ds(window.width));
  }
  if (rescale) {
    w.element(0x28, 0x1052, 'DS', ds(rescale.intercept));
    w.element(0x28, 0x1053, 'DS', ds(rescale.slope));
  }
  const pixels = [];
  for (const frame of frames) {
    for (const v of frame) {
      if (bits === 8) pixels.push(v);
      else pixels.push(v & 255, (v >> 8) & 255);
    }
  }
  w.element(0x7fe0, 0x10, bits === 8 ? 'OB' : 'OW', pixels);
  return new Uint8Array(w.bytes);
}
