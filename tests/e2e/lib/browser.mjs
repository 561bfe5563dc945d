// Launches Debian's Chromium headless through playwright-core and records what
// would count as a failure: console errors, page errors, failed requests.
//   const { browser, context, page, problems } = await launch();
import { chromium } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

// extraArgs: more Chromium flags; proxy: Playwright's proxy option.
export async function launchBrowser({ extraArgs = [], proxy } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    ...(proxy ? { proxy } : {}),
  });
}

// A context + page that collect problems: problems.console (console errors),
// problems.page (uncaught errors), problems.requests (failed requests).
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers, acceptDownloads: true });
  const page = await context.newPage();
  const problems = { console: [], page: [], requests: [], log: [] };
  const watch = (p) => {
    p.on('console', (m) => {
      problems.log.push(`${m.type()}: ${m.text()}`);
      if (m.type() === 'error') problems.console.push(m.text());
    });
    p.on('pageerror', (e) => problems.page.push(e.message));
    p.on('requestfailed', (r) => problems.requests.push(`${r.url()} ${r.failure()?.errorText}`));
  };
  watch(page);
  return { context, page, problems };
}

export async function launch(options = {}, browserOptions = {}) {
  const browser = await launchBrowser(browserOptions);
  const { context, page, problems } = await openPage(browser, options);
  return { browser, context, page, problems };
}

// Waits for the app to start (window.dxlens.ready) and for a model to be loaded.
export async function waitForApp(page, { timeout = 60000 } = {}) {
  await page.waitForFunction(() => window.dxlens !== undefined, null, { timeout });
  await page.evaluate(() => window.dxlens.ready);
  await page.waitForSelector('#model-card[data-status="loaded"]', { timeout });
}

// Classifies images given as [{name, bytes: Uint8Array|Buffer}] through
// window.dxlens.classifyFiles; returns the records (same as the batch table).
export async function classify(page, images) {
  const payload = images.map((i) => ({ name: i.name, bytes: Buffer.from(i.bytes).toString('base64') }));
  return page.evaluate((items) => window.dxlens.classifyFiles(items), payload);
}
