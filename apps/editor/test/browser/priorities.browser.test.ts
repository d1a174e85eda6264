import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Issue 15, priority between journeys: a journey's priority settings in Journey settings and the
// Priorities page (groups, order by up/down, overlap in words), against the real runtime in
// Chromium, with axe on both.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
const ids: Record<string, string> = {};

/** The pricing example started by `event` instead, published and live. */
async function journey(name: string, event: string) {
  const graph = JSON.parse(
    readFileSync(
      resolve(import.meta.dirname, '../../../../examples/pricing-page-handoff/graph.json'),
      'utf8',
    ),
  );
  graph.name = name;
  const trigger = graph.nodes.find((n: { type: string }) => n.type === 'trigger');
  trigger.config = { on: 'event', event };
  const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { name, graph });
  await runtime.api('POST', `/v1/workflows/${id}/versions`, { message: 'v1', activate: true });
  ids[name] = id;
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  await journey('Trial expiring', 'trial.ending');
  await journey('Upsell', 'trial.ending');
  await journey('Nurture', 'trial.ending');
  for (const [name, priority] of [
    ['Trial expiring', 1],
    ['Upsell', 2],
  ] as const) {
    await runtime.api('PUT', `/v1/workflows/${ids[name]}/priority`, {
      priority,
      group: 'Lifecycle',
      preempt: false,
      reason: 'set up',
    });
  }
  tab = await offlinePage(chrome.browser);
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
}, 150_000);
afterAll(async () => {
  await tab?.context.close();
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('priorities', () => {
  it('puts a journey in a group from its settings, in words, without a publish', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${ids.Nurture}`);
    await page.getByRole('tab', { name: 'Journey' }).click();
    const section = page.locator('[data-testid="priority-section"]');
    await section.waitFor();
    await section.getByLabel('Exclusive group').selectOption('Lifecycle');
    await section.getByLabel('Priority', { exact: true }).fill('3');
    await section.getByLabel('Take contacts over from lower-priority journeys').check();
    expect(await section.innerText()).toContain(
      "A contact in a lower-priority journey of 'Lifecycle' leaves it when this journey enrols them.",
    );
    expect(await section.locator('[data-testid="priority-members"]').innerText()).toBe(
      "Also in 'Lifecycle': Trial expiring (priority 1), Upsell (priority 2).",
    );
    await section.getByLabel('Why are you changing it?').fill('nurture goes last');
    await screenshot(page, 'priority-settings-1440');
    await expectAccessible(page, 'journey priority settings');
    await section.getByRole('button', { name: 'Save priority' }).click();
    await section.getByRole('status').filter({ hasText: "Saved: priority 3 in 'Lifecycle'." }).waitFor();
    const saved = await runtime.api<{ priority: number; group: string; preempt: boolean }>(
      'GET',
      `/v1/workflows/${ids.Nurture}/priority`,
    );
    expect(saved).toEqual({ priority: 3, group: 'Lifecycle', preempt: true });
  });

  it('lists the group in order with the overlap, and reorders it with the buttons', async () => {
    // One contact qualifies for all three: Trial expiring wins, the others record who won.
    await runtime.api('POST', '/v1/events', { contactId: 'pat@acme.io', type: 'trial.ending' });
    const { page } = tab;
    await page.goto(`${runtime.url}/`);
    await page.click('[data-testid="nav-priorities"]');
    const group = page.locator('[data-testid="priority-group"]');
    await group.waitFor();
    expect(await group.getByRole('heading').innerText()).toBe('Lifecycle');
    const rows = group.locator('[data-testid="priority-row"]');
    expect((await rows.allInnerTexts()).map((t) => t.split('\n').slice(0, 2).join(' '))).toEqual([
      '1 Trial expiring',
      '2 Upsell',
      '3 Nurture',
    ]);
    expect(await group.locator('[data-testid="priority-overlaps"]').innerText()).toContain(
      "1 contact qualified for both 'Trial expiring' and 'Upsell' in the last 30 days.",
    );
    await expectAccessible(page, 'priorities page');
    await group.getByRole('button', { name: 'Move Nurture up' }).click();
    await group.getByLabel('Why this order?').fill('nurture before upsell');
    await screenshot(page, 'priorities-page-1440');
    await group.getByRole('button', { name: 'Save order' }).click();
    await group.getByRole('status').filter({ hasText: 'Order saved' }).waitFor();
    const view = await runtime.api<{ groups: Array<{ name: string; journeys: Array<{ name: string }> }> }>(
      'GET',
      '/v1/journey-priorities',
    );
    expect(view.groups[0]?.journeys.map((j) => j.name)).toEqual(['Trial expiring', 'Nurture', 'Upsell']);
    const audit = await runtime.api<{ items: Array<{ action: string; sentence?: string }> }>(
      'GET',
      '/v1/audit?action=workflow.priority-set',
    );
    expect(JSON.stringify(audit)).toContain('nurture before upsell');
  });
});
