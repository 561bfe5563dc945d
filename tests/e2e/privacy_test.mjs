// Privacy: every request of a whole session (page, dedicated worker, ORT's
// pthread workers, service worker) stays on the page's origin. Two independent
// records: Playwright's context-level request events (which include the
// service worker's fetches), and a recording proxy that every non-loopback
// request of the browser would have to go through (it refuses them all).
// The session: first visit with the service worker, every model loaded and
// used, export, reload (served by the service worker), classify again.
// usage: node tests/e2e/privacy_test.mjs --site DIR
import assert from 'node:assert/strict';
import http from 'node:http';
import { classify, launch, waitForApp } from './lib/browser.mjs';
import { gradientPng, greyPng, tissuePng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { checkNoPageErrors, closeSession, exitWithSummary, parseArgs, siteIndex, stepper } from './lib/suite.mjs';

const args = parseArgs();
// Chromium's own background traffic (component updater, time, sign-in) reaches
// the proxy whatever the page does, even with --disable-background-networking:
// those Google service hosts are reported, anything else fails the test.
const BROWSER_INTERNAL = /^(?:CONNECT |[A-Z]+ https?:\/\/)(?:[a-z0-9-]+\.)*(?:google\.com|googleapis\.com|gvt1\.com|gstatic\.com)(?::443)?(?:[/?]|$)/;
const models = siteIndex(args.site).models;

// The recording proxy: answers 403 to everything, CONNECT included.
const proxied = [];
const proxy = http.createServer((req, res) => {
  proxied.push(`${req.method} ${req.url}`);
  res.writeHead(403).end();
});
proxy.on('connect', (req, socket) => {
  proxied.push(`CONNECT ${req.url}`);
  socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));

const server = await startServer({ root: args.site });
const origin = new URL(server.url).origin;
const { browser, context, page, problems } = await launch({}, {
  proxy: { server: `http://127.0.0.1:${proxy.address().port}`, bypass: 'localhost,127.0.0.1,[::1]' },
});
const requests = [];
context.on('request', (r) => {
  const frame = (() => { try { return r.frame()?.url(); } catch { return null; } })();
  requests.push({ url: r.url(), kind: r.serviceWorker() ? 'service-worker' : frame ? 'page/worker' : 'other', type: r.resourceType() });
});
const { step, state } = stepper();
try {
  await step('first visit: app starts, service worker active', async () => {
    await page.goto(server.url);
    await waitForApp(page);
    await page.waitForSelector('#status [data-field="offline"][data-state="ok"]', { timeout: 90000 });
  });
  await step(`every model loaded and used (${models.length})`, async () => {
    for (const m of models) {
      await page.evaluate((n) => window.dxlens.selectModel(n), m.name);
      const bytes = m.patch ? tissuePng(480, 480) : m.input?.[1] === 1 ? greyPng(200, 180) : gradientPng(200, 160);
      const [record] = await classify(page, [{ name: `${m.name}.png`, bytes }]);
      assert.equal(record.status, 'ok', `${m.name}: ${record.error}`);
    }
  });
  await step('exports (CSV download)', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.ok((await download.path()) !== null);
  });
  await step('reload (service worker) and classify again', async () => {
    await page.reload();
    await waitForApp(page);
    const [record] = await classify(page, [{ name: 'again.png', bytes: gradientPng(150, 100, 9) }]);
    assert.equal(record.status, 'ok', record.error);
  });
  await step('every request went to the page origin', async () => {
    const kinds = {};
    for (const r of requests) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    console.log(`  ${requests.length} requests recorded (${JSON.stringify(kinds)}); origin ${origin}`);
    assert.ok(requests.length > 10, 'requests were recorded');
    assert.ok(kinds['service-worker'] > 0, 'the service worker\'s requests were recorded');
    assert.ok(requests.some((r) => r.url.endsWith('.onnx')), 'model downloads were recorded');
    const foreign = requests.filter((r) => {
      const u = new URL(r.url);
      return !['blob:', 'data:'].includes(u.protocol) && u.origin !== origin;
    });
    assert.deepEqual(foreign.map((r) => `${r.kind} ${r.type} ${r.url}`), []);
    const internal = proxied.filter((r) => BROWSER_INTERNAL.test(r));
    if (internal.length) console.log(`  Chromium's own background requests (not the page's; refused by the proxy):\n    ${internal.join('\n    ')}`);
    assert.deepEqual(proxied.filter((r) => !BROWSER_INTERNAL.test(r)), [], 'requests that reached the proxy (i.e. left the machine)');
  });
  await checkNoPageErrors(step, problems);
} finally {
  await closeSession(state, problems, browser, server);
  proxy.close();
}
exitWithSummary(state);
