// Bad input: a corrupt file and a PNG whose header claims 60000×60000 pixels
// (a decompression bomb) are each refused with an error message on the page,
// and the next good image still classifies.
// usage: node tests/e2e/bad_input_test.mjs --site DIR
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { launch, waitForApp } from './lib/browser.mjs';
import { gradientPng } from './lib/images.mjs';
import { PNG_SIGNATURE, pngChunk as chunk } from '../wasm/png_writer.mjs';
import { startServer } from './lib/server.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, parseArgs, siteIndex, stepper, upload } from './lib/suite.mjs';

// A valid-looking PNG: IHDR says width × height RGB, then a small IDAT (a few
// rows of zeros; the rest "missing") and IEND. Every CRC is right.
function hugePng(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = zlib.deflateSync(Buffer.alloc((width * 3 + 1) * 4));
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr),
    chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

// A PNG whose compressed data is damaged half-way (CRCs recomputed, so only the
// deflate stream itself is bad), and a file of random bytes with a .jpg name.
function corruptPng() {
  const good = Buffer.from(gradientPng(200, 150, 2));
  const idat = good.indexOf('IDAT') - 4;
  const len = good.readUInt32BE(idat);
  const data = Buffer.from(good.subarray(idat + 8, idat + 8 + len));
  for (let i = 10; i < data.length; i += 7) data[i] ^= 0x5a;
  return Buffer.concat([good.subarray(0, idat), chunk('IDAT', data), good.subarray(idat + 12 + len)]);
}
function randomJpeg() {
  const bytes = Buffer.alloc(4096);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16;
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
}

const args = parseArgs();
const models = siteIndex(args.site).models;
const model = (models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch) ?? models[0]).name;
const server = await startServer({ root: args.site });
const { browser, page, problems } = await launch({ serviceWorkers: 'block' });
const { step, state } = stepper();

async function expectError(name, bytes, codes) {
  await upload(page, [{ name, bytes }]);
  const card = page.locator(`.result-card[data-file="${name}"]`);
  await card.waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'error', `${name} was not refused`);
  const message = (await card.locator('.error-message').textContent()).trim();
  const code = await card.getAttribute('data-code');
  console.log(`  ${name}: [${code}] ${message}`);
  assert.ok(message.length > 10, 'a readable message');
  assert.ok(await card.locator('.error-message').isVisible(), 'message shown');
  assert.ok(codes.includes(code), `code ${code} (expected ${codes.join('|')})`);
  const listed = page.locator(`#errors li.error[data-file="${name}"]`);
  assert.equal(await listed.count(), 1, 'listed under the drop zone');
  assert.ok(await listed.isVisible());
}

let good = 0;
async function expectGood() {
  const name = `good-${++good}.png`;
  await upload(page, [{ name, bytes: gradientPng(180, 140, good) }]);
  const card = page.locator(`.result-card[data-file="${name}"]`);
  await card.waitFor({ timeout: 60000 });
  assert.equal(await card.getAttribute('data-status'), 'ok', `${name} after a bad file`);
  assert.ok(Number(await card.getAttribute('data-top-prob')) > 0);
}

try {
  await page.goto(server.url);
  await waitForApp(page);
  await page.evaluate((n) => window.dxlens.selectModel(n), model);
  await step('a good image classifies first', expectGood);
  await step('corrupt PNG (damaged compressed data): error shown, next image classifies', async () => {
    await expectError('corrupt.png', corruptPng(), ['corrupt', 'unsupported']);
    await expectGood();
  });
  await step('random bytes named .jpg: error shown, next image classifies', async () => {
    await expectError('noise.jpg', randomJpeg(), ['corrupt', 'unsupported']);
    await expectGood();
  });
  await step('60000×60000 PNG header: refused as too large, next image classifies', async () => {
    const t0 = Date.now();
    await expectError('huge-60000x60000.png', hugePng(60000, 60000), ['too_large']);
    assert.ok(Date.now() - t0 < 10000, 'refused quickly (no attempt to decode 10.8 GB)');
    const memory = await page.evaluate(() => window.dxlens.memory());
    console.log(`  wasm core heap ${memory.wasm?.heapBytesInUse} B of ${memory.wasm?.wasmMemoryBytes} B`);
    assert.ok(memory.wasm.wasmMemoryBytes < 512 * 1048576, 'the core did not allocate the bomb');
    await expectGood();
  });
  await step('the batch table has a row per file, errors included', async () => {
    const rows = await page.locator('#batch-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.status));
    assert.deepEqual(rows, ['ok', 'error', 'ok', 'error', 'ok', 'error', 'ok']);
  });
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
