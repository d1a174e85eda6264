// The reliability battery: `pnpm test:chaos` (full) or `CHAOS_SCALE=ci`. Writes docs/reliability.md
// and exits 1 when any expectation failed. Select scenarios with CHAOS_ONLY=sigkill,postgres,...
import { loadLine, machineLine } from '../../bench/harness/machine.js';
import { writeReliabilityReport } from './report.js';
import { CI, FULL, type ScenarioResult } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';

const scale = process.env.CHAOS_SCALE === 'ci' ? CI : FULL;
const only = process.env.CHAOS_ONLY?.split(',');
const results: ScenarioResult[] = [];
for (const [key, scenario] of Object.entries(SCENARIOS)) {
  if (only && !only.includes(key)) continue;
  console.log(`chaos: ${key} (${scale.name}) ...`);
  const result = await scenario(scale);
  results.push(result);
  console.log(`  ${result.failures.length === 0 ? 'ok' : 'FAILED'} in ${result.seconds.toFixed(1)} s`);
  for (const [label, value] of result.figures) console.log(`    ${label}: ${value}`);
  for (const failure of result.failures) console.error(`  ✗ ${failure}`);
}
await writeReliabilityReport(scale, results, machineLine('PostgreSQL 18 (embedded)'), loadLine(), !only);
const failures = results.flatMap((r) => r.failures);
if (failures.length > 0) {
  console.error(`\n${failures.length} expectation(s) failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nchaos: every scenario held');
process.exit(0);
