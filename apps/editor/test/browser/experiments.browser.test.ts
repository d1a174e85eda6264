import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type OfflinePage,
  offlinePage,
  screenshot,
  type TestBrowser,
  until,
} from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Rollout, control group, split step and guardrail screens against a real runtime and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let workflowId: string;

const wf = () => `/v1/workflows/${workflowId}`;

async function expectAccessible(page: Page, what: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
  expect(bad, `${what}: axe-core`).toEqual([]);
}

/** Enrols contacts through the pricing page's trigger; `booked` of them then reach the goal. */
async function enrol(prefix: string, count: number, booked = 0): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const at = '2026-11-24T10:00:00.000Z';
  await runtime.api('POST', '/v1/events', {
    batch: ids.map((contactId) => ({
      id: `view-${contactId}`,
      contactId,
      type: 'page.viewed',
      properties: { page: 'pricing' },
      timestamp: at,
    })),
  });
  if (booked === 0) return;
  await runtime.api('POST', '/v1/events', {
    batch: ids.slice(0, booked).map((contactId) => ({
      id: `booked-${contactId}`,
      contactId,
      type: 'meeting.booked',
      properties: {},
      timestamp: '2026-11-24T11:00:00.000Z',
    })),
  });
}

async function confirmWithReason(page: Page, testId: string, reason: string): Promise<void> {
  const confirm = page.locator(`[data-testid="${testId}"]`);
  expect(await confirm.isDisabled(), 'a reason is required').toBe(true);
  await page.fill('[aria-label="Reason"]', reason);
  await confirm.click();
  await page.waitForSelector('[role="dialog"]', { state: 'detached' });
}

const summary = (page: Page) => page.locator('[data-testid="rollout-summary"]').innerText();

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser);
  const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/workflows');
  const pricing = items.find((w) => w.name.startsWith('Pricing page'));
  if (!pricing) throw new Error('the pricing-page example was not bootstrapped');
  workflowId = pricing.id;
  await runtime.api('POST', `${wf()}/versions`, { message: 'First version', activate: true });
  const current = await runtime.api<{ draft: Record<string, unknown>; draftRevision: number }>('GET', wf());
  await runtime.api('PUT', `${wf()}/draft`, {
    graph: { ...current.draft, description: 'Shorter copy' },
    baseRevision: current.draftRevision,
  });
  await runtime.api('POST', `${wf()}/versions`, { message: 'Shorter copy' });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('experiments screens against the real runtime', { timeout: 90_000 }, () => {
  it('rolls v2 out to 5%, raises the share, makes it 100%, each with an audited reason', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${workflowId}/versions`);
    await page.waitForSelector('[data-testid="rollout-summary"]');
    expect(await summary(page)).toContain('New contacts: all get v1.');

    await page.click('[data-testid="roll-out-2"]');
    await page.waitForSelector('[data-testid="rollout-preview"]');
    expect(await page.locator('[data-testid="rollout-preview"]').innerText()).toBe(
      'v2 for 5% of new enrolments, the rest on v1.',
    );
    await expectAccessible(page, 'rollout dialog');
    await confirmWithReason(page, 'confirm-rollout', 'Try the shorter copy on a few contacts');
    await until('5% get v2, the other 95% get v1', async () =>
      (await summary(page)).includes('5% get v2, the other 95% get v1'),
    );
    expect(await page.locator('[data-testid="rolling-2"]').innerText()).toBe('5% of new');

    await enrol('r', 40);
    await page.reload();
    await page.waitForSelector('[data-testid="rollout-side-2"]');
    const report = await runtime.api<{ sides: Array<{ version: number; enrolments: number }> }>(
      'GET',
      `${wf()}/rollout`,
    );
    const total = report.sides.reduce((n, s) => n + s.enrolments, 0);
    expect(total).toBe(40);
    // Versions are columns in report order; the Enrolled row has one cell per version.
    const heads = await page.locator('[data-testid="rollout-sides"] thead th').allInnerTexts();
    const enrolled = await page.locator('[data-testid="rollout-row-Enrolled"] td').allInnerTexts();
    expect(heads.map((h) => h.split(' ')[0])).toEqual(report.sides.map((s) => `v${s.version}`));
    expect(enrolled).toEqual(report.sides.map((s) => String(s.enrolments)));
    await screenshot(page, 'experiments-rollout');
    await expectAccessible(page, 'versions with a rollout');

    await page.click('[data-testid="rollout-raise"]');
    expect(await page.locator('[data-testid="rollout-preview"]').innerText()).toBe(
      'v2 for 10% of new enrolments, the rest on v1.',
    );
    await page.click('button[aria-pressed]:has-text("25%")');
    await confirmWithReason(page, 'confirm-rollout', 'First contacts look fine, widen it');
    await until('25% get v2, the other 75% get v1', async () =>
      (await summary(page)).includes('25% get v2, the other 75% get v1'),
    );

    await page.click('[data-testid="rollout-complete"]');
    await confirmWithReason(page, 'confirm-rollout', 'No problems after a week');
    await until('New contacts: all get v2.', async () =>
      (await summary(page)).includes('New contacts: all get v2.'),
    );
    await page.waitForSelector('[data-testid="version-2"] .pill--active');

    const audit = await runtime.api<{ items: Array<{ action: string; details: unknown }> }>(
      'GET',
      `/v1/audit?action=workflow.rollout&workflowId=${workflowId}`,
    );
    const text = JSON.stringify(audit.items);
    for (const reason of ['Try the shorter copy', 'widen it', 'No problems after a week']) {
      expect(text).toContain(reason);
    }
  });

  it('holds out a control group and reports treated vs control in words, never a bare p-value', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${workflowId}/versions`);
    await page.waitForSelector('[data-testid="control-group"]');
    await page.click('[data-testid="control-group"]');
    await page.fill('[data-testid="control-percent"]', '20');
    await expectAccessible(page, 'control group dialog');
    await confirmWithReason(page, 'confirm-control', 'Measure what the journey adds');
    await until('20% of them are held out as a control group', async () =>
      (await summary(page)).includes('20% of them are held out as a control group'),
    );

    await enrol('c', 80, 30);
    await page.reload();
    const lift = page.locator('[data-testid="rollout-lift-2"]');
    await lift.waitFor();
    const words = await lift.innerText();
    expect(words).toMatch(/^v2 treated \d+\.\d% vs control \d+\.\d% reached the goal: /);
    expect(words).toMatch(/points \(95% CI [+\u2212]?\d+\.\d to [+\u2212]?\d+\.\d\): /);
    expect(words).not.toMatch(/p-value|p =|p=/i);
    await screenshot(page, 'experiments-control');
    await expectAccessible(page, 'versions with a control group');
  });
});
