// Opens a large journey in the built editor (headless Chromium) and reports load time and the
// frame rate while panning. Usage: pnpm --filter @crossroads/editor perf [nodes...]
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { builtinItems } from '../../src/catalog/loadCatalog.js';
import { launchBrowser, offlinePage, screenshot } from '../browser/browser.js';
import { EDITOR_ROOT } from '../browser/runtime.js';
import { serveDist } from '../browser/staticServer.js';
import { bigGraph } from './bigGraph.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const chrome = await launchBrowser();
for (const size of sizes.length ? sizes : [1000, 2000]) {
  const graph = bigGraph(size);
  const server = await serveDist(join(EDITOR_ROOT, 'dist'), (_req, path) => {
    if (path === '/v1/me') return { status: 200, body: { workspaceId: 'w', role: 'admin', keyName: 'perf' } };
    if (path === '/v1/node-types') return { status: 200, body: { items: builtinItems() } };
    if (path === '/v1/segments') return { status: 200, body: { items: [] } };
    if (path === '/v1/workflows/big') {
      return {
        status: 200,
        body: {
          id: 'big',
          name: graph.name,
          status: 'draft',
          activeVersion: null,
          latestVersion: null,
          draftRevision: 1,
          draft: graph,
        },
      };
    }
    return undefined;
  });
  const { page, context } = await offlinePage(chrome.browser);
  await page.goto(`${server.url}/#key=perf`);
  const started = Date.now();
  await page.goto(`${server.url}/workflows/big`);
  await page.waitForSelector('.react-flow__node');
  await page.waitForSelector('[data-testid="problems-panel"]');
  const loadMs = Date.now() - started;
  const rendered = await page.locator('.react-flow__node').count();

  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no pane');
  if (process.env.PERF_NO_EDGES) await page.addStyleTag({ content: '.react-flow__edges{display:none}' });
  const overviewFps = await panFps(page, box);
  // Zoom in to a working scale (wheel over the canvas), where only visible nodes render.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(300);
  const zoomedRendered = await page.locator('.react-flow__node').count();
  const zoomedFps = await panFps(page, box);
  await screenshot(page, `perf-${size}`);
  console.log(
    `${size} nodes: loaded in ${loadMs} ms; fully zoomed out: ${rendered} nodes rendered, panning ~${overviewFps} fps; ` +
      `zoomed in: ${zoomedRendered} nodes rendered, panning ~${zoomedFps} fps`,
  );
  await context.close();
  await server.close();
}
await chrome.close();

/** Drags the pane in circles for ~2 s and counts animation frames. */
async function panFps(
  page: Page,
  box: { x: number; y: number; width: number; height: number },
): Promise<number> {
  // Strings, not functions: tsx would inject helpers (__name) the page does not have.
  await page.evaluate(`(() => {
    window.__frames = 0;
    window.__count = true;
    const tick = () => { if (!window.__count) return; window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const t0 = Date.now();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; Date.now() - t0 < 2000; i++) {
    await page.mouse.move(cx + Math.cos(i / 10) * 200, cy + Math.sin(i / 10) * 150);
  }
  await page.mouse.up();
  const frames = Number(await page.evaluate('(() => { window.__count = false; return window.__frames; })()'));
  return Math.round((frames / (Date.now() - t0)) * 1000);
}
