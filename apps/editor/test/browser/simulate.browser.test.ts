import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// The simulator as an ops user meets it: no JSON, no ids, only the journey's labels; against one
// real runtime (embedded Postgres, worker) and Chromium.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let workflowId: string;

const HOT = { company: 'Brightside', industry: 'SaaS', region: 'emea' };

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

/** Critical and serious axe findings (axe's own script refused by the sandboxed email preview aside). */
async function axeFindings(where: string): Promise<string[]> {
  const before = tab.errors.length;
  const { violations } = await new AxeBuilder({ page: tab.page }).analyze();
  const during = tab.errors.splice(before);
  tab.errors.push(...during.filter((e) => !e.includes("Blocked script execution in 'about:srcdoc'")));
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe('the simulator without code', { timeout: 90_000 }, () => {
  it('builds a contact and a two-event timeline with the mouse and keyboard, runs it, saves and re-runs it as a test case', async () => {
    const { page } = tab;
    await runtime.api('PUT', '/v1/contacts/sim-dana', {
      attributes: { ...HOT, email: 'dana@example.com', first_name: 'Dana', lead_score: 40 },
    });
    await page.goto(`${runtime.url}/workflows/${workflowId}/simulate`);
    await page.waitForSelector('[data-testid="contact-form"]');
    // The sample is pre-filled from the journey's rules: a lead score that passes "above 80".
    expect(await page.getByLabel('Value of lead score').inputValue()).toBe('81');
    expect(await axeFindings('simulate before a run')).toEqual([]);
    const type = async (label: string, text: string, scope = page.locator('body')) => {
      await scope.getByLabel(label, { exact: true }).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(text);
    };

    // Load a real contact by name, not by id.
    await type('Find a contact by email or name', 'dana');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Use Dana (dana@example.com)' }).click();
    await page.waitForSelector('[data-testid="contact-loaded"]');
    expect(await page.getByLabel('Value of lead score').inputValue()).toBe('40');
    // Raise the score, and put the industry back through the field menu.
    await type('Value of lead score', '95');
    await page.getByRole('button', { name: 'Remove industry' }).click();
    await page.click('[data-testid="add-attribute"]');
    const rows = page.locator('[data-testid="contact-row"]');
    const added = rows.last();
    await added.locator('select').first().focus();
    await added.locator('select').first().selectOption({ label: 'industry' });
    await added.getByLabel('Value of industry').click();
    await page.keyboard.type('SaaS');

    // The timeline: clear the sample, then email.opened after 2 hours, and page.viewed typed
    // later with 0: it moves to the top.
    while ((await page.locator('[data-testid="timeline-row"]').count()) > 0)
      await page.getByRole('button', { name: /^Remove event 1/ }).click();
    await page.click('[data-testid="add-event"]');
    await type('After', '2');
    await page.getByLabel('Unit of event 1').selectOption('hours');
    await type('Event 1', 'email.opened');
    await page.click('[data-testid="add-event"]');
    const events = page.locator('[data-testid="timeline-row"]');
    expect(await events.nth(1).locator('.duration__amount').inputValue()).toBe('3');
    await events.nth(1).locator('.duration__amount').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0');
    expect(await page.getByLabel('Event 2', { exact: true }).inputValue()).toBe('email.opened');
    await type('Event 1', 'page.viewed');
    await page.getByRole('button', { name: 'Property of event 1' }).click();
    await type('Property 1 of event 1', 'page');
    await page.keyboard.press('Tab');
    await page.keyboard.type('pricing');

    await screenshot(page, 'simulate-form-filled');
    await page.click('[data-testid="run-simulation"]');
    await page.waitForSelector('.react-flow__edge.sim-edge-lit[data-id="e-qualify-hot-saas"]');
    expect(await page.locator('[data-testid="sim-end"]').innerText()).toBe('Hand to regional AE');
    const path = await page.locator('.sim-path').innerText();
    expect(path).toContain('Sales-ready?');
    expect(path).toContain('Hot SaaS lead');
    expect(path).not.toContain('qualify');
    await page.waitForSelector('[data-testid="sim-effect-email"]');
    expect(await axeFindings('simulate after a run')).toEqual([]);

    await type('Test case name', 'Dana opens and goes to sales');
    expect(await page.getByLabel('Expected end step').inputValue()).toBe('hand-to-sales');
    await page.click('[data-testid="save-test"]');
    await type('Test case name', 'Dana is wrongly expected to get the case study');
    await page.getByLabel('Expected end step').selectOption({ label: 'ends at Send a case study' });
    await page.click('[data-testid="save-test"]');
    const dana = page.locator('[data-testid="test-case"]', { hasText: 'Dana opens and goes to sales' });
    await dana.waitFor();
    const words = await dana.locator('[data-testid="test-case-words"]').innerText();
    expect(words).toContain('Dana (dana@example.com)');
    expect(words).toContain('At the start: page.viewed with page “pricing”');
    expect(words).toContain('After 2 hours: email.opened');
    expect(words).toContain('should end at “Hand to regional AE”');
    expect(words).not.toContain('hand-to-sales');

    await page.click('[data-testid="run-tests"]');
    await dana.locator('[data-testid="test-case-result"]').waitFor();
    expect(await dana.locator('[data-testid="test-case-result"]').innerText()).toBe(
      'Ended at “Hand to regional AE”, as expected',
    );
    const wrong = page.locator('[data-testid="test-case"]', { hasText: 'wrongly expected' });
    expect(await wrong.locator('[data-testid="test-case-result"]').innerText()).toBe(
      'Expected to end at “Send a case study” but reached “Hand to regional AE”',
    );
    await wrong.getByRole('button', { name: /^Delete/ }).click();
    await wrong.waitFor({ state: 'detached' });
    await screenshot(page, 'simulate-form');
    expect(tab.errors).toEqual([]);
    expect(tab.external).toEqual([]);
  });
});
