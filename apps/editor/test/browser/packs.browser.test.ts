import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { canvasDriver } from './canvasDriver.js';
import { EDITOR_ROOT, type RunningRuntime, startRuntime } from './runtime.js';

// The example packs (built: their dist/ is what the runtime loads), as the runtime's CROSSROADS_PACKS.
const PACKS = [
  ...['ab-split', 'slack-notify'].map((name) => resolve(EDITOR_ROOT, '../../examples/packs', name)),
  // An idempotent node that always fails: the runtime retries it, and the contact page says so.
  resolve(EDITOR_ROOT, '../runtime/src/packs/fixtures/flaky'),
];
const AB_SPLIT = '@crossroads-examples/ab-split';
const SPLIT_TYPE = 'ab-split/split';

let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;

interface SplitConfig {
  salt: string;
  branches: Array<{ id: string; label: string; weight: number }>;
}

interface Workflow {
  draft: {
    nodes: Array<{ id: string; type: string; config: Record<string, unknown> }>;
    edges: Array<{ source: string; sourceHandle: string; target: string }>;
    packs?: Record<string, string>;
  };
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([
    startRuntime({ CROSSROADS_PACKS: PACKS.join(','), CROSSROADS_ALLOW_LOOPBACK_URLS: 'true' }),
    launchBrowser(),
  ]);
  tab = await offlinePage(chrome.browser);
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('pack nodes in the editor (runtime with the example packs loaded)', () => {
  it('finds the A/B split in the palette, configures it through its generated form and saves its pack', async () => {
    const types = await runtime.api<{ items: Array<{ type: string }>; packErrors: unknown[] }>(
      'GET',
      '/v1/node-types',
    );
    expect(types.packErrors).toEqual([]);
    expect(types.items.map((t) => t.type)).toEqual(expect.arrayContaining([SPLIT_TYPE, 'slack-notify/post']));

    const { page } = tab;
    const canvas = canvasDriver(page);
    await page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
    await page.click('text=New journey');
    await page.fill('[aria-label="New journey name"]', 'Pricing page A/B test');
    await page.click('button:has-text("Create")');
    await page.waitForURL(/\/workflows\/[^/]+$/);
    await page.waitForSelector('.react-flow__node');
    const workflowId = new URL(page.url()).pathname.split('/')[2] as string;
    const [trigger] = await canvas.nodeIds();

    // Search narrows the palette to the pack node, listed under its category with its pack's name.
    await page.fill('[aria-label="Search steps"]', 'a/b split');
    const item = page.locator(`[data-testid="palette-${SPLIT_TYPE}"]`);
    await item.waitFor();
    expect(await page.locator('.palette__item').count()).toBe(1);
    const group = page.locator('.palette__group', { has: item });
    expect(await group.locator('h3').textContent()).toBe('Flow');
    expect(await item.locator('.palette__pack').textContent()).toBe(AB_SPLIT);
    // Who made it and what it may reach are shown before it is used.
    expect(await item.locator('[data-testid="pack-details"]').textContent()).toBe(
      `${AB_SPLIT} 0.1.0by Crossroads examplesReaches no other service`,
    );
    await page.fill('[aria-label="Search steps"]', 'slack');
    expect(
      await page
        .locator('[data-testid="palette-slack-notify/post"] [data-testid="pack-details"]')
        .textContent(),
    ).toBe('@crossroads-examples/slack-notify 0.1.0by Crossroads examplesMay reach hooks.slack.com');
    await expectAccessible(page, 'the palette with pack details');
    await screenshot(page, 'packs-details');
    await page.fill('[aria-label="Search steps"]', 'a/b split');
    await item.waitFor();
    expect(await page.locator('[data-testid="pack-errors"]').count()).toBe(0);

    const split = await canvas.dropNode(SPLIT_TYPE, 520, 200);
    const handles = () =>
      page.$$eval(`.react-flow__handle.source[data-nodeid="${split}"]`, (els) =>
        els.map((el) => el.getAttribute('data-handleid')),
      );
    // Every pack node has its "On error" output besides its own.
    expect(await handles()).toEqual(['a', 'b', 'on-error']);
    await canvas.connect(trigger as string, 'next', split);

    // The inspector's form comes from the pack's JSON Schema: rename branch b and change its weight.
    await canvas.select(split);
    const label = page.locator('[data-path="branches[1].label"] input');
    await label.fill('Discount');
    await page.locator('[data-path="branches[1].weight"] input').fill('30');
    await page.locator('[data-path="salt"] input').fill('pricing-2026');
    const outputs = page.locator(`.react-flow__node[data-id="${split}"] .jnode__output`);
    await outputs.filter({ hasText: 'Discount' }).waitFor();
    expect(await outputs.allTextContents()).toEqual(['Variant A', 'Discount', 'On error']);
    expect(await handles()).toEqual(['a', 'b', 'on-error']);
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 10_000 });
    await screenshot(page, 'packs-palette');

    await page.reload();
    await page.waitForSelector(`.react-flow__node[data-id="${split}"]`);
    expect(await handles()).toEqual(['a', 'b', 'on-error']);
    expect(await canvas.edgeCount()).toBe(1);
    const { draft } = await runtime.api<Workflow>('GET', `/v1/workflows/${workflowId}`);
    const saved = draft.nodes.find((n) => n.id === split);
    expect(saved?.type).toBe(SPLIT_TYPE);
    const config = saved?.config as unknown as SplitConfig;
    expect(config.salt).toBe('pricing-2026');
    expect(config.branches[1]).toEqual({ id: 'b', label: 'Discount', weight: 30 });
    expect(draft.edges).toEqual([expect.objectContaining({ source: trigger, target: split })]);
    expect(draft.packs?.[AB_SPLIT]).toBe('^0.1.0');
    expect(tab.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 120_000);

  it('draws a node whose pack is not loaded as a marked "missing pack" step, edges intact', async () => {
    const { page } = tab;
    const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', {
      graph: {
        schemaVersion: 1,
        id: 'ghost-pack',
        name: 'Uses a pack this runtime lacks',
        nodes: [
          {
            id: 'start',
            type: 'trigger',
            version: 1,
            position: { x: 0, y: 0 },
            config: { on: 'event', event: 'signup' },
          },
          {
            id: 'ghost',
            type: 'ghost-crm/lookup',
            version: 1,
            position: { x: 340, y: 0 },
            config: { field: 'plan' },
          },
          {
            id: 'after',
            type: 'wait',
            version: 1,
            position: { x: 680, y: 0 },
            config: { mode: 'duration', duration: 'P1D' },
          },
        ],
        edges: [
          { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ghost' },
          { id: 'e2', source: 'ghost', sourceHandle: 'found', target: 'after' },
        ],
        settings: { reentry: 'once', timezone: 'UTC' },
        packs: { '@acme/ghost-crm': '^1.0.0' },
      },
    });
    await page.goto(`${runtime.url}/workflows/${created.id}`);
    const ghost = page.locator('.react-flow__node[data-id="ghost"]');
    await ghost.locator('[data-testid="missing-pack"]').waitFor();
    expect(await ghost.locator('[data-testid="missing-pack"]').textContent()).toContain('ghost-crm');
    expect(
      await page.locator('.react-flow__handle.source[data-nodeid="ghost"]').getAttribute('data-handleid'),
    ).toBe('found');
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await screenshot(page, 'packs-missing');
  }, 60_000);
});

/** 0 critical and 0 serious axe-core violations on the page as it is. */

describe('a failed pack step on the contact page', () => {
  it('says why the step failed, warns that the post may be repeated, and retries it for a publisher', async () => {
    const { page } = tab;
    const graph = {
      schemaVersion: 1,
      id: 'notify-sales',
      name: 'Notify sales',
      settings: { reentry: 'once', timezone: 'UTC' },
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'lead.created' },
        },
        {
          id: 'notify',
          type: 'slack-notify/post',
          version: 1,
          position: { x: 340, y: 0 },
          // Nothing listens on port 9 of loopback: the post fails.
          config: {
            webhookUrl: 'http://127.0.0.1:9/services/T000/B000/XXXX',
            text: 'New lead: {{contact.email}}',
          },
        },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'notify' }],
    };
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph });
    const { version } = await runtime.api<{ version: number }>('POST', `/v1/workflows/${id}/versions`, {
      message: 'v1',
    });
    await runtime.api('POST', `/v1/workflows/${id}/activate`, { version });
    await runtime.api('PUT', '/v1/contacts/ada', { attributes: { email: 'ada@example.org' } });
    await runtime.api('POST', '/v1/events', { contactId: 'ada', type: 'lead.created' });
    let enrollmentId = '';
    for (let i = 0; i < 200 && !enrollmentId; i++) {
      const contact = await runtime.api<{ enrollments: Array<{ id: string; state: string }> }>(
        'GET',
        '/v1/contacts/ada',
      );
      enrollmentId = contact.enrollments.find((e) => e.state === 'failed')?.id ?? '';
      if (!enrollmentId) await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(enrollmentId).not.toBe('');

    await page.goto(`${runtime.url}/contacts/ada`);
    const retry = page.locator(`[data-testid="retry-${enrollmentId}"]`);
    await retry.waitFor();
    expect(await retry.locator('.op-warn').textContent()).toMatch(/Post to Slack|failed|fetch/i);
    await retry.locator('button', { hasText: 'Retry this step' }).click();
    const warning = retry.locator('[role="alert"]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain("'Post to Slack' may already have done its work");
    await expectAccessible(page, 'the contact page with a failed step');
    await screenshot(page, 'contact-retry');
    await warning.locator('button', { hasText: 'Retry anyway' }).click();
    // The retry is in the trace, named after the person's key, and the step failed again.
    await page.locator('[data-testid="trace"]', { hasText: 'Retried by' }).waitFor();
    const audit = await runtime.api<{ items: Array<{ action: string; subject: string | null }> }>(
      'GET',
      '/v1/audit?action=enrollment.*',
    );
    expect(audit.items).toContainEqual(
      expect.objectContaining({ action: 'enrollment.retried', subject: enrollmentId }),
    );
  }, 60_000);

  it('shows a step the runtime is retrying: which try comes next, when, and the last error', async () => {
    const { page } = tab;
    const graph = {
      schemaVersion: 1,
      id: 'sync-billing',
      name: 'Sync billing',
      settings: { reentry: 'once', timezone: 'UTC' },
      nodes: [
        {
          id: 'start',
          type: 'trigger',
          version: 1,
          position: { x: 0, y: 0 },
          config: { on: 'event', event: 'deal.won' },
        },
        { id: 'sync', type: 'flaky/sync', version: 1, position: { x: 340, y: 0 }, config: {} },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'sync' }],
    };
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph });
    const { version } = await runtime.api<{ version: number }>('POST', `/v1/workflows/${id}/versions`, {
      message: 'v1',
    });
    await runtime.api('POST', `/v1/workflows/${id}/activate`, { version });
    await runtime.api('PUT', '/v1/contacts/lin', { attributes: { email: 'lin@example.org' } });
    await runtime.api('POST', '/v1/events', { contactId: 'lin', type: 'deal.won' });

    // Once the first try has failed (the page reloads itself only while a step retries).
    for (let i = 0; i < 200; i++) {
      const contact = await runtime.api<{ enrollments: Array<{ retrying: unknown }> }>(
        'GET',
        '/v1/contacts/lin',
      );
      if (contact.enrollments[0]?.retrying) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    await page.goto(`${runtime.url}/contacts/lin#key=${runtime.adminKey}`);
    const note = page.locator('[data-testid^="retrying-"]');
    await note.waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
      const contact = await runtime.api('GET', '/v1/contacts/lin');
      throw new Error(
        `${String(error)}\n${JSON.stringify(contact)}\n${(await page.textContent('body'))?.slice(0, 2000)}`,
      );
    });
    expect(await note.textContent()).toMatch(
      /^Sync billing: “Sync” is being retried: attempt [2-6] of 6, next at .+\. Last error: .*Billing answered 503$/,
    );
    expect(await page.locator('[data-testid="enrollments"] .pill').first().textContent()).toBe('retrying');
    expect(await page.locator('[data-testid="enrollments"] tbody td').nth(3).textContent()).toBe('Sync');
    await page.locator('[data-testid="enrollments"] button', { hasText: 'Retry now' }).waitFor();
    await expectAccessible(page, 'the contact page with a retrying step');
    await screenshot(page, 'contact-retrying');
  }, 60_000);
});
