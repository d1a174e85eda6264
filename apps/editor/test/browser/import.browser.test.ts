import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from './axe.js';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// Issue 14, bulk import: the Import page with a real CSV file, against the real runtime (worker
// included) in Debian's Chromium: preview with inferred types, mapping, mode, progress, report.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
let file: string;

const CSV = [
  'Email,First Name,Seats,Trial ends,Newsletter,Internal note',
  ...Array.from({ length: 40 }, (_, i) => `person${i}@acme.io,Person ${i},${i + 1},2026-03-01,yes,ignore me`),
  'bad@acme.io,Bad,many,2026-03-01,no,x',
  ',No email,3,2026-03-01,no,x',
].join('\n');

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  file = join(mkdtempSync(join(tmpdir(), 'crossroads-import-')), 'crm-export.csv');
  writeFileSync(file, CSV);
  tab = await offlinePage(chrome.browser);
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
}, 150_000);
afterAll(async () => {
  await tab?.context.close();
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

describe('Import page', () => {
  it('previews the file with inferred types, imports it with the mapping, shows progress and the report', async () => {
    const { page } = tab;
    await page.click('[data-testid="nav-contacts"]');
    await page.click('[data-testid="contacts-import"]');
    await page.waitForSelector('[data-testid="import-page"]');
    await page.setInputFiles('[data-testid="import-file"]', file);
    const preview = page.locator('[data-testid="import-preview"]');
    await preview.waitFor();
    // One row says 'many': the first rows do not all read as numbers, so the guess is text.
    expect(await page.getByLabel('Type of column Seats').inputValue()).toBe('text');
    expect(await page.getByLabel('Type of column Trial ends').inputValue()).toBe('date');
    expect(await page.getByLabel('Type of column Newsletter').inputValue()).toBe('boolean');
    expect(await page.getByLabel('Attribute for column First Name').inputValue()).toBe('first_name');
    expect(await page.locator('[data-testid="import-key"]').inputValue()).toBe('Email');
    expect(await preview.locator('tbody tr').count()).toBe(5);
    // Leave a column out and rename one.
    await page.getByLabel('Import column Internal note').uncheck();
    await page.getByLabel('Attribute for column Seats').fill('seat_count');
    await page.getByLabel('Type of column Seats').selectOption('number');
    await screenshot(page, 'import-mapping-1440');
    await expectAccessible(page, 'import mapping');
    await page.click('[data-testid="import-start"]');
    const progress = page.locator('[data-testid="import-progress"]');
    await progress.getByRole('heading', { name: 'Import done' }).waitFor({ timeout: 60_000 });
    const text = await progress.innerText();
    expect(text).toContain('42 rows read: 40 new contacts');
    expect(text).toContain('2 rejected');
    expect(await page.locator('[data-testid="import-rejections"] tbody tr').allInnerTexts()).toEqual([
      expect.stringMatching(/^42\tSeats\t'many' is not a number/),
      expect.stringMatching(/^43\tEmail\tno email address/),
    ]);
    const contact = await runtime.api<{ attributes: Record<string, unknown> }>(
      'GET',
      '/v1/contacts/person7@acme.io',
    );
    expect(contact.attributes).toEqual({
      email: 'person7@acme.io',
      first_name: 'Person 7',
      seat_count: 8,
      trial_ends: '2026-03-01',
      newsletter: true,
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="import-report"]'),
    ]);
    expect(download.suggestedFilename()).toBe('crm-export-rejected.csv');
    const report = readFileSync((await download.path()) as string, 'utf8').replace(/^\uFEFF/, '');
    expect(report.trim().split('\n')).toHaveLength(3);
    await screenshot(page, 'import-done-1440');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'import-done-1280');
    await expectAccessible(page, 'import done');
    expect(tab.errors).toEqual([]);
    expect(tab.external).toEqual([]);
  }, 120_000);
});
