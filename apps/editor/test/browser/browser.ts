import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Screenshots land here (gitignored; CI keeps them as artifacts). */
export const OUTPUT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-output');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a fresh profile. Never downloads a browser: when
 * /usr/bin/chromium is missing the error says how to install it. (Playwright refuses a
 * `--user-data-dir` flag on `launch()`; it gives every launch a fresh temporary profile itself,
 * and TMPDIR points that at our own temp folder.)
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'crossroads-chromium-'));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      env: { ...process.env, TMPDIR: profile },
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(
      `Could not start ${CHROMIUM} (install it with: apt-get install -y chromium): ${String(error)}`,
    );
  }
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OfflinePage {
  page: Page;
  context: BrowserContext;
  /** Every request to a host other than localhost/127.0.0.1 (all were blocked). */
  external: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
}

/**
 * A page that may only talk to the local server: any other request is aborted and recorded,
 * which proves the editor (Monaco included) works offline.
 */
export async function offlinePage(
  browser: Browser,
  viewport = { width: 1440, height: 900 },
): Promise<OfflinePage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const external: string[] = [];
  const errors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (
      ['localhost', '127.0.0.1'].includes(url.hostname) ||
      url.protocol === 'data:' ||
      url.protocol === 'blob:'
    ) {
      return route.continue();
    }
    external.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // CI machines are small and shared: give waits room before calling something broken.
  page.setDefaultTimeout(45_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { page, context, external, errors };
}

/** Saves a full-viewport screenshot as test-output/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it gives something truthy; fails naming `what` after `ms`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  ms = 40_000,
): Promise<T> {
  for (const deadline = Date.now() + ms; ; ) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await wait(150);
  }
}
