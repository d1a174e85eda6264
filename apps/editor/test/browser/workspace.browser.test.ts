import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
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
import { EDITOR_ROOT, type RunningRuntime, startRuntime } from './runtime.js';

// Labels everywhere, who is where, handoffs, the journey list and API keys, against one real
// runtime (embedded Postgres, worker, SMTP catcher), a local CRM receiver and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let crm: Server;
let crmMode: 'reject' | 'accept' = 'reject';
let workflowId: string;

interface GraphFile {
  nodes: Array<{ id: string; label?: string; config: Record<string, unknown> }>;
  edges: Array<{ id: string; source: string; sourceHandle: string; target: string }>;
}
const pricing = JSON.parse(
  readFileSync(join(EDITOR_ROOT, '../../examples/pricing-page-handoff/graph.json'), 'utf8'),
) as GraphFile;
/** Internal ids that must never be visible text (they may sit in title attributes). */
const INTERNAL_IDS = [...pricing.nodes.map((n) => n.id), 'hot-saas', 'e-qualify-else'];
const waitLabel = pricing.nodes.find((n) => n.id === 'wait-for-open')?.label ?? '';

const PARKED = 30;
const parked = (i: number) => `dana-${String(i).padStart(2, '0')}`;
const HOT = { first_name: 'Mara', company: 'Brightside', lead_score: 92, industry: 'SaaS' };

/** axe on the page as it is: no critical or serious violation. */

/**
 * Visible text of the page holds no internal id, and outside the canvas (whose steps show what
 * was typed into them, templates included) no template code.
 */
async function expectLabelsOnly(page: Page, where: string) {
  const text = await page.locator('body').innerText();
  for (const id of INTERNAL_IDS) expect(text, `${where} shows the id ${id}`).not.toContain(id);
  const outsideCanvas = await page.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const canvas of copy.querySelectorAll('.react-flow')) canvas.remove();
    document.body.append(copy);
    copy.style.position = 'absolute';
    const shown = copy.innerText;
    copy.remove();
    return shown;
  });
  expect(outsideCanvas, `${where} shows template code`).not.toMatch(/\{\{|\{%/);
}

beforeAll(async () => {
  crm = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = crmMode === 'reject' ? 400 : 200;
      res.end(crmMode === 'reject' ? 'no such owner' : 'ok');
    });
  });
  await new Promise<void>((ok) => crm.listen(0, '127.0.0.1', ok));
  [runtime, chrome] = await Promise.all([
    startRuntime({ CROSSROADS_ALLOW_LOOPBACK_URLS: 'true' }),
    launchBrowser(),
  ]);
  const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/workflows');
  workflowId = items.find((w) => w.name.startsWith('Pricing page'))?.id ?? '';
  await runtime.api('POST', `/v1/workflows/${workflowId}/versions`, { message: 'First version' });
  await runtime.api('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 });
  await runtime.api('PUT', '/v1/settings/channels', {
    crm: {
      webhookUrl: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/hooks`,
      secrets: [{ secret: `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}` }],
    },
  });
  // Real traffic: 30 contacts parked at the wait, two hot leads who open and go to sales.
  const view = (contactId: string) =>
    runtime.api('POST', '/v1/events', { contactId, type: 'page.viewed', properties: { page: 'pricing' } });
  for (let i = 0; i < PARKED; i++) {
    await runtime.api('PUT', `/v1/contacts/${parked(i)}`, {
      attributes: {
        email: `Dana.${String(i).padStart(2, '0')}@Acme.example`,
        first_name: 'Dana',
        lead_score: 20,
      },
    });
    await view(parked(i));
  }
  for (const [id, region] of [
    ['hot-emea', 'emea'],
    ['hot-amer', 'amer'],
  ] as const) {
    await runtime.api('PUT', `/v1/contacts/${id}`, {
      attributes: { ...HOT, email: `${id}@example.com`, region },
    });
    await view(id);
    await until(`${id}'s email`, async () => {
      const { items } = await runtime.api<{ items: Array<{ state: string }> }>(
        'GET',
        `/v1/messages?contactId=${id}`,
      );
      return items[0]?.state === 'sent';
    });
    await runtime.api('POST', '/v1/events', { contactId: id, type: 'email.opened' });
  }
  await until('two dead handoffs', async () => {
    const { items } = await runtime.api<{ items: unknown[] }>('GET', '/v1/handoffs?state=dead');
    return items.length === 2;
  });
  // A second version whose gate sends everyone else to sales too: the diff names connections.
  const current = await runtime.api<{ draft: GraphFile; draftRevision: number }>(
    'GET',
    `/v1/workflows/${workflowId}`,
  );
  current.draft.edges = current.draft.edges.map((e) =>
    e.id === 'e-qualify-else' ? { ...e, target: 'hand-to-sales' } : e,
  );
  await runtime.api('PUT', `/v1/workflows/${workflowId}/draft`, {
    graph: current.draft,
    baseRevision: current.draftRevision,
  });
  await runtime.api('POST', `/v1/workflows/${workflowId}/versions`, { message: 'Everyone to sales' });

  tab = await offlinePage(chrome.browser, { width: 1280, height: 800 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
  await new Promise((ok) => crm?.close(ok));
}, 30_000);

describe('labels, contacts, handoffs, journeys and keys', { timeout: 90_000 }, () => {
  it('shows step labels and rendered subjects in the trace, mailbox, diff and live view, never ids', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/contacts/hot-emea`);
    const trace = page.locator('[data-testid="trace"]');
    await trace.locator('tr[data-node="qualify"]').waitFor();
    const sendRow = await trace.locator('tr[data-node="pricing-follow-up"]').innerText();
    expect(sendRow).toContain('Pricing follow-up');
    expect(sendRow).toMatch(/Email “Mara, questions about Lumen pricing\?” queued/);
    expect(await trace.locator('tr[data-node="qualify"]').innerText()).toContain("took 'Hot SaaS lead'");
    expect(await trace.locator('tr[data-node="qualify"] td[title]').first().getAttribute('title')).toContain(
      'qualify',
    );
    await page.locator('[data-testid="enrollments"]').getByText('Hand to regional AE').waitFor();
    await expectLabelsOnly(page, 'the contact page');
    await expectAccessible(page, 'contact');
    await screenshot(page, 'workspace-contact-trace');

    await page.goto(`${runtime.url}/mailbox`);
    await page.locator('[data-testid="mailbox-item"]:has-text("hot-emea@example.com")').first().click();
    const detail = page.locator('[data-testid="message-detail"]');
    await detail.getByText('Pricing follow-up').first().waitFor();
    expect(await detail.locator('h2').innerText()).toBe('Mara, questions about Lumen pricing?');
    await expectLabelsOnly(page, 'the mailbox');
    await expectAccessible(page, 'mailbox');

    await page.goto(`${runtime.url}/workflows/${workflowId}/compare/1/2`);
    const summary = page.locator('[data-testid="diff-summary"]');
    await summary.getByText('Added connection').waitFor();
    expect(await summary.innerText()).toContain(
      "Added connection 'Sales-ready?' (Else) → 'Hand to regional AE'",
    );
    await expectLabelsOnly(page, 'the diff');

    await page.goto(`${runtime.url}/workflows/${workflowId}/live`);
    await page.waitForSelector('[data-testid="live-entered-pricing-follow-up"]');
    await expectLabelsOnly(page, 'the live view');
    await expectAccessible(page, 'live');
  });

  it(`lists who is at "${waitLabel}" in Live, paged, and finds a contact by email prefix`, async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${workflowId}/live`);
    await page.locator('.react-flow__node[data-id="wait-for-open"]').click();
    const list = page.locator('[data-testid="step-contacts"]');
    await list.getByText(`At “${waitLabel}” now`).waitFor();
    await until(
      'a full first page',
      async () => (await list.locator('[data-testid="step-contact"]').count()) === 25,
    );
    expect(await list.locator('[data-testid="step-contact"]').first().innerText()).toContain(
      'Dana.00@Acme.example',
    );
    await list.locator('[data-testid="step-contacts-next"]').click();
    await until(
      'the second page',
      async () => (await list.locator('[data-testid="step-contact"]').count()) === 5,
    );
    expect(await list.innerText()).toContain('Dana.29@Acme.example');
    // Closing the list and clicking the step again opens it again.
    await list.getByRole('button', { name: 'Close the list' }).click();
    await list.waitFor({ state: 'detached' });
    await page.locator('.react-flow__node[data-id="wait-for-open"]').click();
    await list.getByText(`At “${waitLabel}” now`).waitFor();
    await expectAccessible(page, 'live with contacts');
    await screenshot(page, 'workspace-live-step-contacts');

    // The top bar's box searches: the start of an email, in any case.
    await page.goto(`${runtime.url}/mailbox`);
    await page.fill('[data-testid="nav-contact-search"]', 'DANA.1');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/contacts\?q=DANA\.1$/);
    const rows = page.locator('[data-testid="contact-row"]');
    await until('ten matches', async () => (await rows.count()) === 10);
    expect(await rows.first().innerText()).toContain('Dana.10@Acme.example');
    await expectAccessible(page, 'contacts');
    await screenshot(page, 'workspace-contacts');
    await rows.first().locator('a').click();
    await page.waitForURL(/\/contacts\/dana-10$/);
    await page.locator('[data-testid="contact-page"]').getByText(waitLabel).first().waitFor();
  });

  it('filters handoffs by owner and state, and retries a dead one', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/handoffs`);
    const rows = page.locator('[data-testid="handoff-row"]');
    await until('both handoffs', async () => (await rows.count()) === 2);
    await page.selectOption('[data-testid="handoff-owner"]', { label: 'ana.ruiz@lumen.example (1)' });
    await until('ana’s handoff only', async () => (await rows.count()) === 1);
    await page.selectOption('[data-testid="handoff-state"]', 'dead');
    await until(
      'the dead one',
      async () => (await page.locator('[data-testid="handoff-row"][data-state="dead"]').count()) === 1,
    );
    const row = rows.first();
    expect(await row.innerText()).toContain('hot-emea');
    expect(await row.innerText()).toContain('Hand to regional AE');
    expect(await row.innerText()).toContain('Failed');
    await expectAccessible(page, 'handoffs');
    await screenshot(page, 'workspace-handoffs');
    crmMode = 'accept';
    await row.locator('[data-testid="handoff-retry"]').click();
    await page.getByText('is on its way again').waitFor();
    await until('the retried handoff in the CRM', async () => {
      const { items } = await runtime.api<{ items: Array<{ contactId: string; state: string }> }>(
        'GET',
        '/v1/handoffs?owner=ana.ruiz@lumen.example',
      );
      return items[0]?.state === 'sent';
    });
    await page.selectOption('[data-testid="handoff-state"]', 'sent');
    await until('it listed as in the CRM', async () => (await rows.count()) === 1);
    expect(await rows.first().innerText()).toContain('In the CRM');
  });

  it('searches, duplicates, archives, unarchives and starts journeys from a template', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/`);
    await page.fill('[data-testid="workflow-search"]', 'pricing');
    const rows = page.locator('[data-testid="workflow-row"]');
    await until('one journey', async () => (await rows.count()) === 1);
    await rows.first().locator('[data-testid="workflow-duplicate"]').click();
    const copy = page.locator('[data-testid="workflow-row"][data-name^="Copy of Pricing"]');
    await copy.waitFor();
    await expectAccessible(page, 'journeys');
    await screenshot(page, 'workspace-journeys');
    await copy.locator('[data-testid="workflow-archive"]').click();
    await copy.waitFor({ state: 'detached' });
    await page.click('[data-testid="show-archived"]');
    await copy.waitFor();
    await copy.locator('[data-testid="workflow-unarchive"]').click();
    await copy.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'In use' }).click();
    await copy.waitFor();

    await page.fill('[data-testid="workflow-search"]', '');
    await page.click('[data-testid="from-template"]');
    await page.locator('[data-testid="template"]:has-text("Re-engagement")').first().click();
    await expectAccessible(page, 'templates');
    await page.fill('#template-name', 'Win back quiet accounts');
    await page.click('[data-testid="template-create"]');
    await page.waitForURL(/\/workflows\/[^/]+$/);
    await page.waitForSelector('.react-flow__node');
    const { items } = await runtime.api<{ items: Array<{ name: string }> }>(
      'GET',
      '/v1/workflows?q=win%20back',
    );
    expect(items.map((w) => w.name)).toEqual(['Win back quiet accounts']);
  });

  it('creates an editor key shown once, sees it used, and revokes it', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/settings/api-keys`);
    await page.click('[data-testid="key-new"]');
    await page.fill('#key-name', 'Dana (marketing ops)');
    await page.check('input[name="key-role"][value="editor"]');
    await page.click('[data-testid="key-create"]');
    const secret = await page.locator('[data-testid="key-secret"]').inputValue();
    expect(secret).toMatch(/^crk_/);
    const row = page.locator('[data-testid="key-row"][data-key-name="Dana (marketing ops)"]');
    expect(await row.locator('[data-testid="key-last-used"]').innerText()).toBe('Never');
    await expectAccessible(page, 'api keys');
    await screenshot(page, 'workspace-api-keys');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('[data-testid="key-secret"]').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(secret);

    await runtime.api('GET', '/v1/workflows', undefined, secret);
    await until('the key marked as used', async () => {
      await page.reload();
      await row.waitFor();
      return (await row.locator('[data-testid="key-last-used"]').innerText()) === 'Just now';
    });
    await row.locator('[data-testid="key-revoke"]').click();
    await page.click('[data-testid="key-revoke-confirm"]');
    await row.getByText('Revoked').waitFor();
    await expect(runtime.api('GET', '/v1/workflows', undefined, secret)).rejects.toThrow(/401/);
    expect(tab.external).toEqual([]);
  });

  it('reads at 1440×900 too, with nothing for axe to object to', async () => {
    const { page } = tab;
    await page.setViewportSize({ width: 1440, height: 900 });
    try {
      for (const [path, ready, name] of [
        ['/contacts?segment=', '[data-testid="contact-row"]', 'contacts'],
        ['/handoffs', '[data-testid="handoff-row"]', 'handoffs'],
        ['/', '[data-testid="workflow-row"]', 'journeys'],
        ['/settings/api-keys', '[data-testid="key-row"]', 'api-keys'],
      ] as const) {
        await page.goto(`${runtime.url}${path}`);
        await page.locator(ready).first().waitFor();
        await expectAccessible(page, `${name} at 1440×900`);
        await screenshot(page, `workspace-${name}-1440`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
