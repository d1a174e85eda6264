import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
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

const at = (x: number, y: number) => ({ x, y });
const waitStep = (id: string, x: number) => ({
  id,
  type: 'wait',
  version: 1,
  position: at(x, 360),
  config: { mode: 'event', event: 'reply.received', timeout: 'P7D' },
});
const splitGraph = {
  schemaVersion: 1,
  id: 'subject-test',
  name: 'Subject line test',
  settings: { reentry: 'once', timezone: 'UTC', goal: { event: 'purchase' } },
  nodes: [
    {
      id: 'signup',
      type: 'trigger',
      version: 1,
      position: at(200, 0),
      config: { on: 'event', event: 'signup' },
    },
    {
      id: 'subject-split',
      type: 'split',
      version: 1,
      position: at(200, 180),
      label: 'Subject line',
      config: {
        arms: [
          { id: 'plain', label: 'Plain subject', weight: 50 },
          { id: 'question', label: 'Question subject', weight: 50 },
        ],
        plannedPerArm: 500,
      },
    },
    waitStep('wait-plain', 0),
    waitStep('wait-question', 400),
  ],
  edges: [
    { id: 'e1', source: 'signup', sourceHandle: 'next', target: 'subject-split' },
    { id: 'e2', source: 'subject-split', sourceHandle: 'plain', target: 'wait-plain' },
    { id: 'e3', source: 'subject-split', sourceHandle: 'question', target: 'wait-question' },
  ],
};

describe('split step: arms as percentages, live counts per arm, report and Declare winner', {
  timeout: 120_000,
}, () => {
  let splitId: string;
  const arms = async () => {
    const detail = await runtime.api<{ draft: { nodes: Array<{ id: string; config: { arms?: unknown } }> } }>(
      'GET',
      `/v1/workflows/${splitId}`,
    );
    return detail.draft.nodes.find((n) => n.id === 'subject-split')?.config.arms as Array<{
      id: string;
      label: string;
      weight: number;
    }>;
  };

  it('edits arms by name and share, asks the shares to add up to 100, and never shows an id', async () => {
    const { page } = tab;
    splitId = (
      await runtime.api<{ id: string }>('POST', '/v1/workflows', {
        name: 'Subject line test',
        graph: splitGraph,
      })
    ).id;
    await page.goto(`${runtime.url}/workflows/${splitId}`);
    await page.click('.react-flow__node[data-id="subject-split"]');
    const list = page.locator('[data-testid="arm-list"]');
    await list.waitFor();
    const values = await list
      .locator('input')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values).toEqual(['Plain subject', '50', 'Question subject', '50']);

    await page.fill('[aria-label="Share of Plain subject (percent)"]', '60');
    await until('the total is flagged', async () =>
      (await page.locator('[data-testid="arm-total"]').innerText()).includes('add up to 110%'),
    );
    await until('the problem is listed', async () =>
      (await page.locator('[data-testid="problems-panel"]').innerText()).includes('shares add up to 110%'),
    );
    await expectAccessible(page, 'split arms with a wrong total');
    await page.fill('[aria-label="Share of Question subject (percent)"]', '40');
    await until('the total is fine', async () =>
      (await page.locator('[data-testid="arm-total"]').innerText()).startsWith('Total 100%'),
    );

    await page.click('[data-testid="add-arm"]');
    expect(
      await list.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(['Plain subject', '34', 'Question subject', '33', 'Arm 3', '33']);
    // The new arm is an output on the canvas at once, named by its label.
    await page.waitForSelector(
      '.react-flow__node[data-id="subject-split"] .jnode__output[data-output="Arm 3"]',
    );
    await page.click('[aria-label="Remove Arm 3"]');
    await page.fill('[aria-label="Share of Plain subject (percent)"]', '50');
    await page.fill('[aria-label="Share of Question subject (percent)"]', '50');
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 15_000 });
    await until('the draft holds the arms', async () => {
      const now = await arms();
      return now.length === 2 && now[0]?.weight === 50 && now[1]?.weight === 50;
    });
    expect((await arms()).map((a) => a.id)).toEqual(['plain', 'question']);
    await screenshot(page, 'experiments-split-arms');
  });

  it('shows each arm on the canvas in Live, the experiment report, and declares a winner as a new version', async () => {
    const { page } = tab;
    await runtime.api('POST', `/v1/workflows/${splitId}/versions`, {
      message: 'Subject line test',
      activate: true,
    });
    const ids = Array.from({ length: 40 }, (_, i) => `s-${i}`);
    const now = new Date().toISOString();
    await runtime.api('POST', '/v1/events', {
      batch: ids.map((contactId) => ({
        id: `signup-${contactId}`,
        contactId,
        type: 'signup',
        properties: {},
        timestamp: now,
      })),
    });
    await runtime.api('POST', '/v1/events', {
      batch: ids.slice(0, 12).map((contactId) => ({
        id: `purchase-${contactId}`,
        contactId,
        type: 'purchase',
        properties: {},
        timestamp: now,
      })),
    });
    // The worker walks the contacts down the split: wait until all 40 took an arm.
    const reported = await until('every contact took an arm', async () => {
      const report = await runtime.api<{
        experiments: Array<{ arms: Array<{ label: string; contacts: number; conversions: number }> }>;
      }>('GET', `/v1/workflows/${splitId}/experiments`);
      const armsNow = report.experiments[0]?.arms ?? [];
      return armsNow.reduce((n, a) => n + a.contacts, 0) === 40 && armsNow;
    });

    await page.goto(`${runtime.url}/workflows/${splitId}/live`);
    for (const arm of reported) {
      const card = page.locator(`[data-testid="live-arm-subject-split-${arm.label}"]`);
      await card.waitFor();
      expect(await card.innerText()).toMatch(new RegExp(`^${arm.label}: ${arm.contacts} · `));
    }
    const section = page.locator('[data-testid="experiment-subject-split"]');
    expect(await section.locator('[data-testid="experiment-status"]').innerText()).toBe(
      'Not enough data yet: planned 500 contacts per arm.',
    );
    expect(await section.locator('[data-testid="arm-lift-Question subject"]').innerText()).toMatch(
      /^Question subject vs Plain subject: .*(points \(95% CI .*\): not enough data yet|no conversions to compare yet)/,
    );
    await screenshot(page, 'experiments-split-live');
    await expectAccessible(page, 'live view with an experiment');

    await page.click('[data-testid="declare-Question subject"]');
    expect(await page.locator('[aria-label="Version message"]').inputValue()).toBe(
      "'Question subject' won the experiment 'Subject line'",
    );
    await expectAccessible(page, 'declare winner dialog');
    await page.fill('[aria-label="Version message"]', 'Question subjects win: send them to everyone');
    await page.click('[data-testid="confirm-winner"]');
    await page.waitForURL(/\/compare\/1\/2$/);
    await page.waitForSelector('[data-testid="diff-summary"]');
    expect(await page.locator('[data-testid="diff-summary"]').innerText()).toContain('Subject line');

    await page.goto(`${runtime.url}/workflows/${splitId}/versions`);
    const v2 = page.locator('[data-testid="version-2"]');
    await v2.waitFor();
    expect(await v2.innerText()).toContain('Question subjects win: send them to everyone');
    await v2.locator('.pill--active').waitFor();
  });
});

describe('exit rules in journey settings, in words', { timeout: 120_000 }, () => {
  it('builds "attribute changes to a value" and "left a segment" rules without JSONLogic, and the trace says why a contact left', async () => {
    const { page } = tab;
    await runtime.api('POST', '/v1/segments', {
      name: 'engaged',
      rule: { '>=': [{ var: 'contact.score' }, 50] },
    });
    // A stored contact with a plan: the attribute is in the data dictionary, picked by name.
    await runtime.api('PUT', '/v1/contacts/exit-1', {
      attributes: { plan: 'pro', score: 70, email: 'e1@example.com' },
    });
    const example = await runtime.api<{ graph: Record<string, unknown> }>(
      'GET',
      `/v1/workflows/${workflowId}/versions/1`,
    );
    const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', {
      name: 'Pricing with exit rules',
      graph: { ...example.graph, name: 'Pricing with exit rules' },
    });
    await page.goto(`${runtime.url}/workflows/${created.id}`);
    await page.waitForSelector('.react-flow__node');
    await page.click('[role="tab"]:has-text("Journey")');
    const rules = page.locator('[data-testid="exit-rules"]');
    await rules.waitFor();

    await page.click('[data-testid="add-exit-rule"]');
    await page.getByLabel('Name of exit rule 1', { exact: true }).fill('Downgraded');
    await page.selectOption('[aria-label="When Downgraded ends the journey"]', 'attribute');
    await page.selectOption('[aria-label="Attribute Downgraded watches"]', 'contact.plan');
    await page.check('text=only when it changes to');
    await page.fill('[aria-label="Value Downgraded waits for"]', 'free');
    expect(await page.locator('[data-testid="exit-rule-words-0"]').innerText()).toBe(
      "Ends the journey when 'plan' changes to 'free'.",
    );

    await page.click('[data-testid="add-exit-rule"]');
    await page.getByLabel('Name of exit rule 2', { exact: true }).fill('No longer engaged');
    // Half built, it is an error under the canvas (it would end nobody) until the segment is chosen.
    const problems = page.locator('[data-testid="problems-panel"]');
    await until('the missing segment is reported', async () =>
      (await problems.innerText()).includes("Exit rule 'No longer engaged': choose the segment"),
    );
    await page.selectOption('[aria-label="Segment No longer engaged watches"]', 'engaged');
    expect(await page.locator('[data-testid="exit-rule-words-1"]').innerText()).toBe(
      "Ends the journey when they leave the segment 'engaged'.",
    );
    await until('the problem is gone', async () => !(await problems.innerText()).includes('Exit rule'));
    // No JSONLogic and no event names of the runtime's on screen.
    expect(await rules.innerText()).not.toMatch(/event\.properties|attribute\.changed|segment\.exited|"=="/);
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 15_000 });
    await screenshot(page, 'experiments-exit-rules');
    await expectAccessible(page, 'journey settings with exit rules');

    const saved = await runtime.api<{ draft: { settings: { exits: unknown } } }>(
      'GET',
      `/v1/workflows/${created.id}`,
    );
    expect(saved.draft.settings.exits).toEqual([
      {
        label: 'Downgraded',
        event: 'attribute.changed',
        where: {
          and: [
            { '==': [{ var: 'event.properties.attribute' }, 'plan'] },
            { '==': [{ var: 'event.properties.to' }, 'free'] },
          ],
        },
      },
      {
        label: 'No longer engaged',
        event: 'segment.exited',
        where: { '==': [{ var: 'event.properties.segment' }, 'engaged'] },
      },
    ]);

    // Live: the contact enters, is downgraded, and its history says which rule ended it.
    await runtime.api('POST', `/v1/workflows/${created.id}/versions`, {
      message: 'Exit rules',
      activate: true,
    });
    await runtime.api('POST', '/v1/events', {
      id: 'view-exit-1',
      contactId: 'exit-1',
      type: 'page.viewed',
      properties: { page: 'pricing' },
      timestamp: new Date().toISOString(),
    });
    await runtime.api('PUT', '/v1/contacts/exit-1', { attributes: { plan: 'free' } });
    await page.goto(`${runtime.url}/contacts/exit-1`);
    const trace = page.locator('[data-testid="trace"]');
    await until('the exit is in the trace', async () =>
      (await trace.innerText().catch(() => '')).includes("Exit rule 'Downgraded': 'plan' changed to 'free'"),
    );
    await expectAccessible(page, 'contact trace with an exit rule');
  });
});

describe('guardrails: settings in words, a real trip, the banner and the audit log', {
  timeout: 180_000,
}, () => {
  it('sets guardrails from sensible defaults; an unsubscribe over the limit pauses the journey and the editor says so', async () => {
    const { page } = tab;
    const example = await runtime.api<{ graph: Record<string, unknown> }>('GET', `${wf()}/versions/1`);
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', {
      name: 'Pricing with guardrails',
      graph: { ...example.graph, name: 'Pricing with guardrails' },
    });
    await runtime.api('POST', `/v1/workflows/${id}/versions`, { message: 'Guarded', activate: true });
    await page.goto(`${runtime.url}/workflows/${id}/versions`);
    await page.waitForSelector('[data-testid="guardrails-summary"]');
    expect(await page.locator('[data-testid="guardrails-summary"]').innerText()).toContain('No guardrails');
    await page.click('[data-testid="edit-guardrails"]');
    // Sensible defaults, in percent: 2% unsubscribes, 10% failures, 5% bounces and complaints, 200 emails.
    const limits = await page
      .locator('[role="dialog"] input[type="number"]')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(limits).toEqual(['2', '10', '5', '200']);
    await expectAccessible(page, 'guardrails dialog');
    // Judged from the first email, so the test needs two.
    await page.fill('[aria-label="Minimum emails before judging"]', '1');
    await page.click('[data-testid="save-guardrails"]');
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
    expect(await page.locator('[data-testid="guardrails-summary"]').innerText()).toBe(
      'Pauses the journey (or sends a rollout back to 0%) when more than 2.0% of emails lead to an unsubscribe, or more than 10.0% of emails fail to send, or more than 5.0% of contacts emailed bounce or complain, once a version has sent 1 emails.',
    );

    for (const contactId of ['g-1', 'g-2']) {
      await runtime.api('PUT', `/v1/contacts/${contactId}`, {
        attributes: { email: `${contactId}@example.com`, first_name: 'Gil', lead_score: 20 },
      });
      await runtime.api('POST', '/v1/events', {
        contactId,
        type: 'page.viewed',
        properties: { page: 'pricing' },
      });
    }
    const headers = await until('both emails caught', async () => {
      const { items } = await runtime.api<{
        items: Array<{ state: string; message: { headers: Record<string, unknown> } | null }>;
      }>('GET', `/v1/messages?workflowId=${id}`);
      return (
        items.length === 2 &&
        items.every((m) => m.state === 'sent' && m.message) &&
        items[0]?.message?.headers
      );
    });
    // The one-click unsubscribe link of the email (List-Unsubscribe and the footer carry it).
    const path = /\/u\/[A-Za-z0-9._~%-]+/.exec(JSON.stringify(headers))?.[0];
    expect(path, JSON.stringify(headers)).toBeDefined();
    const unsubscribed = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribed.status).toBe(200);
    // The worker's monitor acts within a minute (it checks every 20 s).
    await until(
      'the guardrail pauses the journey',
      async () => (await runtime.api<{ status: string }>('GET', `/v1/workflows/${id}`)).status === 'paused',
      90_000,
    );

    await page.goto(`${runtime.url}/workflows/${id}`);
    const banner = page.locator('[data-testid="guardrail-banner"]');
    await banner.waitFor();
    const words = await banner.innerText();
    expect(words).toContain('Guardrail tripped');
    expect(words).toContain('The unsubscribe rate of v1 reached 50.0%, over the 2.0% limit, on 2 emails.');
    expect(words).toContain('The journey was paused: nothing already sent is sent again');
    await screenshot(page, 'experiments-guardrail-banner');
    await expectAccessible(page, 'draft with a guardrail banner');

    await page.goto(`${runtime.url}/audit?workflowId=${id}`);
    const row = page.locator('[data-testid="audit-table"] tr[data-action="workflow.paused"]').first();
    await row.waitFor();
    expect(await row.innerText()).toContain(
      "The guardrail paused 'Pricing with guardrails' v1: unsubscribe rate 50% over 2% on 2 emails of v1. Nothing sent is sent again",
    );

    // Dismissed, it stays away on this journey.
    await page.goto(`${runtime.url}/workflows/${id}/versions`);
    await banner.waitFor();
    await page.click('[aria-label="Dismiss the guardrail notice"]');
    await banner.waitFor({ state: 'detached' });
    await page.reload();
    await page.waitForSelector('[data-testid="guardrails-summary"]');
    expect(await banner.count()).toBe(0);
  });
});
