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

// Write back and hear back (issue 14): the update-contact step's form, sales outcomes in Live and
// activation with the contacts already in a segment, against a real runtime (embedded Postgres,
// worker) and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;

const at = { x: 0, y: 0 };
/** axe on the page as it is: no critical or serious violation. */

async function createJourney(graph: unknown, activate = true): Promise<string> {
  const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph });
  if (activate) {
    const { version } = await runtime.api<{ version: number }>('POST', `/v1/workflows/${id}/versions`, {
      message: 'First version',
    });
    await runtime.api('POST', `/v1/workflows/${id}/activate`, { version });
  }
  return id;
}

const qualified = {
  schemaVersion: 1,
  id: 'qualified',
  name: 'Qualified leads to sales',
  settings: { reentry: 'once' },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: at,
      label: 'Lead qualified',
      config: { on: 'event', event: 'lead.qualified' },
    },
    {
      id: 'stage',
      type: 'update-contact',
      version: 1,
      label: 'Mark as SQL',
      position: { x: 0, y: 200 },
      config: { changes: [{ op: 'set', attribute: 'lifecycle_stage', value: 'sql' }] },
    },
    {
      id: 'to-sales',
      type: 'sales-handoff',
      version: 1,
      label: 'Hand to Ana',
      position: { x: 0, y: 400 },
      config: { assignment: { mode: 'owner', owner: 'ana@example.com' }, stopMarketing: false },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'stage' },
    { id: 'e2', source: 'stage', sourceHandle: 'next', target: 'to-sales' },
  ],
};

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser);
  await tab.page.setViewportSize({ width: 1280, height: 800 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('write back and hear back in the editor', { timeout: 90_000 }, () => {
  it('edits an update-contact step through its generated form and saves it', async () => {
    const { page } = tab;
    const id = await createJourney({ ...qualified, id: 'draft-only', name: 'Stage draft' }, false);
    await page.goto(`${runtime.url}/workflows/${id}`);
    await page.click('.react-flow__node[data-id="stage"]');
    const form = page.locator('[data-testid="inspector"]');
    // The form comes from the node type's schema: a card per change, its kind as a switch.
    await form.locator('button[aria-pressed="true"]:has-text("Set to a value")').waitFor();
    expect(await form.innerText()).toContain('Contact attribute to change');
    await form.locator('[data-path="changes[0].value"] input').fill('customer');
    await form.locator('button:has-text("Add")').last().click();
    await form.locator('[data-path="changes[1]"] button:has-text("Add to a number")').click();
    await form.locator('[data-path="changes[1].attribute"] input').fill('demos');
    await form.locator('[data-path="changes[1].by"] input').fill('2');
    await screenshot(page, 'crm-update-contact-form');
    await expectAccessible(page, 'update-contact form', '[data-testid="inspector"]');
    const saved = await until('the draft saves the form', async () => {
      const wf = await runtime.api<{ draft: typeof qualified }>('GET', `/v1/workflows/${id}`);
      const step = wf.draft.nodes.find((n) => n.id === 'stage');
      const changes =
        (step?.config as { changes: Array<Record<string, unknown>> } | undefined)?.changes ?? [];
      return changes.length === 2 && changes[1]?.by === 2 && changes;
    });
    expect(saved).toEqual([
      // Fields left at their default are not written: the step's config fills them in.
      { op: 'set', attribute: 'lifecycle_stage', value: 'customer' },
      { op: 'increment', attribute: 'demos', by: 2 },
    ]);
    expect(await page.locator('.react-flow__node[data-id="stage"]').innerText()).toContain(
      'Set lifecycle_stage',
    );
  });

  it('shows what sales made of the handoffs in Live, by segment', async () => {
    const { page } = tab;
    await runtime.api('POST', '/v1/segments', {
      name: 'enterprise',
      rule: { '>=': [{ var: 'contact.employees' }, 500] },
    });
    await runtime.api('POST', '/v1/segments', {
      name: 'startups',
      rule: { '<': [{ var: 'contact.employees' }, 50] },
    });
    const id = await createJourney(qualified);
    const leads = { big1: 900, big2: 1200, tiny1: 8, tiny2: 20 };
    for (const [contact, employees] of Object.entries(leads)) {
      await runtime.api('PUT', `/v1/contacts/${contact}`, { attributes: { employees } });
      await runtime.api('POST', '/v1/events', { contactId: contact, type: 'lead.qualified' });
    }
    const handoffs = await until('four handoffs', async () => {
      const { items } = await runtime.api<{ items: Array<{ id: string; contactId: string }> }>(
        'GET',
        '/v1/handoffs',
      );
      return items.length === 4 && items;
    });
    const of = (contact: string) => handoffs.find((h) => h.contactId === contact)?.id;
    const { key } = await runtime.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'CRM',
      role: 'ingest',
    });
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const tell = (contact: string, body: unknown) =>
      runtime.api('POST', `/v1/handoffs/${of(contact)}/outcome`, body, key);
    await tell('tiny1', { outcome: 'won', amount: 1500, currency: 'EUR', occurredAt: hours(20) });
    await tell('tiny2', { outcome: 'rejected', reason: 'too small' });
    await tell('big1', { outcome: 'won', amount: 40000, currency: 'EUR', occurredAt: hours(24 * 9) });
    await tell('big2', { outcome: 'accepted' });

    await page.goto(`${runtime.url}/workflows/${id}/live`);
    const section = page.locator('[data-testid="sales-outcomes"]');
    await section.waitFor();
    await until('the outcomes are in', async () => (await section.innerText()).includes('2 of 4'));
    expect(await page.locator('[data-testid="outcome-acceptance"]').innerText()).toBe('75%');
    const rows = await page.locator('[data-testid="outcomes-by-segment"] tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/^startups\s+2\s+50%\s+1\s+20 h$/);
    expect(rows[1]).toMatch(/^enterprise\s+2\s+100%\s+1\s+9 days$/);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'crm-sales-outcomes');
    await expectAccessible(page, 'sales outcomes', '[data-testid="sales-outcomes"]');
  });

  it('offers to enrol the contacts already in the segment when activating, with the count', async () => {
    const { page } = tab;
    await runtime.api('POST', '/v1/segments', {
      name: 'trial-users',
      rule: { '==': [{ var: 'contact.plan' }, 'trial'] },
    });
    for (const [contact, plan] of Object.entries({ t1: 'trial', t2: 'trial', t3: 'trial', p1: 'pro' })) {
      await runtime.api('PUT', `/v1/contacts/${contact}`, { attributes: { plan } });
    }
    const graph = {
      ...qualified,
      id: 'trial-nurture',
      name: 'Trial nurture',
      nodes: [
        {
          ...qualified.nodes[0],
          label: 'Started a trial',
          config: { on: 'segment', segment: 'trial-users' },
        },
        qualified.nodes[1],
      ],
      edges: [qualified.edges[0]],
    };
    const id = await createJourney(graph, false);
    await runtime.api('POST', `/v1/workflows/${id}/versions`, { message: 'First version' });
    await page.goto(`${runtime.url}/workflows/${id}/versions`);
    await page.click('[data-testid="activate-1"]');
    const offer = page.locator('[data-testid="enrol-existing-label"]');
    await offer.waitFor();
    expect(await offer.innerText()).toBe('Also enrol the 3 contacts already in the segment ‘trial-users’');
    await page.check('[data-testid="enrol-existing"]');
    await screenshot(page, 'crm-activate-existing');
    await expectAccessible(page, 'activate dialog', '[role="dialog"]');
    await page.click('[data-testid="confirm-activate"]');
    const enrolled = await until('the three trial users are enrolled', async () => {
      const { items } = await runtime.api<{ items: Array<{ contactId: string }> }>(
        'GET',
        `/v1/workflows/${id}/versions/1/contacts`,
      );
      return items.length === 3 && items.map((c) => c.contactId).sort();
    });
    expect(enrolled).toEqual(['t1', 't2', 't3']);
  });
});
