// Model cards people can read (issue 12): for every shipped model the summary
// says what to upload (the manifest's upload_hint) and names the classes by
// their display labels, with no raw Markdown; "Model card" opens CARD.md
// rendered as HTML in a dialog (its headings, a table for each of its tables in
// a focusable labelled region, <strong> for its **), keyboard only (Enter opens,
// focus on the title, Tab into the tables, Escape closes, focus back on the
// button), with no serious axe violation. A <script>, an <img onerror>, a raw
// <b> and a javascript: link written into a card (a private copy of the site)
// stay text and never run. A result card shows the top class's display label,
// the batch table too, and the CSV keeps top_label and adds top_display_label.
// On a 360 px phone, class names wrap between words, never inside one, and a
// wide card table scrolls inside its region. Offline, a card still renders (the
// service worker precaches the renderer and the cards). The core, not the page,
// validates the fields: a manifest with too few display labels is refused, naming them.
// usage: node tests/e2e/card_test.mjs --site DIR [--data DIR]
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, waitForApp } from './lib/browser.mjs';
import { gradientPng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { consoleErrors, datasetImages, exitWithSummary, parseArgs, pickModel, repo, siteIndex, skip, stepper, upload } from './lib/suite.mjs';
import { runAxe, serious } from './lib/axe.mjs';

const args = parseArgs();

// The shipped models: a folder in models/ and in the site, not the router (no picker choice).
const index = siteIndex(args.site);
const shipped = index.models.filter((m) => m.role !== 'router' && fs.existsSync(path.join(repo, 'models', m.name, 'manifest.json')));
if (shipped.length === 0) skip('no shipped model in the site');

// A private copy of the site: one card gets hostile Markdown, one model a manifest the core must refuse.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dxlens-card-'));
const site = path.join(work, 'site');
fs.cpSync(args.site, site, { recursive: true });
const INJECTED = shipped.find((m) => m.name === 'plant_leaf') ?? shipped[0];
const injection = [
  '', '## Injected', '',
  '<script>window.cardInjected = "script";</script>', '',
  '<img src="x.png" onerror="window.cardInjected = \'img\'">', '',
  'Inline <img src=y onerror="window.cardInjected=\'inline\'"> and <b>a raw b tag</b> and',
  '[a javascript link](javascript:window.cardInjected=\'link\') and [a web link](https://example.org/x).', '',
].join('\n');
fs.appendFileSync(path.join(site, 'models', INJECTED.name, 'CARD.md'), injection);
const BAD = index.models.find((m) => m.name === 'tiny_cnn') ?? null;
if (BAD) {
  const file = path.join(site, 'models', BAD.name, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  m.display_labels = m.labels.slice(1).map((l) => `Class ${l}`);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
}

const cardText = (entry) => fs.readFileSync(path.join(site, 'models', entry.name, entry.card), 'utf8');
const TABLE_RULE = /^\|(\s*:?-+:?\s*\|)+\s*$/gm;  // a GFM table's header separator
const RAW_MARKDOWN = /\*\*|__|`/;
const RAW_IN_CARD = /\*\*|`/;  // a card may name a raw label in its text (Potato___healthy): __ within a word is no mark

// Text outside <code>/<pre> that still carries Markdown marks (** __ `).
const rawMarkdownIn = (locator, pattern = RAW_MARKDOWN) => locator.evaluate((root, source) => {
  const re = new RegExp(source);
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    if (n.parentElement.closest('code, pre')) continue;
    if (re.test(n.data)) out.push(n.data.trim().slice(0, 60));
  }
  return out;
}, pattern.source);

// Words of `locator`'s elements that are split across two lines, and boxes whose text overflows.
const brokenWords = (locator) => locator.evaluateAll((elements) => {
  const broken = [];
  const overflowing = [];
  let wrapped = 0;
  for (const el of elements) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const lines = new Set();
    for (let n; (n = walker.nextNode());) {
      for (const m of n.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
        for (const t of tops) lines.add(t);
      }
    }
    if (lines.size > 1) wrapped++;
    if (el.scrollWidth > el.clientWidth + 1) overflowing.push(`${el.textContent.trim()} (${el.scrollWidth} > ${el.clientWidth})`);
  }
  return { broken, overflowing, wrapped, count: elements.length };
});


const dialogOf = (page) => page.locator('dialog#model-card-dialog');
async function openCard(page, name) {
  await page.evaluate(() => document.getElementById('model-card-dialog')?.close());  // left open by a failed step
  await page.locator('#model-card [data-role="open-card"]').click();
  await page.waitForSelector(`dialog#model-card-dialog[open][data-model="${name}"][data-state="ready"]`, { timeout: 15000 });
  return dialogOf(page);
}

const server = await startServer({ root: site });
const browser = await launchBrowser();
const { step, state } = stepper();
const problems = { console: [], page: [], requests: [], log: [] };
const collect = (p) => {
  for (const k of Object.keys(problems)) problems[k].push(...p[k]);
};

try {
  const { context, page, problems: deskProblems } = await openPage(browser, { serviceWorkers: 'block' });
  try {
    await page.goto(server.url);
    await waitForApp(page);

    for (const entry of shipped) {
      await step(`${entry.name}: the summary says what to upload and names the classes by their display labels`, async () => {
        assert.ok(entry.uploadHint, 'the index carries the manifest\'s upload_hint');
        assert.ok(Array.isArray(entry.displayLabels) && entry.displayLabels.length === entry.labels.length, 'and its display_labels');
        const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'models', entry.name, 'manifest.json'), 'utf8'));
        assert.deepEqual(entry.displayLabels, manifest.display_labels);
        await pickModel(page, entry.name);
        const card = page.locator('#model-card');
        assert.equal(await card.locator('[data-role="upload-hint"]').textContent(), `What to upload: ${manifest.upload_hint}`);
        assert.deepEqual(await card.locator('[data-role="class-names"] li').allTextContents(), manifest.display_labels);
        assert.deepEqual(await rawMarkdownIn(card), [], 'no ** __ or ` in the summary');
        assert.doesNotMatch(await card.textContent(), RAW_MARKDOWN);
        for (const raw of manifest.labels.filter((l, i) => l !== manifest.display_labels[i])) {
          assert.ok(!(await card.textContent()).includes(raw), `the raw label ${raw} is not shown`);
        }
        assert.equal(await card.locator('a[href$="CARD.md"]').count(), 0, 'no link to the raw Markdown');
      });

      await step(`${entry.name}: "Model card" renders CARD.md as HTML in a dialog`, async () => {
        const text = cardText(entry);
        const dialog = await openCard(page, entry.name);
        const body = dialog.locator('[data-role="card-body"]');
        assert.equal(await body.locator('h1').count(), (text.match(/^# /gm) ?? []).length, 'one <h1> per # heading');
        assert.equal(await body.locator('h2').count(), (text.match(/^## /gm) ?? []).length, 'one <h2> per ## heading');
        assert.equal(await body.locator('h1').first().textContent(), text.match(/^# (.*)$/m)[1]);
        const tables = (text.match(TABLE_RULE) ?? []).length;
        assert.ok(tables > 0, 'the card has tables');
        assert.equal(await body.locator('table').count(), tables, 'one <table> per Markdown table');
        assert.equal(await body.locator('.card-table-wrap[role="region"][tabindex="0"][aria-label] > table').count(), tables,
          'each table in a focusable, named region');
        if (text.includes('**')) assert.ok(await body.locator('strong').count() > 0, '** became <strong>');
        assert.ok(await body.locator('code').count() > 0, '`code` became <code>');
        assert.deepEqual(await rawMarkdownIn(body, RAW_IN_CARD), [], 'no Markdown marks left outside code');
        assert.equal(await body.locator('script, img, iframe, object, style, [onerror], [onclick], [style]').count(), 0);
        // Focus on the card's title; Escape closes the dialog and gives focus back to the button.
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'model-card-title');
        assert.equal(await dialog.getAttribute('aria-labelledby'), 'model-card-title');
        await page.keyboard.press('Escape');
        await page.waitForSelector('dialog#model-card-dialog[data-state="closed"]:not([open])', { state: 'attached' });
        assert.equal(await page.evaluate(() => document.activeElement?.dataset.role), 'open-card');
      });
    }

    await step(`${INJECTED.name}: a <script>, <img onerror>, raw <b> and javascript: link in a card stay text and never run`, async () => {
      await pickModel(page, INJECTED.name);
      const dialog = await openCard(page, INJECTED.name);
      const body = dialog.locator('[data-role="card-body"]');
      assert.equal(await body.locator('script, img, b, [onerror]').count(), 0, 'no element made from the card\'s HTML');
      const text = await body.textContent();
      for (const shown of ['<script>window.cardInjected = "script";</script>', '<img src="x.png" onerror=', '<b>a raw b tag</b>']) {
        assert.ok(text.includes(shown), `shown as text: ${shown}`);
      }
      assert.equal(await body.locator('a[href^="javascript:"]').count(), 0, 'no javascript: link');
      assert.ok(text.includes('a javascript link'), 'its text is kept');
      const web = body.locator('a', { hasText: 'a web link' });
      assert.equal(await web.getAttribute('href'), 'https://example.org/x');
      assert.equal(await web.getAttribute('rel'), 'noopener noreferrer');
      await body.locator('text=a javascript link').click();
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => window.cardInjected), undefined, 'nothing of the card ran');
      await dialog.locator('[data-role="close-card"]').click();
      await page.waitForSelector('dialog#model-card-dialog:not([open])', { state: 'attached' });
    });

    await step('keyboard only: Enter opens the card, Tab reaches its tables, axe finds nothing serious, Escape closes', async () => {
      const entry = shipped.find((m) => m.name === 'alzheimer_mri') ?? shipped[0];
      await pickModel(page, entry.name);
      await page.locator('#model-card [data-role="open-card"]').focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector(`dialog#model-card-dialog[open][data-model="${entry.name}"][data-state="ready"]`);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'model-card-title');
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ cls: document.activeElement?.className, label: document.activeElement?.getAttribute('aria-label') }));
      assert.equal(first.cls, 'card-table-wrap', `Tab from the title reaches the first table region (got ${JSON.stringify(first)})`);
      assert.match(first.label, /^Table 1: /);
      assert.deepEqual(serious(await runAxe(page, 'card dialog open')), []);
      await page.keyboard.press('Escape');
      await page.waitForSelector('dialog#model-card-dialog:not([open])', { state: 'attached' });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.role), 'open-card');
      assert.deepEqual(serious(await runAxe(page, 'model summary')), []);
    });

    await step('a result card, the batch table and the exports: display labels shown, the CSV keeps top_label and adds top_display_label', async () => {
      const entry = shipped.find((m) => m.name === 'plant_leaf') ?? shipped[0];
      await pickModel(page, entry.name);
      const real = datasetImages(args.data, entry.name, { perClass: 1, limit: 2 });
      const images = real.length ? real.map((f) => ({ name: f.name, bytes: fs.readFileSync(f.path) }))
        : [{ name: 'card-gen.png', bytes: gradientPng(320, 240, 4) }];
      await upload(page, images);
      for (const image of images) {
        const card = page.locator(`.result-card[data-file="${image.name}"]`);
        await card.waitFor({ timeout: 90000 });
        assert.equal(await card.getAttribute('data-status'), 'ok', await card.textContent());
        const label = await card.getAttribute('data-top-label');
        const name = entry.displayLabels[entry.labels.indexOf(label)];
        assert.ok(name && name !== label, `${label} has a display label`);
        assert.equal(await card.getAttribute('data-top-display-label'), name);
        assert.ok((await card.locator('[data-role="verdict"]').textContent()).includes(name), 'the verdict names the display label');
        assert.ok(!(await card.locator('[data-role="verdict"]').textContent()).includes(label), 'not the raw label');
        const bars = await card.locator('.bars li').evaluateAll((items) => items.map((li) => [li.dataset.label, li.dataset.displayLabel,
          li.querySelector('.bar-label').textContent]));
        for (const [raw, shown, text] of bars) {
          assert.equal(shown, entry.displayLabels[entry.labels.indexOf(raw)]);
          assert.equal(text, shown);
        }
        const row = page.locator(`#batch-table tbody tr[data-file="${image.name}"]`);
        assert.ok((await row.textContent()).includes(name), 'the batch table shows the display label');
      }
      const csv = await page.evaluate(() => window.dxlens.exportCsv());
      const [header, ...rows] = csv.trim().split('\n').map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')));
      assert.ok(header.includes('top_label') && header.includes('top_display_label') && header.includes('screening_display_label'), header.join(','));
      for (const r of rows) {
        const col = (k) => r[header.indexOf(k)];
        if (col('model') !== entry.name) continue;
        assert.equal(col('top_display_label'), entry.displayLabels[entry.labels.indexOf(col('top_label'))]);
      }
      const json = JSON.parse(await page.evaluate(() => window.dxlens.exportJson()));
      const top = json.results.at(-1).top[0];
      assert.equal(top.display_label, entry.displayLabels[entry.labels.indexOf(top.label)]);
    });

    if (BAD) {
      await step(`${BAD.name} with a display label missing: the core refuses the manifest and names the field`, async () => {
        await page.selectOption('#model-select', BAD.name);
        await page.waitForSelector(`#model-card[data-model="${BAD.name}"][data-status="error"]`, { timeout: 30000 });
        const text = await page.locator('#model-card').textContent();
        assert.match(text, /'display_labels' has \d+ names? for \d+ labels/);
      });
    }
  } finally {
    collect(deskProblems);
    await context.close();
  }

  // A 360 px phone.
  const { context: phoneContext, page: phone, problems: phoneProblems } = await openPage(browser,
    { serviceWorkers: 'block', viewport: { width: 360, height: 740 } });
  try {
    await phone.goto(server.url);
    await waitForApp(phone);
    const entry = shipped.find((m) => m.name === 'skin_lesion') ?? shipped.find((m) => m.name === 'histopathology') ?? shipped[0];
    await step(`360 px phone, ${entry.name}: class names wrap between words, never inside one`, async () => {
      await pickModel(phone, entry.name);
      const summary = await brokenWords(phone.locator('#model-card [data-role="class-names"] li, #model-card [data-role="upload-hint"]'));
      assert.deepEqual(summary.broken, [], 'no word of the summary split');
      const real = datasetImages(args.data, entry.name, { perClass: 1, limit: 1 });
      const image = real.length ? { name: real[0].name, bytes: fs.readFileSync(real[0].path) } : { name: 'phone.png', bytes: gradientPng(320, 240, 9) };
      await upload(phone, [image]);
      const card = phone.locator(`.result-card[data-file="${image.name}"]`);
      await card.waitFor({ timeout: 90000 });
      if (await card.getAttribute('data-verdict') === 'withheld') await card.locator('[data-role="show-anyway"]').click();
      const all = card.locator('[data-role="all-classes"]');
      if (await all.count()) await all.locator('summary').click();
      const bars = await brokenWords(card.locator('.bar-label'));
      console.log(`  ${bars.count} bar labels, ${bars.wrapped} on more than one line`);
      assert.equal(bars.count, entry.labels.length);
      assert.deepEqual(bars.broken, [], 'no word split across lines');
      assert.deepEqual(bars.overflowing, [], 'no label wider than its column');
      assert.ok(bars.wrapped > 0, 'long names do wrap (between words)');
      const rest = await brokenWords(card.locator('[data-role="verdict"], [data-role="legend-class"], [data-role="map-caption"]'));
      assert.deepEqual(rest.broken, []);
      const cell = await brokenWords(phone.locator(`#batch-table tbody tr[data-file="${image.name}"] td.cell-class`));
      assert.deepEqual(cell.broken, []);
    });
    await step('360 px phone: the card fits the screen; a wide table scrolls inside its region', async () => {
      const dialog = await openCard(phone, entry.name);
      const box = await dialog.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 360, `dialog within the screen (${box.x}, ${box.width})`);
      const close = dialog.locator('[data-role="close-card"]');
      const closeBox = await close.boundingBox();
      assert.ok(closeBox.x >= box.x && closeBox.x + closeBox.width <= box.x + box.width, 'Close is inside the dialog');
      assert.ok(await close.evaluate((b) => b.scrollWidth <= b.clientWidth), 'its text is not cut off');
      const body = dialog.locator('[data-role="card-body"]');
      const fits = await body.evaluate((b) => [b.scrollWidth, b.clientWidth]);
      assert.ok(fits[0] <= fits[1] + 1, `the card body does not scroll sideways (${fits})`);
      const scrolling = await body.locator('.card-table-wrap').evaluateAll((regions) => regions.filter((r) => r.scrollWidth > r.clientWidth + 1).length);
      console.log(`  ${scrolling} table region(s) scroll sideways at 360 px`);
      assert.ok(scrolling > 0, 'at least one wide table scrolls in its region');
      await phone.keyboard.press('Escape');
      await phone.waitForSelector('dialog#model-card-dialog:not([open])', { state: 'attached' });
    });
  } finally {
    collect(phoneProblems);
    await phoneContext.close();
  }

  // Offline: the service worker precached the renderer and the cards with the app shell.
  const { context: swContext, page: sw, problems: swProblems } = await openPage(browser, { serviceWorkers: 'allow' });
  try {
    await step('offline: a model card still renders (markdown-it and CARD.md come from the precache)', async () => {
      await sw.goto(server.url);
      await sw.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 90000 });
      await waitForApp(sw);
      await swContext.setOffline(true);
      await sw.reload();
      await sw.waitForFunction(() => window.dxlens !== undefined, null, { timeout: 60000 });
      await sw.evaluate(() => window.dxlens.ready);
      const entry = shipped.find((m) => m.name === 'chest_xray') ?? shipped[0];
      await sw.selectOption('#model-select', entry.name);  // its summary comes from models/index.json; the model itself is not cached
      await sw.waitForSelector(`#model-card[data-model="${entry.name}"] [data-role="open-card"]`);
      await sw.locator('#model-card [data-role="open-card"]').click();
      await sw.waitForSelector(`dialog#model-card-dialog[open][data-model="${entry.name}"][data-state="ready"]`, { timeout: 15000 });
      const body = sw.locator('dialog#model-card-dialog [data-role="card-body"]');
      assert.equal(await body.locator('h1').textContent(), cardText(entry).match(/^# (.*)$/m)[1]);
      assert.ok(await body.locator('table').count() > 0);
      assert.deepEqual(swProblems.page, [], 'no uncaught errors offline');
    });
  } finally {
    await swContext.setOffline(false).catch(() => {});
    await swContext.close();
  }

  await step('no page or console errors', async () => {
    assert.deepEqual(consoleErrors(problems), []);
  });
} finally {
  if (state.failed || process.env.VERBOSE) console.log(problems.log.join('\n'));
  await browser.close();
  await server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
exitWithSummary(state);
