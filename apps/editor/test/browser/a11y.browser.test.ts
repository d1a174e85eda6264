import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, type TestBrowser, until, wait } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// The whole product, page by page, as an ops user and an auditor meet it: axe-core finds no
// critical or serious violation (colour contrast included) on any page, no page logs an error, and
// every tab says where it is. One runtime with real traffic so the pages have something to show.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let workflowId: string;
let journeys: Array<{ id: string; name: string }>;

/** Waits until the page shows content instead of a loading line. */
async function settle(page: Page, where: string) {
  await page.waitForLoadState('load');
  await page
    .waitForFunction(() => {
      const main = document.querySelector('main');
      return main !== null && !/Loading( the steps| templates| editor| diff)?…/.test(document.body.innerText);
    })
    .catch(async (e: unknown) => {
      const text = (await page.locator('body').innerText()).slice(0, 400);
      throw new Error(`${where} did not finish loading: ${String(e)}\n${text}`);
    });
  // Polled panels (live counts, presence) draw once more after their first answer.
  await wait(400);
}

/** The critical and serious axe violations on the whole page, with what they hit. */
async function violations(page: Page, where: string): Promise<string[]> {
  const before = tab.errors.length;
  const { violations } = await new AxeBuilder({ page }).analyze();
  // axe injects its script into every frame; sandboxed email previews refuse it, as they should.
  const during = tab.errors.splice(before);
  tab.errors.push(...during.filter((e) => !e.includes("Blocked script execution in 'about:srcdoc'")));
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.nodes
          .slice(0, 4)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  ({ items: journeys } = await runtime.api<{ items: Array<{ id: string; name: string }> }>(
    'GET',
    '/v1/workflows',
  ));
  workflowId = journeys.find((w) => w.name.startsWith('Pricing page'))?.id ?? '';
  await runtime.api('POST', `/v1/workflows/${workflowId}/versions`, { message: 'First version' });
  await runtime.api('POST', `/v1/workflows/${workflowId}/activate`, { version: 1 });
  await runtime.api('PUT', '/v1/contacts/lead-42', {
    attributes: { email: 'dana@acme.example', first_name: 'Dana', lead_score: 92, industry: 'SaaS' },
  });
  await runtime.api('POST', '/v1/events', {
    contactId: 'lead-42',
    type: 'page.viewed',
    properties: { page: 'pricing' },
  });
  await until('the pricing email', async () => {
    const { items } = await runtime.api<{ items: Array<{ state: string }> }>(
      'GET',
      '/v1/messages?contactId=lead-42',
    );
    return items[0]?.state === 'sent';
  });
  await runtime.api('POST', '/v1/events', { contactId: 'lead-42', type: 'email.opened' });
  await until('the handoff', async () => {
    const { items } = await runtime.api<{ items: unknown[] }>('GET', '/v1/handoffs');
    return items.length > 0;
  });

  tab = await offlinePage(chrome.browser, { width: 1280, height: 800 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 240_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('every page, for everyone', { timeout: 240_000 }, () => {
  it('has no critical or serious accessibility violation, no console error and a title of its own', async () => {
    const { page } = tab;
    const wf = `/workflows/${workflowId}`;
    const pages: Array<[string, string]> = [
      ['journey list', '/'],
      ['editor', wf],
      ['versions', `${wf}/versions`],
      ['version 1', `${wf}/versions/1`],
      ['compare v1 with the draft', `${wf}/compare/1/draft`],
      ['simulate', `${wf}/simulate`],
      ['live', `${wf}/live`],
      ['contacts', '/contacts'],
      ['contact search', '/contacts?q=dana'],
      ['contact trace', '/contacts/lead-42'],
      ['segments', '/segments'],
      ['handoffs', '/handoffs'],
      ['audit log', '/audit'],
      ['mailbox', '/mailbox'],
      ['API keys', '/settings/api-keys'],
      ...journeys
        .filter((j) => j.id !== workflowId)
        .map((j): [string, string] => [`editor: ${j.name}`, `/workflows/${j.id}`]),
    ];
    const found: string[] = [];
    const titles = new Map<string, string>();
    for (const [where, path] of pages) {
      await page.goto(`${runtime.url}${path}`);
      await settle(page, where);
      found.push(...(await violations(page, where)));
      titles.set(where, await page.title());
    }

    // The editor with a step open in the inspector (the condition builder of a gate) and the
    // simulator after a run: the panels people spend their time in.
    await page.goto(`${runtime.url}${wf}`);
    await settle(page, 'editor');
    await page.locator('.react-flow__node[data-id="qualify"]').click();
    await page.locator('[data-testid="inspector"]').waitFor();
    found.push(...(await violations(page, 'editor with a gate open')));
    await page.goto(`${runtime.url}${wf}/simulate`);
    await settle(page, 'simulate');
    const run = page.getByRole('button', { name: /^Run/ }).first();
    if (await run.isVisible()) {
      await run.click();
      await wait(800);
      found.push(...(await violations(page, 'simulate after a run')));
    }

    expect(found).toEqual([]);
    expect(tab.errors).toEqual([]);
    expect(tab.external).toEqual([]);
    // A tab says where it is: no two kinds of page share a title, none is the bare product name.
    for (const [where, title] of titles) expect(title, where).not.toBe('Crossroads');
    const distinct = new Set(
      ['journey list', 'editor', 'versions', 'audit log', 'contacts'].map((w) => titles.get(w)),
    );
    expect(distinct.size).toBe(5);
  });
});
