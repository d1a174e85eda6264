import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Working on one draft together (issue 12): two people (two browser contexts, two API keys) on
// one real runtime; a key revoked under a tab with unsaved work; page titles and console errors.
let runtime: RunningRuntime;
let chrome: TestBrowser;
const opened: OfflinePage[] = [];

interface Draft {
  id: string;
  name: string;
  draftRevision: number;
  draft: { name: string; nodes: Array<{ id: string; label?: string }> };
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  for (const tab of opened) await tab.context.close().catch(() => undefined);
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

const newKey = async (name: string, role = 'editor') =>
  (await runtime.api<{ key: string; id: string }>('POST', '/v1/api-keys', { name, role })) as {
    key: string;
    id: string;
  };

/** A fresh copy of the pricing-page example, so each test starts from revision 1. */
async function newJourney(name: string): Promise<Draft> {
  const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/workflows');
  const example = items.find((w) => w.name.startsWith('Pricing page'));
  if (!example) throw new Error('the pricing-page example was not bootstrapped');
  const { draft } = await runtime.api<Draft>('GET', `/v1/workflows/${example.id}`);
  return runtime.api<Draft>('POST', '/v1/workflows', { name, graph: { ...draft, name } });
}

const draftOf = (id: string) => runtime.api<Draft>('GET', `/v1/workflows/${id}`);
const labelOn = (draft: Draft, nodeId: string) => draft.draft.nodes.find((n) => n.id === nodeId)?.label;

async function open(
  key: string,
  path: string,
  viewport?: { width: number; height: number },
): Promise<OfflinePage> {
  const tab = await offlinePage(chrome.browser, viewport);
  opened.push(tab);
  await tab.page.goto(`${runtime.url}${path}#key=${key}`);
  return tab;
}

async function openDraft(key: string, id: string, viewport?: { width: number; height: number }) {
  const tab = await open(key, `/workflows/${id}`, viewport);
  await tab.page.waitForSelector('.react-flow__node');
  await tab.page.waitForSelector('[data-testid="save-status"][data-status="saved"]');
  return tab;
}

/** Selects a step on the canvas and types its label in the inspector. */
async function renameStep(page: Page, nodeId: string, label: string) {
  // Far out (1280×800) step titles may be hidden: click the step itself.
  await page.locator(`.react-flow__node[data-id="${nodeId}"]`).click();
  await page.waitForSelector('[data-testid="inspector"]');
  const inspector = page.locator('[data-testid="inspector"]');
  const field = inspector
    .getByLabel('Label', { exact: true })
    .or(
      inspector
        .locator('.field', { has: page.locator('.field__label', { hasText: /^Label$/ }) })
        .locator('input'),
    )
    .first();
  await field.fill(label);
}

const stepTitle = (page: Page, nodeId: string) =>
  page.locator(`.react-flow__node[data-id="${nodeId}"] .jnode__title`).first();

async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** axe on the parts this work added: 0 critical and 0 serious violations. */
async function expectAccessible(page: Page, selectors: string[]) {
  let builder = new AxeBuilder({ page });
  let any = false;
  for (const selector of selectors) {
    if ((await page.locator(selector).count()) === 0) continue;
    builder = builder.include(selector);
    any = true;
  }
  expect(any, `none of ${selectors.join(', ')} is on the page`).toBe(true);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}

describe('working on one draft together', { timeout: 120_000 }, () => {
  it('shows each person the other, and merges edits to different steps into both tabs without a reload', async () => {
    const [ana, ben] = [await newKey('Ana'), await newKey('Ben')];
    const journey = await newJourney('Two people, two steps');
    const a = await openDraft(ana.key, journey.id);
    const b = await openDraft(ben.key, journey.id);

    await a.page.waitForSelector('[data-testid="presence-avatar"][data-name="Ben"]');
    await b.page.waitForSelector('[data-testid="presence-avatar"][data-name="Ana"]');
    await expect
      .poll(() => a.page.locator('[data-testid="presence-words"]').textContent())
      .toBe('Ben also editing');

    await Promise.all([
      renameStep(a.page, 'pricing-follow-up', 'Pricing follow-up (Ana)'),
      renameStep(b.page, 'case-study', 'Case study (Ben)'),
    ]);
    const both = await until(
      () => draftOf(journey.id),
      (d) =>
        labelOn(d, 'pricing-follow-up') === 'Pricing follow-up (Ana)' &&
        labelOn(d, 'case-study') === 'Case study (Ben)',
      'both edits on the server',
    );
    expect(both.draftRevision).toBe(3);

    for (const { page } of [a, b]) {
      await expect
        .poll(() => stepTitle(page, 'pricing-follow-up').textContent(), { timeout: 20_000 })
        .toContain('(Ana)');
      await expect
        .poll(() => stepTitle(page, 'case-study').textContent(), { timeout: 20_000 })
        .toContain('(Ben)');
      await page.waitForSelector('[data-testid="save-status"][data-status="saved"]');
    }
    // Each sees where the other is working.
    await a.page.waitForSelector('[data-testid="presence-note"]:has-text("Ben is here")');
    await screenshot(a.page, 'collab-presence-1440');
    await a.page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(a.page, 'collab-presence-1280');
    await expectAccessible(a.page, ['[data-testid="presence"]']);
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it('asks the later saver to choose on the same step; keeping mine tells the other tab, which can put its change back', async () => {
    const [ana, ben] = [await newKey('Ana Two'), await newKey('Ben Two')];
    const journey = await newJourney('Two people, one step');
    const a = await openDraft(ana.key, journey.id, { width: 1280, height: 800 });
    const b = await openDraft(ben.key, journey.id, { width: 1280, height: 800 });
    await Promise.all([
      renameStep(a.page, 'qualify', 'Sales-ready (Ana)'),
      renameStep(b.page, 'qualify', 'Sales-ready (Ben)'),
    ]);

    // Whichever save lands second meets the first: its tab opens the both-sides dialog.
    const dialog = '[data-testid="conflict-dialog"]';
    const later = await Promise.race(
      [a, b].map(async (tab) => {
        await tab.page.waitForSelector(dialog, { timeout: 30_000 });
        return tab;
      }),
    );
    const earlier = later === a ? b : a;
    const [laterName, earlierName] = later === a ? ['Ana', 'Ben'] : ['Ben', 'Ana'];
    const item = later.page.locator(`${dialog} [data-testid="conflict-item"][data-key="node:qualify"]`);
    await item.waitFor();
    const rows = await item.locator('tbody tr').allTextContents();
    expect(rows.join(' | ')).toContain(`Sales-ready (${earlierName})`);
    expect(rows.join(' | ')).toContain(`Sales-ready (${laterName})`);
    expect(rows.join(' | ')).not.toMatch(/[{}"]/); // labels and words, not JSON
    await item.getByLabel('Keep mine').check();
    await later.page.waitForSelector('[data-testid="conflict-warning"]');
    expect(await later.page.locator('[data-testid="conflict-warning"]').textContent()).toContain(
      `${earlierName} Two's change`,
    );
    await screenshot(later.page, 'collab-conflict-dialog-1280');
    await later.page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(later.page, 'collab-conflict-dialog-1440');
    await expectAccessible(later.page, [dialog]);
    await later.page.click('[data-testid="conflict-apply"]');
    await later.page.waitForSelector(dialog, { state: 'detached' });
    await later.page.waitForSelector('[data-testid="save-status"][data-status="saved"]');
    await until(
      () => draftOf(journey.id),
      (d) => labelOn(d, 'qualify') === `Sales-ready (${laterName})`,
      "the later saver's version on the server",
    );

    // The earlier tab says at once that its change was replaced, by whom, and offers it back.
    const notice = earlier.page.locator('[data-testid="replaced-banner"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(
      new RegExp(
        `Your change to 'Sales-ready \\(${earlierName}\\)' was replaced by ${laterName} Two's at \\d`,
      ),
    );
    expect(await earlier.page.locator('[data-testid="save-status"]').textContent()).not.toContain('Saved');
    await expect.poll(() => stepTitle(earlier.page, 'qualify').textContent()).toContain(`(${laterName})`);
    await screenshot(earlier.page, 'collab-replaced-banner');
    await expectAccessible(earlier.page, ['[data-testid="collab-banners"]', '[data-testid="save-status"]']);

    await notice.locator('[data-testid="reapply"]').click();
    await until(
      () => draftOf(journey.id),
      (d) => labelOn(d, 'qualify') === `Sales-ready (${earlierName})`,
      'the reapplied change on the server',
    );
    await notice.waitFor({ state: 'detached' });
    // Now the other tab is told in turn.
    await later.page.locator('[data-testid="replaced-banner"]').waitFor({ timeout: 15_000 });
    await a.context.close();
    await b.context.close();
  });

  it('keeps an unsaved edit when the key is revoked, offers to sign in again, then saves it merged', async () => {
    const cara = await newKey('Cara');
    const journey = await newJourney('Revoked under my feet');
    const tab = await openDraft(cara.key, journey.id, { width: 1280, height: 800 });
    const { page } = tab;
    await runtime.api('DELETE', `/v1/api-keys/${cara.id}`);
    await renameStep(page, 'case-study', 'Case study (kept)');

    await page.waitForSelector('[data-testid="key-rejected"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="save-status"][data-status="signed-out"]');
    expect(await page.locator('[data-testid="key-rejected"]').textContent()).toContain('Sign in again');
    expect(await page.locator('[data-testid="key-rejected"]').textContent()).not.toMatch(/Ctrl\+S/);
    await screenshot(page, 'collab-key-rejected');
    await expectAccessible(page, ['[data-testid="key-rejected"]']);

    // Meanwhile a teammate changes another step.
    const now = await draftOf(journey.id);
    const theirs = structuredClone(now.draft);
    const qualify = theirs.nodes.find((n) => n.id === 'qualify');
    if (qualify) qualify.label = 'Sales-ready (teammate)';
    await runtime.api('PUT', `/v1/workflows/${journey.id}/draft`, {
      graph: theirs,
      baseRevision: now.draftRevision,
    });

    await page.click('[data-testid="key-rejected"] button:has-text("Sign in again")');
    await page.waitForSelector('[data-testid="signin-reason"]');
    expect(await page.locator('[data-testid="signin-pending"]').textContent()).toContain(
      'Revoked under my feet',
    );
    expect(await page.title()).toBe('Sign in · Crossroads');
    await screenshot(page, 'collab-sign-in-again');
    await expectAccessible(page, ['.signin']);

    const fresh = await newKey('Cara again');
    await page.fill('input[type="password"]', fresh.key);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('[data-testid="restored-banner"]');
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="restored-banner"]:has-text("and saved")');
    await screenshot(page, 'collab-restored');
    await expectAccessible(page, ['[data-testid="collab-banners"]']);
    const saved = await draftOf(journey.id);
    expect(labelOn(saved, 'case-study')).toBe('Case study (kept)');
    expect(labelOn(saved, 'qualify')).toBe('Sales-ready (teammate)');
    expect(
      await page.evaluate((id) => localStorage.getItem(`crossroads.unsaved.${id}`), journey.id),
    ).toBeNull();
    await expect.poll(() => stepTitle(page, 'qualify').textContent()).toContain('(teammate)');
    await tab.context.close();
  });
});

describe('page basics', { timeout: 120_000 }, () => {
  it('ships a favicon', async () => {
    for (const path of ['/favicon.ico', '/favicon.svg']) {
      const res = await fetch(`${runtime.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^image\//);
    }
  });

  it('names every page in the tab title and logs no console error on any page load', async () => {
    const journey = await newJourney('Pricing page → sales handoff');
    await runtime
      .api('POST', `/v1/workflows/${journey.id}/versions`, { message: 'First' })
      .catch(() => undefined);
    const pages: Array<[string, string, string]> = [
      ['/', 'Journeys · Crossroads', '[data-testid="workflow-list"]'],
      [`/workflows/${journey.id}`, 'Pricing page → sales handoff · Crossroads', '.react-flow__node'],
      [
        `/workflows/${journey.id}/versions`,
        'Pricing page → sales handoff · Versions · Crossroads',
        '#root > *',
      ],
      [
        `/workflows/${journey.id}/simulate`,
        'Pricing page → sales handoff · Simulate · Crossroads',
        '#root > *',
      ],
      [`/workflows/${journey.id}/live`, 'Pricing page → sales handoff · Live · Crossroads', '#root > *'],
      ['/audit', 'Audit log · Crossroads', '#root > *'],
      ['/mailbox', 'Mailbox · Crossroads', '#root > *'],
      ['/nowhere', 'Page not found · Crossroads', '#root > *'],
    ];
    const failures: string[] = [];
    for (const [path, title, ready] of pages) {
      const tab = await open(runtime.adminKey, path);
      await tab.page.waitForSelector(ready);
      await tab.page.waitForLoadState('networkidle');
      await expect.poll(() => tab.page.title(), { timeout: 10_000 }).toBe(title);
      if (tab.errors.length > 0) failures.push(`${path}: ${tab.errors.join('; ')}`);
      await tab.context.close();
    }
    const signIn = await offlinePage(chrome.browser);
    opened.push(signIn);
    await signIn.page.goto(`${runtime.url}/`);
    await signIn.page.waitForSelector('input[type="password"]');
    expect(await signIn.page.title()).toBe('Sign in · Crossroads');
    expect(signIn.errors).toEqual([]);
    expect(failures).toEqual([]);
  });
});
