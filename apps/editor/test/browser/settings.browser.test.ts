import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// The Sending settings page (/settings/sending) against the real runtime (API + worker on embedded
// Postgres, the demo data loaded) in Chromium: sender with the postal address the law asks for,
// guardrails in words, the CRM endpoint refused by the API's SSRF check, signing secrets shown once.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;

interface Settings {
  sender: { fromName: string; fromEmail: string; replyTo?: string; postalAddress: string };
  guardrails: unknown;
  crm: { webhookUrl: string | null; secrets: Array<{ id: string; prefix: string }> };
}
const settings = () => runtime.api<Settings>('GET', '/v1/settings/channels');

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser);
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.getByTestId('nav-list').waitFor();
}, 150_000);
afterAll(async () => {
  await tab?.context.close();
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('the Sending page', () => {
  it("opens from the workspace nav with the demo workspace's sender, and passes axe", async () => {
    const { page } = tab;
    await page.getByTestId('nav-sending').click();
    await page.getByTestId('sending-sender').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/sending');
    expect(await page.title()).toBe('Sending settings · Crossroads');
    expect(await page.getByLabel('From email').inputValue()).toBe('hello@lumen.example');
    expect(await page.getByLabel('Postal address').inputValue()).toMatch(/Harbour Street/);
    expect(await page.getByTestId('sending-postal-warning').count()).toBe(0);
    expect(await page.getByTestId('sending-state').innerText()).toBe('No unsaved changes');
    await expectAccessible(page, 'sending page');
    // At 1280 × 800 too: the workspace bar, one tab longer, stays on one line.
    await page.setViewportSize({ width: 1280, height: 800 });
    const tops = await page
      .locator('.op-nav .op-tab')
      .evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().height)));
    expect(new Set(tops).size, `tab heights ${tops.join(', ')}`).toBe(1);
    await screenshot(page, 'sending-1280');
    await expectAccessible(page, 'sending page at 1280');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('warns without a postal address, asks for one in words, saves sender and guardrails, and keeps them', async () => {
    const { page } = tab;
    await runtime.api('PUT', '/v1/settings/channels', {}); // the default sender: no postal address
    await page.reload();
    const warning = page.getByTestId('sending-postal-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('No postal address is set');
    await screenshot(page, 'sending-no-postal-address-1440');
    expect(await page.getByLabel('Postal address').inputValue()).toBe('');

    await page.getByLabel('From name').fill('Fernleaf Goods');
    await page.getByLabel('From email').fill('shop@fernleaf.example');
    expect(await page.getByTestId('sending-state').innerText()).toBe('Unsaved changes');
    await page.getByTestId('sending-save').click();
    const postalError = page.getByTestId('sending-error-postalAddress');
    await postalError.waitFor();
    expect(await postalError.innerText()).toMatch(/law in most countries requires it .* footer/);
    expect(await page.getByTestId('sending-result').innerText()).toContain(
      'Not saved. 1 field needs attention.',
    );
    await page.waitForFunction(() => document.activeElement?.id === 'sending-postalAddress');
    expect((await settings()).sender.fromName).toBe('Crossroads');

    const address = 'Fernleaf Goods GmbH\nMarktstraße 12\n10115 Berlin, Germany';
    await page.getByLabel('Postal address').fill(address);
    expect(await postalError.count()).toBe(0);
    const cap = page.getByTestId('sending-cap');
    await cap.getByLabel('Most marketing emails per contact').fill('3');
    await cap.getByLabel('Period', { exact: true }).fill('10');
    await cap.getByLabel('Period: unit').selectOption('days');
    await cap.getByLabel('Do not send it').check();
    const quiet = page.getByTestId('sending-quiet');
    await quiet.getByText('Hold marketing email at night').click();
    await quiet.getByLabel('Quiet hours start').fill('21:30');
    await quiet.getByLabel('Quiet hours end').fill('07:00');
    await quiet.getByLabel('Time zone for contacts without one').fill('Europe/Berlin');
    const fatigue = page.getByTestId('sending-fatigue');
    await fatigue.getByText('Ease off contacts who stop opening').click();
    await fatigue.getByLabel('Marketing emails without an open').fill('4');
    await fatigue.getByLabel('Time between emails to them', { exact: true }).fill('3');
    await fatigue.getByLabel('Time between emails to them: unit').selectOption('days');
    await expectAccessible(page, 'sending page with every guardrail on');
    await screenshot(page, 'sending-settings-1440');

    await page.getByTestId('sending-save').click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await warning.count()).toBe(0);
    const saved = await settings();
    expect(saved.sender).toEqual({
      fromName: 'Fernleaf Goods',
      fromEmail: 'shop@fernleaf.example',
      postalAddress: address,
    });
    expect(saved.guardrails).toEqual({
      frequencyCap: { maxSends: 3, window: 'P10D', onCap: 'skip' },
      quietHours: { start: '21:30', end: '07:00', timezoneFallback: 'Europe/Berlin' },
      fatigue: { noOpensInLastSends: 4, action: 'slow', slowBy: 'P3D' },
    });

    await page.reload();
    await page.getByTestId('sending-sender').waitFor();
    expect(await page.getByLabel('From name').inputValue()).toBe('Fernleaf Goods');
    expect(await page.getByLabel('Postal address').inputValue()).toBe(address);
    expect(await cap.getByLabel('Most marketing emails per contact').inputValue()).toBe('3');
    expect(await cap.getByLabel('Period', { exact: true }).inputValue()).toBe('10');
    expect(await quiet.getByLabel('Quiet hours start').inputValue()).toBe('21:30');
    expect(await fatigue.getByLabel('Time between emails to them: unit').inputValue()).toBe('days');
    expect(await page.getByTestId('sending-state').innerText()).toBe('No unsaved changes');
    expect(await warning.count()).toBe(0);
  });

  it("shows the API's refusal of a private webhook URL next to the field", async () => {
    const { page } = tab;
    const url = page.getByLabel('Webhook URL');
    await url.fill('http://10.0.0.1/hook');
    await page.getByTestId('sending-save').click();
    const error = page.getByTestId('sending-error-webhookUrl');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'Crossroads will not send webhooks to this address (private address). Use the public address your CRM receives webhooks on.',
    );
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect((await settings()).crm.webhookUrl).toBeNull();
    await expectAccessible(page, 'sending page with a refused webhook URL');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await url.inputValue()).toBe('');
    expect(await error.count()).toBe(0);
  });

  it('generates a signing secret shown once, then only its prefix, and removes it', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/settings/sending`);
    await page.getByTestId('sending-crm').waitFor();
    expect(await page.getByTestId('sending-no-secrets').count()).toBe(1);
    await page.getByRole('button', { name: 'Generate a new signing secret' }).click();
    const issued = page.getByTestId('sending-new-secret');
    await issued.waitFor();
    expect(await issued.innerText()).toContain('it will not be shown again');
    const secret = await issued.getByTestId('sending-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}/);
    const rows = page.getByTestId('sending-secret');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().locator('code').innerText()).toBe(`${secret.slice(0, 12)}…`);
    expect((await settings()).crm.secrets).toHaveLength(1);
    await issued.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'sending page with a new secret');
    await screenshot(page, 'sending-new-secret-1440');

    await page.reload();
    await page.getByTestId('sending-secrets').waitFor();
    expect(await page.getByTestId('sending-new-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await rows.first().locator('code').innerText()).toBe(`${secret.slice(0, 12)}…`);

    await rows
      .first()
      .getByRole('button', { name: /Remove secret/ })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove secret' }).click();
    await page.getByTestId('sending-no-secrets').waitFor();
    expect((await settings()).crm.secrets).toEqual([]);
    // Saving the sender page kept what secrets did, and vice versa.
    expect((await settings()).sender.fromName).toBe('Fernleaf Goods');
    const unexpected = tab.errors.filter((e) => !/status of (400|422)/.test(e));
    expect(unexpected).toEqual([]);
  });

  it('says so when a journey with marketing email goes live without a postal address', async () => {
    const { page } = tab;
    const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>(
      'GET',
      '/v1/workflows',
    );
    const id = items.find((w) => w.name.startsWith('Pricing page'))?.id ?? '';
    await runtime.api('POST', `/v1/workflows/${id}/versions`, { message: 'First version' });
    await page.goto(`${runtime.url}/workflows/${id}/versions`);
    const read = page.waitForResponse((r) => r.url().endsWith('/v1/settings/channels'));
    await page.getByTestId('activate-1').click();
    await page.getByTestId('confirm-activate').waitFor();
    await read;
    expect(await page.getByTestId('postal-address-notice').count()).toBe(0); // the address is set

    await runtime.api('PUT', '/v1/settings/channels', {});
    await page.reload();
    await page.getByTestId('activate-1').click();
    const notice = page.getByTestId('postal-address-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      'This journey sends marketing email and the workspace has no postal address',
    );
    await expectAccessible(page, 'activate dialog with the postal address notice', '[role="dialog"]');
    await notice.getByRole('link', { name: 'Settings → Sending' }).click();
    await page.getByTestId('sending-postal-warning').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/sending');
  });
});
