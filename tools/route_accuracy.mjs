// Measures the page's "Auto" routing (web/worker/route.js) on the test splits:
// each image is classified by the built site in headless Chromium through
// window.dxlens.classifyFiles with Auto chosen, and counted as right when it
// went to the model of its own domain.
// usage: node tools/route_accuracy.mjs [--site build/native/tests/e2e/work/site] [--data ../shared/data] [--per-domain N]
//   (--per-domain: an evenly spaced sample of N images per domain; default all)
import fs from 'node:fs';
import { classify } from '../tests/e2e/lib/browser.mjs';
import { datasetImages, openApp, parseArgs } from '../tests/e2e/lib/suite.mjs';

const DOMAINS = ['chest_xray', 'plant_leaf', 'alzheimer_mri', 'skin_lesion', 'histopathology'];
const args = parseArgs();
const perDomain = Number(args['per-domain'] ?? Infinity);
const sample = (list) => (list.length <= perDomain ? list
  : Array.from({ length: perDomain }, (_, i) => list[Math.floor((i * list.length) / perDomain)]));

const { server, browser, page } = await openApp(args.site);
try {
  if ((await page.evaluate(() => window.dxlens.currentModel())) !== 'auto') await page.evaluate(() => window.dxlens.selectModel('auto'));
  for (const domain of DOMAINS) {
    const images = sample(datasetImages(args.data, domain));
    const routed = {};
    for (let i = 0; i < images.length; i += 20) {
      const batch = images.slice(i, i + 20).map((f) => ({ name: f.name, bytes: fs.readFileSync(f.path) }));
      for (const r of await classify(page, batch)) {
        const key = r.status === 'ok' ? r.model : `error:${r.code}`;
        routed[key] = (routed[key] ?? 0) + 1;
      }
      await page.evaluate(() => document.getElementById('clear-results').click());  // keep the page's memory flat
    }
    const right = routed[domain] ?? 0;
    console.log(`${domain}: ${right}/${images.length} = ${(100 * right / images.length).toFixed(1)} % routed to its own model; ` +
      `elsewhere: ${JSON.stringify(Object.fromEntries(Object.entries(routed).filter(([k]) => k !== domain)))}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
