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

// Scheduled triggers (issue 14): the trigger panel's "On a schedule" in words, its next runs and
// the count of contacts in the segment, against a real runtime (embedded Postgres) and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
const at = { x: 0, y: 0 };

/** axe on the page as it is: no critical or serious violation. */

const digest = {
  schemaVersion: 1,
  id: 'digest',
  name: 'Weekly digest',
  settings: { reentry: 'always', timezone: 'Europe/Berlin' },
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: at,
      label: 'Digest time',
      config: { on: 'event', event: 'page.viewed' },
    },
    {
      id: 'pause',
      type: 'wait',
      version: 1,
      position: { x: 0, y: 200 },
      config: { mode: 'duration', duration: 'P1D' },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'pause' }],
};

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  await runtime.api('POST', '/v1/segments', {
    name: 'subscribers',
    rule: { '==': [{ var: 'contact.digest' }, true] },
  });
  for (const [id, digest] of Object.entries({ ana: true, bo: true, cy: false })) {
    await runtime.api('PUT', `/v1/contacts/${id}`, { attributes: { digest } });
  }
  tab = await offlinePage(chrome.browser);
  await tab.page.setViewportSize({ width: 1280, height: 900 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('a scheduled trigger in the editor', { timeout: 90_000 }, () => {
  it('is set in words, shows the next runs and the count, is accessible, and saves the schedule', async () => {
    const { page } = tab;
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph: digest });
    await page.goto(`${runtime.url}/workflows/${id}`);
    await page.click('.react-flow__node[data-id="start"]');
    const form = page.locator('[data-testid="inspector"]');
    await form.locator('button:has-text("On a schedule")').click();
    await form.locator('[data-testid="schedule-field"]').waitFor();
    // No cron for ops staff: "How often" in words, then the days, the time and whose time zone.
    const options = await form.locator('select[aria-label="How often"] option').allInnerTexts();
    expect(options).toEqual([
      'Once, at a date and time',
      'Every day',
      'Every week',
      'Every month',
      'Advanced: a cron expression',
    ]);
    await form.locator('[data-path="segment"] select').selectOption('subscribers');
    await form.locator('select[aria-label="How often"]').selectOption('weekly');
    await form.locator('label:has-text("Thu") input').check();
    await form.locator('input[type="time"]').fill('08:30');
    await form.locator('label:has-text("Each contact\'s own time zone") input').check();
    await until('the schedule reads back in words', async () =>
      (await form.locator('[data-testid="schedule-words"]').innerText()).includes(
        "Every Monday and Thursday at 08:30 in each contact's time zone",
      ),
    );
    const runs = form.locator('[data-testid="schedule-runs"] li');
    await until('the next runs are shown', async () => (await runs.count()) === 5);
    const first = await runs.first().innerText();
    expect(first).toMatch(/^(Mon|Thu), \d+ \w{3} \d{4}, 08:30$/);
    expect(await form.locator('[data-testid="schedule-preview"] h3').innerText()).toMatch(
      /each contact's time zone/i,
    );
    expect(await form.locator('[data-testid="schedule-count"]').innerText()).toBe(
      "2 contacts in 'subscribers' now: they would enter at a run now.",
    );
    await screenshot(page, 'schedule-trigger-form');
    await expectAccessible(page, 'scheduled trigger form', '[data-testid="inspector"]');
    const saved = await until('the draft saves the schedule', async () => {
      const wf = await runtime.api<{ draft: typeof digest }>('GET', `/v1/workflows/${id}`);
      const config = wf.draft.nodes.find((n) => n.id === 'start')?.config as Record<string, unknown>;
      const schedule = config.schedule as { time?: string; zone?: string } | undefined;
      return schedule?.time === '08:30' && schedule.zone === 'contact' && config;
    });
    expect(saved).toEqual({
      on: 'schedule',
      segment: 'subscribers',
      schedule: { repeat: 'weekly', days: ['mon', 'thu'], time: '08:30', zone: 'contact' },
    });
  });

  it("'Publish and go live' offers the contacts already in the segment, with the count, and enrols them", async () => {
    const { page } = tab;
    const graph = {
      ...digest,
      id: 'welcome-subscribers',
      name: 'Welcome subscribers',
      nodes: digest.nodes.map((n) =>
        n.id === 'start' ? { ...n, config: { on: 'segment', segment: 'subscribers' } } : n,
      ),
    };
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph });
    await page.goto(`${runtime.url}/workflows/${id}`);
    await page.click('[data-testid="publish"]');
    const label = page.locator('[data-testid="publish-enrol-existing-label"]');
    await label.waitFor();
    expect(await label.innerText()).toBe(
      'Also enrol the 2 contacts already in the segment ‘subscribers’ (with “Publish and go live”)',
    );
    await page.check('[data-testid="publish-enrol-existing"]');
    await page.fill('textarea[aria-label="Publish message"]', 'First welcome');
    await expectAccessible(page, 'publish dialog', '[role="dialog"]');
    await page.click('[data-testid="publish-and-go-live"]');
    const entry = await until('the activation is audited with the count', async () => {
      const audit = await runtime.api<{
        items: Array<{ workflowId: string; details: Record<string, unknown> }>;
      }>('GET', '/v1/audit?action=workflow.activated');
      return audit.items.find((e) => e.workflowId === id);
    });
    expect(entry.details.enrolExisting).toEqual({ segments: ['subscribers'], contacts: 2 });
    const contacts = await until('both are enrolled', async () => {
      const answer = await runtime.api<{ items: Array<{ id: string }> }>(
        'GET',
        `/v1/contacts?workflowId=${id}`,
      );
      return answer.items.length === 2 && answer.items.map((c) => c.id).sort();
    });
    expect(contacts).toEqual(['ana', 'bo']);
  });

  it('Live lists the scheduled runs the worker planned, in words, accessibly', async () => {
    const { page } = tab;
    const graph = {
      ...digest,
      id: 'new-year',
      name: 'New year greeting',
      nodes: digest.nodes.map((n) =>
        n.id === 'start'
          ? {
              ...n,
              config: {
                on: 'schedule',
                segment: 'subscribers',
                schedule: { repeat: 'once', at: '2030-01-01T09:00', zone: 'journey' },
              },
            }
          : n,
      ),
    };
    const { id } = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph });
    await runtime.api('POST', `/v1/workflows/${id}/versions`, { message: 'Greeting', activate: true });
    await page.goto(`${runtime.url}/workflows/${id}/live`);
    const section = page.locator('[data-testid="scheduled-runs"]');
    // The worker's sweep plans the run within seconds; the view polls every 10 s.
    const row = await until(
      'the planned run is listed',
      async () => {
        await page.reload();
        await section.waitFor();
        const text = await section.innerText();
        return text.includes('Planned') && text;
      },
      60_000,
    );
    expect(row).toContain('Tue, 1 Jan 2030, 09:00');
    await expectAccessible(page, 'scheduled runs', '[data-testid="scheduled-runs"]');
  });
});
