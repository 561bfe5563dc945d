// Accessibility: axe-core (node_modules/axe-core) on a desktop and a phone
// viewport, on the empty page and after a classification (result card + batch
// table): no serious or critical violations (every violation is printed: id,
// impact, node count). Also: every Tab stop is visible with a focus indicator
// (no invisible file input), focus goes back to the drop zone after Clear and
// to the new result when one image is classified, a batch is announced once at
// its start and once at its end (a MutationObserver on the page's live
// regions), an error is announced once, and on the phone every tap target is
// at least 44x44 px and the instructions speak of tapping, not Ctrl/Cmd+V.
// Generated images, tiny_cnn.
// usage: node tests/e2e/a11y_test.mjs --site DIR
import assert from 'node:assert/strict';
import { runAxe, serious } from './lib/axe.mjs';
import { launchBrowser, waitForApp } from './lib/browser.mjs';
import { gradientPng } from './lib/images.mjs';
import { startServer } from './lib/server.mjs';
import { closeSession, exitWithSummary, parseArgs, siteIndex, stepper, upload } from './lib/suite.mjs';

const args = parseArgs();
const models = siteIndex(args.site).models;
const model = (models.find((m) => m.name === 'tiny_cnn') ?? models.find((m) => !m.patch)).name;
const images = [0, 1].map((i) => ({ name: `a11y-${i}.png`, bytes: gradientPng(200 + 10 * i, 160, i + 1) }));
const single = { name: 'a11y-single.png', bytes: gradientPng(180, 140, 7) };
const bad = { name: 'a11y-bad.png', bytes: Buffer.from('this is not an image, only text with a .png name') };
const MIN_TAP = 44;

const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', phone: true,
    options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true } },
];



// What the live regions said once the batch table has `rows` rows and the page
// is idle: exactly two announcements (a batch's start and its end).
async function announcementsOfBatch(page, rows) {
  await page.waitForFunction((n) => document.querySelectorAll('#batch-table tbody tr').length >= n, rows, { timeout: 60000 });
  await page.evaluate(() => window.dxlens.idle());
  await page.waitForTimeout(200);
  const said = await announcements(page);
  console.log(`  announcements: ${JSON.stringify(said)}`);
  assert.equal(said.length, 2, `${said.length} announcements`);
  return said;
}

// Tabs through the page from the top; every element that takes focus must be
// on screen-sized (non-zero box), visible, and drawn with a focus indicator.
async function tabStops(page) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const stops = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      const indicator = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      return { key: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''}`,
        width: r.width, height: r.height,
        visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true }), indicator };
    });
    if (!s) break;
    if (stops.length && stops[0].key === s.key && i > 2) break;
    stops.push(s);
  }
  return stops;
}

// Records text added to live regions (aria-live, role status/alert/log) from now on.
async function watchLiveRegions(page) {
  await page.evaluate(() => {
    window.__announcements = [];
    const live = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
    window.__liveObserver?.disconnect();
    window.__liveObserver = new MutationObserver((records) => {
      for (const m of records) {
        const target = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        const region = target?.closest(live);
        if (!region || region.closest('[hidden]')) continue;
        const text = m.type === 'characterData' ? m.target.textContent
          : [...m.addedNodes].map((n) => n.textContent).join(' ');
        if (text.trim()) window.__announcements.push({ region: region.id || region.className, text: text.trim().slice(0, 120) });
      }
    });
    window.__liveObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const announcements = (page) => page.evaluate(() => window.__announcements);

// Elements a finger can tap that are on screen, with boxes under MIN_TAP; a
// control inside its <label> counts as the label's box (the label toggles it).
async function smallTapTargets(page) {
  return page.evaluate((min) => {
    const out = [];
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary, [role="button"], [tabindex]:not([tabindex="-1"])')) {
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const target = el.matches('input') && el.closest('label') ? el.closest('label') : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= 0 || r.bottom + window.scrollY <= 0) continue;
      if (r.width < min || r.height < min) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.dataset.role ? `[data-role=${el.dataset.role}]` : ''}`
          + ` "${(el.textContent || el.getAttribute('aria-label') || el.type || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return out;
  }, MIN_TAP);
}

const server = await startServer({ root: args.site });
const browser = await launchBrowser();
const { step, state } = stepper();
const problems = { console: [], page: [], requests: [], log: [] };
const summary = [];
try {
  for (const vp of VIEWPORTS) {
    const context = await browser.newContext({ ...vp.options, serviceWorkers: 'block' });
    const page = await context.newPage();
    page.on('console', (m) => problems.log.push(`${vp.name} ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.page.push(`${vp.name}: ${e.message}`));
    await page.goto(server.url);
    await waitForApp(page);
    await page.evaluate((n) => window.dxlens.selectModel(n), model);
    await page.waitForSelector(`#model-card[data-model="${model}"][data-status="loaded"]`);

    await step(`${vp.name}: axe on the empty page: no serious or critical violations`, async () => {
      const v = await runAxe(page, `${vp.name} empty`);
      summary.push({ viewport: vp.name, when: 'empty', violations: v });
      assert.deepEqual(serious(v), []);
    });

    await step(`${vp.name}: every Tab stop is visible, sized and has a focus indicator`, async () => {
      const stops = await tabStops(page);
      console.log(`  ${stops.length} tab stops: ${stops.map((s) => s.key).join(', ')}`);
      const bad = stops.filter((s) => !s.visible || s.width < 2 || s.height < 2 || !s.indicator)
        .map((s) => `${s.key} ${s.width}x${s.height} visible=${s.visible} indicator=${s.indicator}`);
      assert.deepEqual(bad, []);
      assert.ok(!stops.some((s) => s.key.startsWith('input#file-input')), 'the hidden file input is no tab stop');
    });

    if (vp.phone) {
      await step('phone: the instructions say tap to choose or take a photo, not Ctrl/Cmd+V', async () => {
        const text = await page.locator('#drop-zone').innerText();
        assert.match(text, /tap to choose or take a photo/i);
        assert.doesNotMatch(text, /ctrl|⌘|cmd/i);
      });
    } else {
      await step('desktop: the instructions mention drop and paste', async () => {
        const text = await page.locator('#drop-zone').innerText();
        assert.match(text, /drop/i);
        assert.match(text, /ctrl/i);
      });
    }

    await step(`${vp.name}: a batch of 2 is announced once at its start and once at its end`, async () => {
      await watchLiveRegions(page);
      await upload(page, images);
      const said = await announcementsOfBatch(page, 2);
      assert.match(said[0].text, /classifying 2 images/i);
      assert.match(said[1].text, /2 images classified/i);
      assert.doesNotMatch(said[1].text, /error/i);
    });

    await step(`${vp.name}: axe after a classification (cards + batch table): no serious or critical violations`, async () => {
      assert.ok(await page.locator('.result-card').count() >= 2);
      assert.ok(await page.locator('#batch-table').isVisible());
      const v = await runAxe(page, `${vp.name} after classification`);
      summary.push({ viewport: vp.name, when: 'results', violations: v });
      assert.deepEqual(serious(v), []);
    });

    if (vp.phone) {
      await step(`phone: every tap target is at least ${MIN_TAP}x${MIN_TAP} px`, async () => {
        const small = await smallTapTargets(page);
        assert.deepEqual(small, [], `${small.length} small tap targets:\n    ${small.join('\n    ')}`);
      });
    } else {
      await step('desktop: Tab stops after a classification are visible with a focus indicator', async () => {
        const stops = await tabStops(page);
        const bad = stops.filter((s) => !s.visible || s.width < 2 || s.height < 2 || !s.indicator)
          .map((s) => `${s.key} ${s.width}x${s.height} visible=${s.visible} indicator=${s.indicator}`);
        assert.deepEqual(bad, []);
      });
    }

    await step(`${vp.name}: focus returns to the drop zone after Clear`, async () => {
      await page.locator('#clear-results').focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('.result-card').length === 0);
      const focus = await page.evaluate(() => {
        const el = document.activeElement;
        return { inZone: !!el?.closest('#drop-zone'), tag: el?.tagName, id: el?.id,
          visible: el?.checkVisibility({ opacityProperty: true }) ?? false, size: el ? el.getBoundingClientRect().width * el.getBoundingClientRect().height : 0 };
      });
      assert.ok(focus.inZone && focus.visible && focus.size > 4, `focus on ${JSON.stringify(focus)}`);
    });

    await step(`${vp.name}: one image: focus moves to its result; an error is announced once`, async () => {
      await watchLiveRegions(page);
      await upload(page, [single]);
      await page.waitForFunction(() => document.querySelectorAll('#batch-table tbody tr').length >= 1, null, { timeout: 60000 });
      await page.evaluate(() => window.dxlens.idle());
      const focused = await page.evaluate(() => document.activeElement?.closest('.result-card')?.dataset.file ?? document.activeElement?.tagName);
      assert.equal(focused, single.name);
      await page.evaluate(() => { window.__announcements = []; });
      await upload(page, [bad]);
      const said = await announcementsOfBatch(page, 2);
      assert.match(said[1].text, /1 image classified, 1 error/i);
      assert.equal(await page.locator('#errors .error').count(), 1, 'the error is still listed');
    });

    if (vp.phone) {
      await step(`phone: tap targets with an error listed and the trust settings open are at least ${MIN_TAP} px`, async () => {
        const settings = page.locator('#trust-settings');
        if (await settings.isVisible()) await settings.locator('summary').click();
        const small = await smallTapTargets(page);
        assert.deepEqual(small, [], `${small.length} small tap targets:\n    ${small.join('\n    ')}`);
        const v = await runAxe(page, 'phone with an error and the settings open');
        summary.push({ viewport: vp.name, when: 'error + settings', violations: v });
        assert.deepEqual(serious(v), []);
      });
    }

    await context.close();
  }
  // (less the one Playwright causes by blocking service workers: its register() stub resolves to undefined)
  await step('no uncaught page errors', async () => assert.deepEqual(problems.page.filter((m) => !/reading 'waiting'/.test(m)), []));
} finally {
  console.log('axe summary (serious/critical fail the test):');
  for (const s of summary) {
    const byRule = s.violations.map((v) => `${v.id}:${v.impact}:${v.nodes}`).join(' ') || 'none';
    console.log(`  ${s.viewport} ${s.when}: ${byRule}`);
  }
  await closeSession(state, problems, browser, server);
}
exitWithSummary(state);
