import { DOCS, writeSection } from '../../bench/harness/report.js';
import type { Scale, ScenarioResult } from './scenario.js';

/** Writes the battery's results into docs/reliability.md (its own section per scale). */
export async function writeReliabilityReport(
  scale: Scale,
  results: ScenarioResult[],
  machine: string,
  load: string,
  complete: boolean,
): Promise<void> {
  const failed = results.flatMap((r) => r.failures);
  const parts = [
    `## Reliability battery: ${scale.name === 'full' ? 'full run (`pnpm test:chaos`)' : 'reduced CI run (`chaos.ci.test.ts`)'}`,
    '',
    `Machine: ${machine}; load average at the end ${load}. ${complete ? 'All scenarios' : `Scenarios run: ${results.map((r) => r.name).join(', ')}`}; ` +
      `${failed.length === 0 ? '**every expectation held**' : `**${failed.length} expectation(s) failed**`}.`,
    '',
  ];
  for (const r of results) {
    parts.push(
      `### ${r.name} — ${r.failures.length === 0 ? 'held' : 'FAILED'} (${r.seconds.toFixed(0)} s)`,
      '',
      r.ran,
      '',
      '| what | value |',
      '| --- | ---: |',
      ...r.figures.map(([label, value]) => `| ${label} | ${String(value).replace(/\|/g, '\\|')} |`),
      '',
      ...(r.failures.length > 0 ? ['Failures:', '', ...r.failures.map((f) => `- ${f}`), ''] : []),
    );
  }
  await writeSection(DOCS.reliability, `chaos-${scale.name}`, parts.join('\n'));
}
