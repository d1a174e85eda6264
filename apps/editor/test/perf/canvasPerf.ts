// Opens a large journey in the built editor (headless Chromium) and reports load time and the
// frame rate while panning. Usage: pnpm --filter @crossroads/editor perf [nodes...]
import { join } from 'node:path';
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
  await page.waitForFunction(() => document.querySelector('[data-testid="problems-panel"]') !== null);
  const loadMs = Date.now() - started;
  const rendered = await page.locator('.react-flow__node').count();

  // Pan by dragging the pane for ~2 s while counting animation frames.
  const box = await page.locator('.react-flow__pane').boundingBox();
  if (!box) throw new Error('no pane');
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __count: boolean };
    w.__frames = 0;
    w.__count = true;
    const tick = () => {
      if (!w.__count) return;
      w.__frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; Date.now() - t0 < 2000; i++) {
    const angle = i / 10;
    await page.mouse.move(cx + Math.cos(angle) * 200, cy + Math.sin(angle) * 150);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __count: boolean };
    w.__count = false;
    return w.__frames;
  });
  const fps = Math.round((frames / (Date.now() - t0)) * 1000);
  await screenshot(page, `perf-${size}`);
  console.log(`${size} nodes: loaded in ${loadMs} ms, ${rendered} nodes rendered, panning at ~${fps} fps`);
  await context.close();
  await server.close();
}
await chrome.close();
