import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JourneyPage, openJourney } from '../../bench/harness/journeyPage.js';
import { panFps, zoomTo } from '../../bench/harness/pan.js';
import { launchBrowser, screenshot, type TestBrowser } from './browser.js';
import { editorDist } from './runtime.js';

let chrome: TestBrowser;
let journey: JourneyPage;

beforeAll(async () => {
  const dist = await editorDist();
  chrome = await launchBrowser();
  journey = await openJourney(chrome, dist, 400, async (page) => {
    // Counts React Flow's own handles (they carry a data-id) and edges ever put in the page while it opens.
    await page.addInitScript(() => {
      const w = window as unknown as { mounted: Record<string, number> };
      const kinds: Record<string, string> = {
        handles: '.react-flow__handle[data-id]',
        edges: '.react-flow__edge',
      };
      w.mounted = { handles: 0, edges: 0 };
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof Element)
              for (const [kind, selector] of Object.entries(kinds))
                w.mounted[kind] =
                  (w.mounted[kind] ?? 0) +
                  n.querySelectorAll(selector).length +
                  (n.matches(selector) ? 1 : 0);
      }).observe(document, { childList: true, subtree: true });
    });
  });
}, 180_000);

afterAll(async () => {
  await journey?.close();
  await chrome?.close();
});

const count = (selector: string) => journey.page.locator(selector).count();

describe('a large journey (400 nodes)', () => {
  it('zoomed out to fit, draws its plain edges as one path, plain handles and no minimap', async () => {
    const { page } = journey;
    await page.waitForTimeout(500);
    expect(await count('.react-flow__node')).toBe(400);
    expect(await count('.react-flow__edge')).toBe(0);
    const d = String(await page.locator('.far-edges path').getAttribute('d'));
    expect(d.match(/M/g)).toHaveLength(399);
    // Plain handles carry what React Flow measures, but not the data-id of its own handles.
    expect(await count('.react-flow__handle.source[data-handleid]')).toBeGreaterThan(400);
    expect(await count('.react-flow__handle[data-id]')).toBe(0);
    expect(await count('.react-flow__minimap')).toBe(0);
    // It opens far out: no step was first drawn close up (real handles, icons), no line as an edge.
    const mounted = await page.evaluate(() => (window as unknown as { mounted: unknown }).mounted);
    expect(mounted).toEqual({ handles: 0, edges: 0 });
    expect(await count('.jnode__icon svg')).toBe(0);
    await screenshot(page, 'large-journey-far');
  }, 30_000);

  it('pans: a drag on the empty pane moves the canvas, with every card in the one layer of the canvas', async () => {
    const { page } = journey;
    const cdp = await page.context().newCDPSession(page);
    let layers: Array<{ layerId: string; backendNodeId?: number }> = [];
    cdp.on('LayerTree.layerTreeDidChange', (e) => {
      if (e.layers) layers = e.layers;
    });
    await cdp.send('DOM.getDocument', { depth: -1 });
    await cdp.send('LayerTree.enable');
    const panning = panFps(page, 1500);
    await page.waitForTimeout(1000);
    const during = layers;
    const pan = await panning;
    expect(pan.movedShare).toBeGreaterThan(0.3);
    // A card outside what the canvas layer already holds got a layer of its own (one per row of a
    // wide journey), which every pan frame had to layerize against: far-extent keeps them in.
    const owners = await Promise.all(
      during.flatMap((l) =>
        l.backendNodeId ? [cdp.send('DOM.describeNode', { backendNodeId: l.backendNodeId })] : [],
      ),
    );
    const classes = owners.map(({ node }) => String(node.attributes?.[node.attributes.indexOf('class') + 1]));
    expect(classes.some((c) => c.includes('react-flow__viewport'))).toBe(true);
    expect(classes.filter((c) => c.includes('react-flow__node'))).toEqual([]);
    await cdp.detach();
  }, 30_000);

  it('zoomed in, renders real edges and handles for what is on screen, with the minimap', async () => {
    const { page } = journey;
    expect(await zoomTo(page, 1)).toBeGreaterThan(0.45);
    // Culling and the switch from plain to real edges take a render or two on a busy machine.
    await page.waitForSelector('.react-flow__edge', { timeout: 10_000 });
    expect(await count('.far-edges')).toBe(0);
    expect(await count('.react-flow__handle[data-id]')).toBeGreaterThan(0);
    expect(await count('.jnode__icon svg')).toBe(await count('.react-flow__node'));
    expect(await count('.react-flow__node')).toBeLessThan(400);
    expect(await count('.react-flow__minimap')).toBe(1);
    await screenshot(page, 'large-journey-near');
  }, 30_000);
});
