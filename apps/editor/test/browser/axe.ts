import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Fails on any serious or critical axe-core finding on the page (or only inside `include`), naming
 * the screen and the first elements of each finding (all of them, with why, under AXE_DEBUG=1).
 */
export async function expectAccessible(page: Page, what: string, include?: string): Promise<void> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  const debug = !!process.env.AXE_DEBUG;
  const bad = violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => `${n.target.join(' ')}${debug ? ` ${n.failureSummary}` : ''}`)
          .slice(0, debug ? 30 : 3)
          .join(', ')}`,
    );
  expect(bad, `${what}: axe-core`).toEqual([]);
}
