import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Operate views against one real runtime (embedded Postgres, worker, SMTP catcher) and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let workflowId: string;

interface Graph {
  nodes: Array<{ id: string; config: Record<string, unknown> }>;
}

const HOT = {
  email: 'mara@example.com',
  first_name: 'Mara',
  company: 'Brightside',
  lead_score: 92,
  industry: 'SaaS',
  region: 'emea',
};

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser);
  const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/workflows');
  const pricing = items.find((w) => w.name.startsWith('Pricing page'));
  if (!pricing) throw new Error('the pricing-page example was not bootstrapped');
  workflowId = pricing.id;
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

const wf = () => `/v1/workflows/${workflowId}`;

describe('operate views against the real runtime', { timeout: 60_000 }, () => {
  it('publishes two versions and highlights the changed gate in the diff', async () => {
    const { page } = tab;
    await runtime.api('POST', `${wf()}/versions`, { message: 'First version' });
    await runtime.api('POST', `${wf()}/activate`, { version: 1 });
    const current = await runtime.api<{ draft: Graph; draftRevision: number }>('GET', wf());
    const gate = current.draft.nodes.find((n) => n.id === 'qualify');
    if (!gate) throw new Error('the pricing example has no qualify gate');
    const [branch] = (gate.config as { branches: Array<{ rule: unknown }> }).branches;
    if (!branch) throw new Error('the qualify gate has no branch');
    branch.rule = {
      and: [{ '>': [{ var: 'contact.lead_score' }, 70] }, { '==': [{ var: 'contact.industry' }, 'SaaS'] }],
    };
    await runtime.api('PUT', `${wf()}/draft`, { graph: current.draft, baseRevision: current.draftRevision });
    await runtime.api('POST', `${wf()}/versions`, { message: 'Lower the sales-ready score to 70' });
    await runtime.api('POST', `${wf()}/activate`, { version: 2 });

    await page.goto(`${runtime.url}/workflows/${workflowId}/compare/1/2`);
    await page.waitForSelector('.react-flow__node.diff-changed[data-id="qualify"]');
    expect(await page.locator('.react-flow__node.diff-changed').count()).toBe(1);
    const summary = await page.locator('[data-testid="diff-summary"]').innerText();
    expect(summary).toContain('Sales-ready?');
    expect(summary).toContain('70');
    expect(await page.locator('[data-testid="note-qualify"]').innerText()).toContain('70');
    await screenshot(page, 'operate-compare-canvas');

    await page.click('[data-testid="show-json-diff"]');
    await page.waitForSelector('[data-testid="json-diff"] .monaco-diff-editor .editor.modified .view-lines');
    await page.waitForSelector('[data-testid="json-diff"][data-changes="1"]');
    await page.waitForSelector(
      '[data-testid="json-diff"] .char-insert, [data-testid="json-diff"] .line-insert',
    );
    await screenshot(page, 'operate-compare-json');
  });

  it('rolls back with a required reason and shows it in the audit log', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${workflowId}/versions`);
    await page.waitForSelector('[data-testid="version-2"] .pill--active');
    await page.click('[data-testid="activate-1"]');
    const confirm = page.locator('[data-testid="confirm-activate"]');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('[aria-label="Reason"]', 'v2 hands too many cold leads to sales');
    await confirm.click();
    await page.waitForSelector('[data-testid="version-1"] .pill--active');
    await screenshot(page, 'operate-versions');

    await page.goto(`${runtime.url}/audit`);
    await page.selectOption('[aria-label="Action"]', 'workflow.activated');
    await page.click('button:has-text("Filter")');
    const row = page.locator('[data-testid="audit-table"] tr[data-action="workflow.activated"]').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('v2 hands too many cold leads to sales');
    await screenshot(page, 'operate-audit');
    const csv = await page.evaluate(async (key) => {
      const res = await fetch('/v1/audit?format=csv&action=workflow.activated', {
        headers: { authorization: `Bearer ${key}` },
      });
      return res.text();
    }, runtime.adminKey);
    expect(csv).toContain('v2 hands too many cold leads to sales');
  });

  it('simulates the pricing page with an email.opened event and lights the handoff branch', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/workflows/${workflowId}/simulate`);
    await page.waitForSelector('[data-testid="simulate-panel"] .monaco-editor');
    await page.fill(
      '[data-testid="timeline"]',
      'after 0: page.viewed {"page": "pricing"}\nafter 2h: email.opened',
    );
    await page.click('[data-testid="run-simulation"]');
    await page.waitForSelector('.react-flow__edge.sim-edge-lit[data-id="e-qualify-hot-saas"]');
    expect(await page.locator('[data-testid="sim-end"]').innerText()).toBe('Hand to regional AE');
    expect(await page.locator('.react-flow__edge.sim-edge-dim[data-id="e-qualify-else"]').count()).toBe(1);
    expect(await page.locator('[data-testid="note-qualify"]').innerText()).toContain('contact.lead_score');
    expect(await page.locator('[data-testid="note-wait-for-open"]').innerText()).toContain('event');
    await page.waitForSelector('[data-testid="sim-effect-handoff"]');
    await screenshot(page, 'operate-simulate');

    await page.fill('[aria-label="Test case name"]', 'Hot lead who opens goes to sales');
    await page.selectOption('[aria-label="Expected end node"]', 'hand-to-sales');
    await page.click('[data-testid="save-test"]');
    await page.waitForSelector('[data-testid="test-case"]');
    await page.click('[data-testid="run-tests"]');
    await page.waitForSelector('[data-testid="test-case"] .is-pass');
  });

  it('shows live counts on the canvas that match the API stats', async () => {
    const { page } = tab;
    const contacts = Array.from({ length: 6 }, (_, i) => `live-${i}`);
    for (const [i, id] of contacts.entries()) {
      await runtime.api('PUT', `/v1/contacts/${id}`, {
        attributes: { ...HOT, email: `${id}@example.com`, lead_score: i % 2 ? 92 : 40 },
      });
      await runtime.api('POST', '/v1/events', {
        contactId: id,
        type: 'page.viewed',
        properties: { page: 'pricing' },
      });
    }
    // An email is opened once it went out: opened earlier, the handoff that follows stops marketing
    // and the still-pending email is rightly skipped (then the mailbox has no live-1 email to show).
    for (const id of contacts.slice(0, 4)) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { items } = await runtime.api<{ items: Array<{ state: string }> }>(
          'GET',
          `/v1/messages?contactId=${id}`,
        );
        if (items[0]?.state === 'sent') break;
        if (Date.now() > deadline) throw new Error(`${id}'s email was not sent: ${JSON.stringify(items)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await runtime.api('POST', '/v1/events', { contactId: id, type: 'email.opened' });
    }
    type Stats = {
      nodes: Array<{ nodeId: string; entered: number; waiting: number; outputs: Record<string, number> }>;
    };
    const deadline = Date.now() + 30_000;
    let stats: Stats;
    for (;;) {
      stats = await runtime.api<Stats>('GET', `${wf()}/stats?version=1`);
      const gate = stats.nodes.find((n) => n.nodeId === 'qualify');
      if (gate?.entered === 4) break;
      if (Date.now() > deadline) throw new Error(`traffic did not settle: ${JSON.stringify(stats)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto(`${runtime.url}/workflows/${workflowId}/live`);
    await page.waitForSelector('[data-testid="live-entered-pricing-follow-up"]');
    const fresh = await runtime.api<Stats>('GET', `${wf()}/stats?version=1`);
    const at = (id: string) => fresh.nodes.find((n) => n.nodeId === id);
    const text = (sel: string) => page.locator(`[data-testid="${sel}"]`).innerText();
    expect(Number(await text('live-entered-pricing-follow-up'))).toBe(at('pricing-follow-up')?.entered);
    expect(Number(await text('live-entered-qualify'))).toBe(at('qualify')?.entered);
    expect(Number(await text('live-waiting-wait-for-open'))).toBe(at('wait-for-open')?.waiting);
    expect(at('pricing-follow-up')?.entered).toBe(6);
    const hot = at('qualify')?.outputs['hot-saas'] ?? 0;
    const edgeLabel = await page
      .locator('.react-flow__edge[data-id="e-qualify-hot-saas"] .react-flow__edge-text')
      .textContent();
    expect(edgeLabel?.startsWith(String(hot))).toBe(true);
    await screenshot(page, 'operate-live');
  });

  it("opens a contact's trace and finds the gate's reason with the values it read", async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/contacts/live-1`);
    const trace = page.locator('[data-testid="trace"]');
    await trace.waitFor();
    const gateRow = trace.locator('tr[data-node="qualify"]');
    await gateRow.waitFor();
    const text = await gateRow.innerText();
    expect(text).toContain("Branch 'Hot SaaS lead' matched");
    expect(text).toContain('contact.lead_score');
    expect(text).toContain('92');
    await screenshot(page, 'operate-contact');

    await page.goto(`${runtime.url}/mailbox`);
    await page.waitForSelector('[data-testid="mailbox-item"]');
    await page.waitForSelector('iframe.mailbox__frame[sandbox=""]');
    await screenshot(page, 'operate-mailbox');
    expect(tab.external).toEqual([]);
  });

  it('lets an auditor answer who published, what changed and why a contact got an email', async () => {
    const { key } = await runtime.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'Auditor Ada',
      role: 'auditor',
    });
    const auditor = await offlinePage(chrome.browser);
    const { page } = auditor;
    try {
      await page.goto(`${runtime.url}/#key=${key}`);
      await page.waitForSelector('[data-testid="workflow-list"]');
      await page.goto(`${runtime.url}/workflows/${workflowId}/versions`);
      const active = page.locator('[data-testid="version-1"]');
      await active.locator('.pill--active').waitFor();
      expect(await active.innerText()).toContain('CROSSROADS_ADMIN_KEY');
      await page.locator('[data-testid="version-1-contacts"]:has-text("6 contacts")').waitFor();
      expect(await page.locator('[data-testid^="activate-"]').count()).toBe(0);

      await page.locator('[data-testid="version-2"] a:has-text("Diff")').click();
      await page.waitForSelector('.react-flow__node.diff-changed[data-id="qualify"]');
      expect(await page.locator('[data-testid="diff-summary"]').innerText()).toContain('80 → 70');

      await page.goto(`${runtime.url}/audit`);
      const published = page
        .locator('[data-testid="audit-table"] tr[data-action="version.published"]')
        .first();
      await published.waitFor();
      expect(await published.innerText()).toContain('CROSSROADS_ADMIN_KEY');

      await page.goto(`${runtime.url}/mailbox`);
      await page.locator('[data-testid="mailbox-item"]:has-text("live-1@example.com")').first().click();
      await page.locator('[data-testid="message-detail"] a:has-text("live-1")').click();
      const trace = page.locator('[data-testid="trace"]');
      await trace.locator('tr[data-node="qualify"]').waitFor();
      const sendRow = await trace.locator('tr[data-node="pricing-follow-up"]').innerText();
      expect(sendRow).toContain('queued');
      // ...and what the contact got: the rendered subject, the address and the delivery state.
      expect(sendRow).toMatch(/Email “[^{]+” to live-1@example\.com: sent/);
      expect(await trace.locator('tr[data-node="qualify"]').innerText()).toContain('contact.lead_score');
      expect(await page.locator('[data-testid="erase"]').count()).toBe(0);
      await screenshot(page, 'operate-auditor-contact');
      expect(auditor.errors.filter((e) => !/status of 40[34]/.test(e))).toEqual([]);
    } finally {
      await auditor.context.close();
    }
  });

  it('re-runs saved test cases before publishing and needs an audited reason to publish over a failure', async () => {
    const { page } = tab;
    await runtime.api('POST', `${wf()}/test-cases`, {
      name: 'Hot lead gets the case study (outdated)',
      contact: HOT,
      events: [
        { after: 'PT0S', type: 'page.viewed', properties: { page: 'pricing' } },
        { after: 'PT2H', type: 'email.opened' },
      ],
      expectedEnd: 'case-study',
    });
    // A changed draft: the same content as the latest version would answer 409 (issue 13).
    const current = await runtime.api<{ draft: Graph & { description?: string }; draftRevision: number }>(
      'GET',
      wf(),
    );
    await runtime.api('PUT', `${wf()}/draft`, {
      graph: { ...current.draft, description: 'Copy tweaks' },
      baseRevision: current.draftRevision,
    });
    await page.goto(`${runtime.url}/workflows/${workflowId}`);
    await page.click('[data-testid="publish"]');
    await page.waitForSelector('[data-testid="tests-failed"]');
    expect(await page.locator('[data-testid="tests-failed"]').innerText()).toContain(
      'ended at ‘Hand to regional AE’',
    );
    await page.fill('[aria-label="Publish message"]', 'Copy tweaks');
    const publish = page.locator('.modal button[type="submit"]');
    expect(await publish.isDisabled()).toBe(true);
    await page.fill('[aria-label="Override reason"]', 'The case-study expectation predates the score change');
    await publish.click();
    await page.waitForSelector('[data-testid="published-banner"]');
    const audit = await runtime.api<{ items: Array<{ details: { reason?: string } }> }>(
      'GET',
      '/v1/audit?action=test-cases.overridden',
    );
    expect(audit.items[0]?.details.reason).toBe('The case-study expectation predates the score change');
  });

  it('lets a publisher send a failed email again from the mailbox once its cause is fixed', async () => {
    const { page } = tab;
    type Listed = { items: Array<{ id: string; state: string }> };
    /** The id of no-address's email (the one with `id`, when given) once it is `wanted`. */
    const stateOf = async (wanted: string, id?: string) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const { items } = await runtime.api<Listed>('GET', '/v1/messages?contactId=no-address');
        const found = items.find((m) => m.state === wanted && (id === undefined || m.id === id));
        if (found) return found.id;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no ${wanted} email ${id ?? ''} for no-address`);
    };
    // No email attribute: the journey's first send fails.
    await runtime.api('PUT', '/v1/contacts/no-address', {
      attributes: { first_name: 'Nell', lead_score: 92 },
    });
    await runtime.api('POST', '/v1/events', {
      contactId: 'no-address',
      type: 'page.viewed',
      properties: { page: 'pricing' },
    });
    const id = await stateOf('failed');
    await page.goto(`${runtime.url}/mailbox?message=${id}`);
    const resend = page.locator('[data-testid="resend"]');
    expect(await resend.innerText()).toContain('This email was not delivered.');
    await runtime.api('PUT', '/v1/contacts/no-address', {
      attributes: { first_name: 'Nell', lead_score: 92, email: 'nell@example.com' },
    });
    await resend.locator('button:has-text("Send again")').click();
    expect(await stateOf('sent', id)).toBe(id);
    await page.click('button[aria-label="Refresh"]');
    await page.locator('[data-testid="mailbox-item"]:has-text("nell@example.com")').waitFor();
    expect(await resend.count()).toBe(0);
    const audit = await runtime.api<{ items: Array<{ subject: string }> }>(
      'GET',
      '/v1/audit?action=email.resent',
    );
    expect(audit.items.map((a) => a.subject)).toEqual([id]);
  });

  it('erases a contact after the admin confirms with its id', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/contacts/live-5`);
    await page.click('[data-testid="erase"]');
    const confirm = page.locator('[data-testid="confirm-erase"]');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('[aria-label="Confirm contact id"]', 'live-5');
    await confirm.click();
    await page.waitForSelector('[data-testid="workflow-list"]');
    await expect(runtime.api('GET', '/v1/contacts/live-5')).rejects.toThrow(/404/);
  });
});
