// axe-core (a devDependency) on the whole page: loads it once per page, prints
// every violation as "id impact nodes e.g. targets", and returns them all;
// `serious()` keeps the serious and critical ones (the e2e tests' bar: none).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function runAxe(page, label) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  console.log(`  axe ${label}: ${violations.length} violation(s)`);
  for (const v of violations) console.log(`    ${v.id} ${v.impact} nodes=${v.nodes} e.g. ${v.targets.join(' | ')}`);
  return violations;
}

// The serious and critical violations, one line each (assert.deepEqual(..., []) shows them).
export function serious(violations) {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes: ${v.targets.join(' | ')})`);
}
