import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type OfflinePage,
  OUTPUT_DIR,
  offlinePage,
  screenshot,
  type TestBrowser,
} from './browser.js';
import { canvasDriver } from './canvasDriver.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Issue 12, conditions without code: the builder, rule checks, durations and event types, plain
// messages and labelled fields, against the real runtime (embedded Postgres) in Debian's Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;

interface Node {
  id: string;
  type: string;
  label?: string;
  config: Record<string, unknown>;
  position: { x: number; y: number };
  version: number;
}
interface Workflow {
  id: string;
  draft: { nodes: Node[]; edges: unknown[] } & Record<string, unknown>;
  draftRevision: number;
}

const node = (
  id: string,
  type: string,
  label: string,
  [x, y]: [number, number],
  config: Record<string, unknown>,
): Node => ({ id, type, label, version: 1, position: { x, y }, config });

/** Trigger → gate (one branch, "always") → wait for a click → send; else → handoff. */
const journey = (name: string) => ({
  schemaVersion: 1,
  id: name.toLowerCase().replace(/\W+/g, '-'),
  name,
  nodes: [
    node('start', 'trigger', 'Viewed pricing', [0, 0], { on: 'event', event: 'page.viewed' }),
    node('qualify', 'segment-gate', 'Is this a hot lead?', [320, 0], {
      branches: [{ id: 'hot', label: 'Hot SaaS lead', rule: { '==': [1, 1] } }],
    }),
    node('wait-click', 'wait', 'Clicked within a while?', [640, 0], {
      mode: 'event',
      event: 'email.clicked',
      timeout: 'P5D',
    }),
    node('follow-up', 'send', 'Pricing follow-up', [640, 220], {
      subject: 'About our pricing',
      text: 'Hi {{ contact.first_name }}',
      reason: 'You looked at our pricing page',
    }),
    node('to-sales', 'sales-handoff', 'Tell sales', [320, 220], {
      assignment: { mode: 'owner', owner: 'ana@acme.io' },
    }),
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'qualify' },
    { id: 'e2', source: 'qualify', sourceHandle: 'hot', target: 'wait-click' },
    { id: 'e3', source: 'qualify', sourceHandle: 'else', target: 'to-sales' },
    { id: 'e4', source: 'wait-click', sourceHandle: 'event', target: 'follow-up' },
  ],
  settings: { reentry: 'once', timezone: 'UTC' },
});

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  // What the workspace has seen: typed contact attributes and a few event types.
  for (const [id, attributes] of Object.entries({
    c1: { email: 'a@x.io', first_name: 'Ada', lead_score: 92, industry: 'SaaS', plan: 'pro' },
    c2: { email: 'b@x.io', first_name: 'Bo', lead_score: 40, industry: 'Fintech', plan: 'free' },
    c3: { email: 'c@x.io', first_name: 'Cy', lead_score: 75, industry: 'SaaS', plan: 'team' },
  })) {
    await runtime.api('PUT', `/v1/contacts/${id}`, { attributes });
  }
  await runtime.api('POST', '/v1/events', {
    batch: [
      { contactId: 'c1', type: 'page.viewed', properties: { page: 'pricing' } },
      { contactId: 'c2', type: 'page.viewed', properties: { page: 'docs' } },
      { contactId: 'c3', type: 'form.submitted', properties: { form: 'demo' } },
    ],
  });
  tab = await offlinePage(chrome.browser, { width: 1280, height: 800 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 150_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

async function createJourney(name: string, edit?: (g: ReturnType<typeof journey>) => void): Promise<string> {
  const graph = journey(name);
  edit?.(graph);
  const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', { name, graph });
  return created.id;
}

const draft = (id: string) => runtime.api<Workflow>('GET', `/v1/workflows/${id}`);
const configOf = async (id: string, nodeId: string) =>
  (await draft(id)).draft.nodes.find((n) => n.id === nodeId)?.config as Record<string, unknown>;

async function open(page: Page, id: string) {
  await page.goto(`${runtime.url}/workflows/${id}`);
  await page.waitForSelector('.react-flow__node');
}

const saved = (page: Page) =>
  page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 15_000 });

/** axe on part of the page: the critical and serious violations, with what they hit. */
async function axe(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('conditions without code', () => {
  it('builds "lead score > 80 and industry is SaaS" by clicking, saves JSONLogic, and simulation takes that branch', async () => {
    const { page } = tab;
    const id = await createJourney('Builder by clicking');
    await open(page, id);
    await canvasDriver(page).select('qualify');
    const branch = page.locator('[data-testid="inspector"] [data-path="branches[0]"]');
    const builder = branch.locator('[data-testid="condition-builder"]');
    await builder.waitFor();
    expect(await builder.textContent()).toContain('Every contact matches');

    await builder.getByRole('button', { name: 'Add condition' }).click();
    await builder.getByLabel('Field of condition 1').selectOption('contact.lead_score');
    await builder.getByLabel('Operator of condition 1').selectOption({ label: 'is greater than' });
    await builder.getByLabel('Value of condition 1').fill('80');

    // The second condition by keyboard only: Enter on "Add condition", the new row's field has focus.
    await builder.getByRole('button', { name: 'Add condition' }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Field of condition 2');
    await page.keyboard.press('ArrowDown');
    const field2 = builder.getByLabel('Field of condition 2');
    for (let i = 0; i < 30 && (await field2.inputValue()) !== 'contact.industry'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await field2.inputValue()).toBe('contact.industry');
    await page.keyboard.press('Tab'); // operator: "is"
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Operator of condition 2',
    );
    await page.keyboard.press('Tab');
    await page.keyboard.type('SaaS');
    await expect
      .poll(() => branch.locator('[data-testid="rule-summary"]').textContent())
      .toBe('Matches when lead score is greater than 80 and industry is SaaS');
    await screenshot(page, 'conditions-builder-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'conditions-builder-1440');
    await page.setViewportSize({ width: 1280, height: 800 });

    await saved(page);
    const rule = ((await configOf(id, 'qualify')).branches as Array<{ rule: unknown }>)[0]?.rule;
    expect(rule).toEqual({
      and: [{ '>': [{ var: 'contact.lead_score' }, 80] }, { '==': [{ var: 'contact.industry' }, 'SaaS'] }],
    });

    const simulate = (contact: Record<string, unknown>) =>
      runtime.api<{ path: Array<{ nodeId: string; output: string | null }> }>(
        'POST',
        `/v1/workflows/${id}/simulate`,
        { contact, events: [{ after: 0, type: 'page.viewed', properties: { page: 'pricing' } }] },
      );
    const hot = await simulate({ id: 'sim-1', lead_score: 92, industry: 'SaaS' });
    expect(hot.path.find((s) => s.nodeId === 'qualify')?.output).toBe('hot');
    const cold = await simulate({ id: 'sim-2', lead_score: 92, industry: 'Fintech' });
    expect(cold.path.find((s) => s.nodeId === 'qualify')?.output).toBe('else');

    expect(await axe(page, '[data-testid="inspector"]')).toEqual([]);
  }, 120_000);

  it('opens a rule the builder cannot express in the code view with the reason; switching views never changes a rule', async () => {
    const { page } = tab;
    const reduce = {
      '>=': [{ reduce: [{ var: 'contact.orders' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 3],
    };
    const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>(
      'GET',
      '/v1/workflows',
    );
    const pricing = items.find((w) => /pricing/i.test(w.name)) as { id: string };
    const example = await draft(pricing.id);
    const gate = example.draft.nodes.find((n) => n.type === 'segment-gate') as Node;
    const before = structuredClone(gate.config);

    // The example's own rule opens in the builder; builder → code → builder leaves it as it was.
    await open(page, pricing.id);
    await page.locator(`.react-flow__node[data-id="${gate.id}"]`).click();
    const branch = page.locator('[data-testid="inspector"] [data-path="branches[0]"]');
    await branch.locator('[data-testid="condition-builder"]').waitFor();
    await branch.locator('[data-testid="rule-view-code"]').click();
    await branch.locator('.monaco-editor').waitFor();
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="inspector"] .monaco-editor .view-lines')
        ?.textContent?.includes('lead_score'),
    );
    await branch.locator('[data-testid="rule-view-builder"]').click();
    await branch.locator('[data-testid="condition-builder"]').waitFor();
    await page.waitForTimeout(1500);
    expect((await configOf(pricing.id, gate.id)).branches).toEqual(before.branches);

    // A rule with `reduce`: code view, the reason in one line, the builder refused, the rule kept.
    const branches = structuredClone(before.branches) as Array<Record<string, unknown>>;
    (branches[0] as Record<string, unknown>).rule = reduce;
    gate.config = { ...before, branches };
    await runtime.api('PUT', `/v1/workflows/${pricing.id}/draft`, {
      graph: example.draft,
      baseRevision: example.draftRevision,
    });
    await open(page, pricing.id);
    await page.locator(`.react-flow__node[data-id="${gate.id}"]`).click();
    const reason = branch.locator('[data-testid="rule-code-reason"]');
    await reason.waitFor();
    expect(await reason.textContent()).toBe(
      'Shown as code: this rule uses the reduce operator, which the builder does not offer.',
    );
    expect(await branch.locator('[data-testid="rule-view-builder"]').isDisabled()).toBe(true);
    await branch.locator('[data-testid="rule-view-code"]').click();
    await screenshot(page, 'conditions-code-view-reason');
    await page.waitForTimeout(1500);
    expect(((await configOf(pricing.id, gate.id)).branches as Array<{ rule: unknown }>)[0]?.rule).toEqual(
      reduce,
    );
    expect(await axe(page, '[data-testid="inspector"]')).toEqual([]);
  }, 120_000);

  it('checks rules against the data dictionary; a rule that does not parse blocks Publish and is never "Saved"', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const id = await createJourney('Rule checks');
    await open(page, id);
    await canvas.select('qualify');
    const branch = page.locator('[data-testid="inspector"] [data-path="branches[0]"]');
    await branch.locator('[data-testid="rule-view-code"]').click();
    const problem = (text: RegExp) => page.locator('[data-testid="problem"]', { hasText: text });

    await canvas.setMonaco('[data-path="branches[0]"]', '{">": [{"var": "contact.leadscore"}, 80]}');
    await problem(/contact.leadscore is not a known field: did you mean contact.lead_score\?/).waitFor();
    expect(await problem(/leadscore/).textContent()).toContain(
      "Segment gate 'Is this a hot lead?', branch 'Hot SaaS lead': in the rule, contact.leadscore is not a known field: did you mean contact.lead_score?",
    );
    expect(
      await problem(/leadscore/)
        .locator('code')
        .allTextContents(),
    ).toEqual(['contact.leadscore', 'contact.lead_score']);
    // Under the rule too, where it is being written.
    const ruleField = page.locator('[data-testid="inspector"] [data-path="branches[0].rule"]');
    expect(await ruleField.locator('.field__error').textContent()).toContain(
      'did you mean contact.lead_score?',
    );

    await canvas.setMonaco('[data-path="branches[0]"]', '{">": [{"var": "contact.lead_score"}, "fifty"]}');
    await problem(/compares the number field contact.lead_score with the text "fifty"/).waitFor();
    await saved(page);
    expect(await page.locator('[data-testid="publish"]').isDisabled()).toBe(false);

    // Malformed JSON (a missing colon: Monaco's bracket completion cannot repair it).
    await canvas.setMonaco('[data-path="branches[0]"]', '{">": [{"var" "contact.lead_score"}, 80]}');
    await page.locator('.react-flow__node[data-id="qualify"] [data-testid="problem-marker"]').waitFor();
    await problem(/the rule was not saved: it is not valid JSON/).waitFor();
    await page.waitForSelector('[data-testid="save-status"][data-status="invalid"]');
    expect(await page.locator('[data-testid="save-status"]').textContent()).not.toContain('Saved');
    expect(await page.locator('[data-testid="publish"]').isDisabled()).toBe(true);
    expect(await branch.locator('[data-testid="rule-unsaved"]').textContent()).toMatch(
      /^Not saved: it is not valid JSON/,
    );
    await screenshot(page, 'conditions-unparsable-rule');
    // The server still holds the last valid rule.
    expect(((await configOf(id, 'qualify')).branches as Array<{ rule: unknown }>)[0]?.rule).toEqual({
      '>': [{ var: 'contact.lead_score' }, 'fifty'],
    });

    // Leaving the step and coming back keeps the unsaved text and the error.
    await canvas.select('follow-up');
    await canvas.select('qualify');
    await branch.locator('[data-testid="rule-unsaved"]').waitFor();

    await branch.getByRole('button', { name: 'Undo my edit' }).click();
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]');
    await expect
      .poll(() => page.locator('[data-testid="publish"]').isDisabled(), { timeout: 5000 })
      .toBe(false);
  }, 120_000);

  it('sets a wait timeout as a number and a unit, and picks the trigger event from those the workspace has seen', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const id = await createJourney('Durations and events');
    await open(page, id);
    await canvas.select('wait-click');
    const timeout = page.locator('[data-testid="inspector"] [data-path="timeout"]');
    await timeout.locator('input[type="number"]').fill('2');
    await timeout.getByLabel('Unit').selectOption('days');
    await saved(page);
    expect((await configOf(id, 'wait-click')).timeout).toBe('P2D');
    await timeout.getByLabel('Unit').selectOption('hours');
    await expect
      .poll(async () => (await configOf(id, 'wait-click')).timeout, { timeout: 15_000 })
      .toBe('PT2H');
    expect(await axe(page, '[data-testid="inspector"]')).toEqual([]);
    await screenshot(page, 'conditions-wait-duration');

    await canvas.select('start');
    const event = page.locator('[data-testid="inspector"] [data-path="event"]');
    const options = await event
      .locator('datalist option')
      .evaluateAll((els) => els.map((el) => [(el as HTMLOptionElement).value, el.textContent]));
    expect(options.map(([value]) => value)).toEqual(['page.viewed', 'form.submitted']);
    expect(options[0]?.[1]).toMatch(/^2 times, last /);
    const input = event.getByLabel('Event type');
    await input.fill('form.submitted');
    expect(await event.textContent()).toMatch(/Seen 1 time, last /);
    await saved(page);
    expect((await configOf(id, 'start')).event).toBe('form.submitted');
    // Free text still allowed: an event nobody has sent yet.
    await input.fill('trial.started');
    expect(await event.textContent()).toContain('Not seen in this workspace yet');
    expect(await axe(page, '[data-testid="inspector"]')).toEqual([]);
  }, 120_000);

  it("says \"Send '<label>': the subject is empty\" in the problems bar and in the API's 422", async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const id = await createJourney('Plain messages');
    await open(page, id);
    await canvas.select('follow-up');
    await page.locator('[data-testid="inspector"] [data-path="subject"]').getByLabel('Subject').fill('');
    const message = "Send 'Pricing follow-up': the subject is empty";
    const listed = page.locator('[data-testid="problem"]', { hasText: message });
    await listed.waitFor();
    expect(await listed.count()).toBe(1);
    expect(
      await page.locator('[data-testid="inspector"] [data-path="subject"] .field__error').allTextContents(),
    ).toEqual([message]);
    await saved(page);
    const res = await fetch(`${runtime.url}/v1/workflows/${id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'try' }),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { problems: Array<{ message: string }> };
    expect(body.problems.map((p) => p.message)).toContain(message);
    await screenshot(page, 'conditions-plain-message');
    expect(await axe(page, '[data-testid="inspector"]')).toEqual([]);
    expect(await axe(page, '[data-testid="problems-panel"]')).toEqual([]);
  }, 120_000);

  it('passes axe on the inspector of every step kind and on the builder', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const id = await createJourney('Accessible inspector', (g) => {
      const gate = g.nodes[1] as Node;
      gate.config = {
        branches: [
          {
            id: 'hot',
            label: 'Hot',
            rule: {
              or: [
                { in: [{ var: 'contact.plan' }, ['pro', 'team']] },
                {
                  and: [
                    { '<=': [50, { var: 'contact.lead_score' }, 90] },
                    { '!': { missing: ['contact.email'] } },
                  ],
                },
              ],
            },
          },
        ],
      };
    });
    await open(page, id);
    for (const step of ['start', 'qualify', 'wait-click', 'follow-up', 'to-sales']) {
      await canvas.select(step);
      await page.waitForSelector('[data-testid="inspector"]');
      await page.waitForTimeout(300);
      expect(await axe(page, '[data-testid="inspector"]'), step).toEqual([]);
    }
    await canvas.select('qualify');
    await page.locator('[data-testid="condition-builder"]').waitFor();
    expect(await page.locator('[data-testid="rule-summary"]').textContent()).toBe(
      'Matches when plan is one of pro or team or (lead score is between 50 and 90 and email is set)',
    );
    expect(await axe(page, '[data-testid="condition-builder"]')).toEqual([]);
    await page
      .locator('[data-testid="inspector"] [data-path="branches[0]"]')
      .screenshot({ path: `${OUTPUT_DIR}/conditions-nested-groups.png` });
    // Every inspector input has a name people can hear.
    const unnamed = await page.$$eval(
      '[data-testid="inspector"] input, [data-testid="inspector"] select, [data-testid="inspector"] textarea',
      (els) =>
        els
          .filter((el) => !(el as HTMLElement).closest('.monaco-editor'))
          .filter((el) => {
            const e = el as HTMLInputElement;
            return !e.labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby');
          })
          .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  }, 120_000);

  it('builds a named segment with the same builder on the Segments page, linked from the top bar', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/`);
    await page.click('[data-testid="nav-segments"]');
    await page.waitForSelector('[data-testid="segments-page"]');
    await page.getByRole('button', { name: 'New segment' }).click();
    const form = page.locator('[data-testid="segment-form"]');
    await form.getByLabel('Name', { exact: true }).fill('warm-prospects');
    await form.getByLabel('Description', { exact: true }).fill('Scored and not yet a customer');
    const builder = form.locator('[data-testid="condition-builder"]');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await builder.getByLabel('Field of condition 1').selectOption('contact.lead_score');
    await builder.getByLabel('Operator of condition 1').selectOption({ label: 'is at least' });
    await builder.getByLabel('Value of condition 1').fill('70');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await builder.getByLabel('Field of condition 2').selectOption('contact.plan');
    await builder.getByLabel('Operator of condition 2').selectOption({ label: 'is none of' });
    const values = builder.getByLabel('Value of condition 2: type a value and press Enter');
    await values.fill('free');
    await values.press('Enter');
    expect(await form.locator('[data-testid="rule-summary"]').textContent()).toBe(
      'Matches when lead score is at least 70 and plan is none of free',
    );
    expect(await axe(page, '[data-testid="segments-page"]')).toEqual([]);
    await screenshot(page, 'conditions-segments-page');
    await form.getByRole('button', { name: 'Save segment' }).click();
    await page.locator('[data-testid="segment-list"]', { hasText: 'warm-prospects' }).waitFor();
    const { items } = await runtime.api<{ items: Array<{ name: string; rule: unknown }> }>(
      'GET',
      '/v1/segments',
    );
    expect(items.find((s) => s.name === 'warm-prospects')?.rule).toEqual({
      and: [
        { '>=': [{ var: 'contact.lead_score' }, 70] },
        { '!': { in: [{ var: 'contact.plan' }, ['free']] } },
      ],
    });
    expect(await page.locator('[data-testid="segment-list"]').textContent()).toContain(
      'Contacts whose lead score is at least 70 and plan is none of free',
    );

    // "In segment" from a gate branch's builder: the branch then names the segment.
    const id = await createJourney('In segment');
    await open(page, id);
    await canvasDriver(page).select('qualify');
    const branch = page.locator('[data-testid="inspector"] [data-path="branches[0]"]');
    await branch.getByRole('button', { name: 'Add condition' }).click();
    await branch.getByLabel('Field of condition 1').selectOption({ label: 'in segment warm-prospects' });
    expect(await branch.locator('[data-path="branches[0].segment"] select').inputValue()).toBe(
      'warm-prospects',
    );
    await saved(page);
    const [first] = (await configOf(id, 'qualify')).branches as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ segment: 'warm-prospects' });
    expect(first?.rule).toBeUndefined();
  }, 120_000);

  it('logged no unexpected errors and reached nothing outside localhost', () => {
    expect(tab.external).toEqual([]);
    expect(tab.errors.filter((e) => !/status of (404|409|422)/.test(e))).toEqual([]);
  });
});
