import type { BrowserContext, Page } from 'playwright-core';
import { builtinItems } from '../../src/catalog/loadCatalog.js';
import type { TestBrowser } from '../../test/browser/browser.js';
import { offlinePage } from '../../test/browser/browser.js';
import { serveDist } from '../../test/browser/staticServer.js';
import { bigGraph } from './bigGraph.js';

export interface JourneyPage {
  page: Page;
  context: BrowserContext;
  /** Milliseconds from navigation to the first node on screen and the problems panel filled in. */
  firstRenderMs: number;
  close(): Promise<void>;
}

/**
 * Serves the built editor with canned API answers and opens a generated journey of `size` nodes
 * (`/workflows/big`), timing the first render. `beforeNavigate` runs once the page is signed in and
 * blank, e.g. to start a CDP trace that should cover the load.
 *
 * @example
 * const journey = await openJourney(chrome, dist, 1000);
 * console.log(journey.firstRenderMs);
 * await journey.close();
 */
export async function openJourney(
  chrome: TestBrowser,
  dist: string,
  size: number,
  beforeNavigate?: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<JourneyPage> {
  const graph = bigGraph(size);
  const server = await serveDist(dist, (_req, path) => {
    if (path === '/v1/me')
      return { status: 200, body: { workspaceId: 'w', role: 'admin', keyName: 'bench' } };
    if (path === '/v1/node-types') return { status: 200, body: { items: builtinItems() } };
    if (path === '/v1/segments') return { status: 200, body: { items: [] } };
    if (path === '/v1/workflows/big') {
      const draft = { id: 'big', name: graph.name, status: 'draft', draftRevision: 1, draft: graph };
      return { status: 200, body: { ...draft, activeVersion: null, latestVersion: null } };
    }
    return undefined;
  });
  const { page, context } = await offlinePage(chrome.browser);
  // Sign in on a first load so the timed navigation starts warm (bundle cached), as a returning user's would.
  await page.goto(`${server.url}/#key=bench`);
  await page.waitForSelector('[data-testid="problems-panel"], .react-flow, main', { state: 'attached' });
  await beforeNavigate?.(page, context);
  const started = Date.now();
  await page.goto(`${server.url}/workflows/big`);
  await page.waitForSelector('.react-flow__node');
  await page.waitForSelector('[data-testid="problems-panel"]');
  const firstRenderMs = Date.now() - started;
  return {
    page,
    context,
    firstRenderMs,
    async close() {
      await context.close();
      await server.close();
    },
  };
}
