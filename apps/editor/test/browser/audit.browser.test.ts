import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Issue 13 from the auditor's chair, and the version lifecycle of issue 12 from the publisher's:
// one real runtime (embedded Postgres, worker, SMTP catcher) and Debian's Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let ana: string;
let workflowId: string;
let segmentId: string;

const at = { x: 0, y: 0 };
const graph = (subject: string) => ({
  schemaVersion: 1,
  id: 'hot-lead-welcome',
  name: 'Hot lead welcome',
  settings: { reentry: 'once', timezone: 'UTC' },
  nodes: [
    {
      id: 'viewed',
      type: 'trigger',
      version: 1,
      label: 'Viewed pricing',
      position: at,
      config: { on: 'event', event: 'page.viewed' },
    },
    {
      id: 'is-hot',
      type: 'segment-gate',
      version: 1,
      label: 'Hot lead?',
      position: { x: 0, y: 150 },
      config: { branches: [{ id: 'hot', label: 'Hot', segment: 'hot-leads' }] },
    },
    {
      id: 'welcome',
      type: 'send',
      version: 1,
      label: 'Welcome email',
      position: { x: 0, y: 300 },
      config: { subject, text: 'Hi {{ contact.first_name }}', reason: 'You viewed our pricing page' },
    },
  ],
  edges: [
    { id: 'a', source: 'viewed', sourceHandle: 'next', target: 'is-hot' },
    { id: 'b', source: 'is-hot', sourceHandle: 'hot', target: 'welcome' },
  ],
});

async function sent(contactId: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const { items } = await runtime.api<{ items: Array<{ state: string }> }>(
      'GET',
      `/v1/messages?contactId=${contactId}`,
    );
    if (items[0]?.state === 'sent') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${contactId}'s email was not sent`);
}

/** 0 critical and 0 serious axe-core violations on the page as it is. */

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  ana = (await runtime.api<{ key: string }>('POST', '/v1/api-keys', { name: 'Ana', role: 'publisher' })).key;
  const segment = await runtime.api<{ id: string }>('POST', '/v1/segments', {
    name: 'hot-leads',
    rule: { '>=': [{ var: 'contact.lead_score' }, 80] },
  });
  segmentId = segment.id;
  const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', {
    graph: graph('Welcome aboard'),
  });
  workflowId = created.id;
  const wf = `/v1/workflows/${workflowId}`;
  await runtime.api('POST', `${wf}/versions`, { message: 'First welcome email', activate: true }, ana);
  await runtime.api('PUT', '/v1/contacts/early-bird', {
    attributes: { email: 'early@example.com', first_name: 'Eli', lead_score: 85 },
  });
  await runtime.api('POST', '/v1/events', { contactId: 'early-bird', type: 'page.viewed' });
  await sent('early-bird');
  // v2: a new subject, and the segment's bar raised (revision 2), live with a reason.
  await runtime.api('PATCH', `/v1/segments/${segmentId}`, {
    rule: { '>=': [{ var: 'contact.lead_score' }, 90] },
  });
  const current = await runtime.api<{ draftRevision: number }>('GET', wf);
  await runtime.api(
    'PUT',
    `${wf}/draft`,
    { graph: graph('A warmer welcome'), baseRevision: current.draftRevision },
    ana,
  );
  await runtime.api('POST', `${wf}/versions`, { message: 'Warmer subject, hotter leads only' }, ana);
  await runtime.api(
    'POST',
    `${wf}/activate`,
    { version: 2, reason: 'Sales asked for fewer, hotter leads' },
    ana,
  );
  await runtime.api('PUT', '/v1/contacts/late-riser', {
    attributes: { email: 'late@example.com', first_name: 'Lou', lead_score: 95 },
  });
  await runtime.api('POST', '/v1/events', { contactId: 'late-riser', type: 'page.viewed' });
  await sent('late-riser');
}, 180_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('an auditor answers from the UI alone', { timeout: 120_000 }, () => {
  let auditor: OfflinePage;
  beforeAll(async () => {
    const { key } = await runtime.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'Ada',
      role: 'auditor',
    });
    auditor = await offlinePage(chrome.browser, { width: 1280, height: 800 });
    await auditor.page.goto(`${runtime.url}/#key=${key}`);
    await auditor.page.waitForSelector('[data-testid="workflow-list"]');
  });
  afterAll(() => auditor?.context.close());

  it('opens the journey on its live version: who published it and why, who made it live and why', async () => {
    const { page } = auditor;
    await page.goto(`${runtime.url}/workflows/${workflowId}`);
    const facts = page.locator('[data-testid="version-banner"]');
    await facts.waitFor();
    await page.locator('[data-testid="version-live"]').waitFor();
    const text = await facts.innerText();
    expect(text).toContain('v2 is live.');
    expect(text).toContain('“Warmer subject, hotter leads only”, published by Ana');
    expect(text).toMatch(
      /Activated, replacing v1 · Ana \(publisher\) · .*: “Sales asked for fewer, hotter leads”/,
    );
    expect(text).toContain("uses segment 'hot-leads' rev 2");
    expect(await page.locator('[data-testid="palette"]').count()).toBe(0);
    await screenshot(page, 'audit-landing-live-1280');
    await expectAccessible(page, 'live version');

    // The draft is one click away, and says what it is.
    await page.click('[data-testid="open-draft"]');
    await page.locator('[data-testid="draft-banner"]').waitFor();
    await page.locator('[data-testid="draft-badge"][data-state="same"]').waitFor();
    expect(await page.locator('[data-testid="draft-badge"]').innerText()).toBe('Draft · same as v2');
    await page.click('[data-testid="open-live-version"]');
    await page.locator('[data-testid="version-live"]').waitFor();
  });

  it('sees what changed against the previous version, segment rules included', async () => {
    const { page } = auditor;
    await page.click('[data-testid="what-changed"]');
    const summary = page.locator('[data-testid="diff-summary"]');
    await summary.waitFor();
    expect(await summary.innerText()).toContain('A warmer welcome');
    const segments = await page.locator('[data-testid="diff-segments"]').innerText();
    expect(segments).toContain('‘hot-leads’ rev 1 → rev 2');
    expect(segments).toContain('80');
    expect(segments).toContain('90');
    await screenshot(page, 'audit-compare-segments');
  });

  it('sees which contacts ran on which version and why one got its email', async () => {
    const { page } = auditor;
    await page.goto(`${runtime.url}/workflows/${workflowId}/versions`);
    await page.click('[data-testid="version-1-contacts"]');
    const v1 = page.locator('[data-testid="version-1-contact-list"]');
    await v1.locator('a:has-text("early-bird")').waitFor();
    expect(await v1.innerText()).not.toContain('late-riser');
    await page.click('[data-testid="version-2-contacts"]');
    const v2 = page.locator('[data-testid="version-2-contact-list"]');
    await v2.locator('a:has-text("late-riser")').waitFor();
    const v1Card = await page.locator('[data-testid="version-1"]').innerText();
    expect(v1Card).toMatch(/Replaced by v2 · Ana \(publisher\)/);
    await screenshot(page, 'audit-versions');
    await expectAccessible(page, 'versions');

    await v2.locator('a:has-text("late-riser")').click();
    const trace = page.locator('[data-testid="trace"]');
    await trace.locator('tr[data-node="is-hot"]').waitFor();
    // Why: the gate's branch and the value it read; what: the rendered subject, the address, delivered.
    const gate = await trace.locator('tr[data-node="is-hot"]').innerText();
    expect(gate).toContain("Branch 'Hot' matched");
    expect(gate).toContain('contact.lead_score = 95');
    expect(await trace.locator('tr[data-node="welcome"]').innerText()).toMatch(
      /A warmer welcome.*late@example\.com: sent/s,
    );
  });

  it('sees that the log is complete and unaltered, every entry a sentence', async () => {
    const { page } = auditor;
    await page.goto(`${runtime.url}/audit`);
    const chain = page.locator('[data-testid="audit-chain"][data-ok="true"]');
    await chain.waitFor();
    const { entries } = await runtime.api<{ entries: number }>('GET', '/v1/audit/verify');
    expect(await chain.innerText()).toContain(
      `Chain verified up to entry ${entries} (all ${entries} entries)`,
    );
    await page.locator('[data-testid="audit-count"]').waitFor();
    expect(await page.locator('[data-testid="audit-count"]').innerText()).toContain(
      'the whole log, its chain verified',
    );
    const activated = page.locator('tr[data-action="workflow.activated"]').first();
    expect(await activated.innerText()).toContain(
      "Ana (publisher) activated 'Hot lead welcome' v2, was v1: 'Sales asked for fewer, hotter leads'",
    );
    const segment = page.locator('tr[data-action="segment.updated"]').first();
    expect(await segment.innerText()).toContain("changed segment 'hot-leads': rule rev 1 → rev 2");
    await screenshot(page, 'audit-log-1280');
    await expectAccessible(page, 'audit log');
  });
});

describe('a publisher sees what is live and goes live in one step', { timeout: 120_000 }, () => {
  let tab: OfflinePage;
  beforeAll(async () => {
    tab = await offlinePage(chrome.browser);
    await tab.page.goto(`${runtime.url}/#key=${ana}`);
    await tab.page.waitForSelector('[data-testid="workflow-list"]');
  });
  afterAll(() => tab?.context.close());

  const pill = () => tab.page.locator('[data-testid="status-pill"]').innerText();
  const editDraft = async (subject: string) => {
    const wf = `/v1/workflows/${workflowId}`;
    const { draftRevision } = await runtime.api<{ draftRevision: number }>('GET', wf);
    await runtime.api('PUT', `${wf}/draft`, { graph: graph(subject), baseRevision: draftRevision }, ana);
  };
  const publishWith = async (button: 'publish-only' | 'publish-and-go-live', message: string) => {
    const { page } = tab;
    await page.click('[data-testid="publish"]');
    await page.fill('[aria-label="Publish message"]', message);
    const submit = page.locator(`[data-testid="${button}"]`);
    await page.waitForFunction(
      (sel) => !document.querySelector(sel)?.hasAttribute('disabled'),
      `[data-testid="${button}"]`,
    );
    await submit.click();
    await page.locator('[data-testid="published-banner"]').waitFor();
  };

  it('badges unpublished changes, publishes without going live, then activates from the banner', async () => {
    const { page } = tab;
    await editDraft('The warmest welcome');
    // The segment changed again: the live version keeps rev 2 until a new publish.
    await runtime.api('PATCH', `/v1/segments/${segmentId}`, {
      rule: { '>=': [{ var: 'contact.lead_score' }, 88] },
    });
    await page.goto(`${runtime.url}/workflows/${workflowId}`);
    await page.locator('[data-testid="draft-badge"][data-state="unpublished"]').waitFor();
    expect(await pill()).toBe('Live v2');
    expect(await page.locator('[data-testid="segment-notice"]').innerText()).toContain(
      "Live v2 uses segment 'hot-leads' rev 2; rev 3 exists",
    );
    await screenshot(page, 'publisher-unpublished-1440');
    await expectAccessible(page, 'draft with unpublished changes');

    await publishWith('publish-only', 'Warmest subject');
    const banner = page.locator('[data-testid="published-banner"]');
    expect(await banner.innerText()).toContain('It is not live: v2 is.');
    expect(await pill()).toBe('Live v2 · v3 not live');
    await screenshot(page, 'publisher-published-not-live');
    await page.click('[data-testid="banner-activate"]');
    await banner.locator('text=v3 is live').waitFor();
    expect(await pill()).toBe('Live v3');
    await page.locator('[data-testid="draft-badge"][data-state="same"]').waitFor();
    const versions = await runtime.api<{
      items: Array<{ version: number; active: boolean; segments: unknown[] }>;
    }>('GET', `/v1/workflows/${workflowId}/versions`);
    expect(versions.items[0]).toMatchObject({
      version: 3,
      active: true,
      segments: [{ name: 'hot-leads', revision: 3 }],
    });
  });

  it('publishes and goes live in one step from the same dialog', async () => {
    const { page } = tab;
    await editDraft('Welcome, finally');
    await page.goto(`${runtime.url}/workflows/${workflowId}`);
    await page.locator('[data-testid="draft-badge"][data-state="unpublished"]').waitFor();
    await page.click('[data-testid="publish"]');
    await page.locator('.modal').waitFor();
    await expectAccessible(page, 'publish dialog');
    await page.click('.modal button[aria-label="Close"]');
    await publishWith('publish-and-go-live', 'Friendlier subject');
    expect(await page.locator('[data-testid="published-banner"]').innerText()).toContain('v4 is live');
    expect(await pill()).toBe('Live v4');
    const { items } = await runtime.api<{ items: Array<{ action: string; actorRole: string }> }>(
      'GET',
      `/v1/audit?workflowId=${workflowId}&limit=2`,
    );
    expect(items.map((e) => e.action)).toEqual(['workflow.activated', 'version.published']);
  });
});

describe('the audit log pages without skipping or repeating', { timeout: 120_000 }, () => {
  it('loads more until the whole log is shown, each entry once, in order', async () => {
    for (let i = 0; i < 105; i++) {
      await runtime.api('POST', '/v1/api-keys', { name: `bulk ${i}`, role: 'ingest' });
    }
    const tab = await offlinePage(chrome.browser);
    try {
      const { page } = tab;
      await page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
      await page.waitForSelector('[data-testid="workflow-list"]');
      await page.goto(`${runtime.url}/audit`);
      const rows = page.locator('[data-testid="audit-table"] tbody tr');
      await page.locator('[data-testid="load-more"]').waitFor();
      expect(await rows.count()).toBe(100);
      for (let clicks = 0; (await page.locator('[data-testid="load-more"]').count()) > 0; clicks++) {
        const before = await rows.count();
        await page.click('[data-testid="load-more"]');
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid="audit-table"] tbody tr').length > n,
          before,
        );
        if (clicks > 5) throw new Error('Load more never ends');
      }
      const seqs = (await rows.evaluateAll((trs) =>
        trs.map((tr) => Number(tr.getAttribute('data-seq'))),
      )) as number[];
      const { entries } = await runtime.api<{ entries: number }>('GET', '/v1/audit/verify');
      expect(entries).toBeGreaterThan(100);
      expect(seqs).toEqual(Array.from({ length: entries }, (_, i) => entries - i));
      expect(await page.locator('[data-testid="audit-count"]').innerText()).toContain(
        `All ${entries} entries shown`,
      );
    } finally {
      await tab.context.close();
    }
  });
});
