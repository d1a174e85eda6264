import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { canvasDriver } from './canvasDriver.js';
import { type RunningRuntime, startRuntime } from './runtime.js';
import { tallJourney } from './tallJourney.js';

// One real runtime (embedded Postgres, the examples loaded as drafts) and one Chromium for the file.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;

interface Node {
  id: string;
  type: string;
  label?: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
}
interface Edge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}
interface Detail {
  id: string;
  draft: { id: string; nodes: Node[]; edges: Edge[] };
  draftRevision: number;
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser, { width: 1280, height: 800 });
  await tab.page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
  await tab.page.waitForSelector('[data-testid="workflow-list"]');
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

const workflows = () => runtime.api<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/workflows');
const detail = (id: string) => runtime.api<Detail>('GET', `/v1/workflows/${id}`);
/** The workflow made from `examples/<example>/graph.json`. */
async function example(name: string): Promise<Detail> {
  for (const { id } of (await workflows()).items) {
    const d = await detail(id);
    if (d.draft.id === name) return d;
  }
  throw new Error(`no workflow from example ${name}`);
}

async function open(page: Page, workflowId: string): Promise<void> {
  await page.goto(`${runtime.url}/workflows/${workflowId}`);
  await page.waitForSelector('.react-flow__node');
  await settle(page);
}
/** Waits for the viewport to stop moving (fit animations take 300 ms). */
async function settle(page: Page): Promise<void> {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(
      () => getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform,
    );
    if (now === last) return;
    last = now;
    await page.waitForTimeout(120);
  }
}
/** Brings a step to the middle of the canvas the way people would: Ctrl+F, its name, Enter. */
async function centre(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+f');
  await page.locator('[data-testid="find-step"]').waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="find-step"]').waitFor({ state: 'detached' });
  await settle(page);
}
const saved = (page: Page) =>
  page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 15_000 });

/** The zoom the editor chose, whether steps are drawn simplified, and titles not drawn as text. */
async function readability(page: Page) {
  return page.evaluate(() => {
    const transform = getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform;
    const zoom = new DOMMatrix(transform).a;
    const simplified = (document.querySelector('.canvas') as Element).classList.contains('is-far');
    const titles = [...document.querySelectorAll<HTMLElement>('.react-flow__node .jnode__title')];
    const unreadable = titles
      .filter((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        // On screen, a title is at least 9 px tall text that is painted (not hidden by simplification).
        return (
          !el.textContent?.trim() || style.visibility !== 'visible' || box.height * 1 < 9 || box.width < 20
        );
      })
      .map((el) => el.textContent);
    return { zoom, simplified, titles: titles.length, unreadable };
  });
}

/** Lines that pass under a step: points along each line (ends aside) inside a card they do not join. */
async function linesUnderSteps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => ({
      id: el.dataset.id,
      box: el.getBoundingClientRect(),
    }));
    const under: string[] = [];
    for (const edge of document.querySelectorAll<SVGGElement>('.react-flow__edge')) {
      const path = edge.querySelector<SVGPathElement>('.react-flow__edge-path');
      if (!path) continue;
      const m = path.getScreenCTM() as DOMMatrix;
      const length = path.getTotalLength();
      for (let at = 12; at < length - 12; at += 6) {
        const p = path.getPointAtLength(at);
        const x = p.x * m.a + m.e;
        const y = p.y * m.d + m.f;
        const hit = cards.find(
          (c) => x > c.box.left + 2 && x < c.box.right - 2 && y > c.box.top + 2 && y < c.box.bottom - 2,
        );
        if (hit) {
          under.push(`${edge.getAttribute('aria-label')} under ${hit.id}`);
          break;
        }
      }
    }
    return under;
  });
}

describe('a canvas that reads at a glance', () => {
  it('opens each example at 1280×800 with every step title readable; Tidy up and Fit view keep them so', async () => {
    const { page } = tab;
    const examples = [
      'pricing-page-handoff',
      'outbound-sequence',
      'trial-expiring',
      're-engagement',
      'abandoned-cart',
      'post-purchase-onboarding',
    ];
    for (const name of examples) {
      const wf = await example(name);
      await open(page, wf.id);
      const opened = await readability(page);
      expect(opened.simplified, name).toBe(false);
      expect(opened.zoom, name).toBeGreaterThanOrEqual(0.75);
      expect(opened.titles, name).toBe(wf.draft.nodes.length);
      expect(opened.unreadable, name).toEqual([]);
      expect(await linesUnderSteps(page), name).toEqual([]);
      await screenshot(page, `canvas-${name}-1280`);

      await page.click('[data-testid="fit-view"]');
      await settle(page);
      const fitted = await readability(page);
      expect([fitted.simplified, fitted.zoom >= 0.75, fitted.unreadable], `${name} after Fit view`).toEqual([
        false,
        true,
        [],
      ]);

      await page.click('[data-testid="auto-layout"]');
      await page.waitForTimeout(400);
      await settle(page);
      const tidied = await readability(page);
      expect([tidied.simplified, tidied.zoom >= 0.75, tidied.unreadable], `${name} after Tidy up`).toEqual([
        false,
        true,
        [],
      ]);
      expect(await linesUnderSteps(page), `${name} after Tidy up`).toEqual([]);
      // Tidy up lays steps out top to bottom: each line goes down the page.
      await saved(page);
      const laid = (await detail(wf.id)).draft;
      const y = new Map(laid.nodes.map((n) => [n.id, n.position.y]));
      const down = laid.edges.filter((e) => (y.get(e.target) ?? 0) > (y.get(e.source) ?? 0)).length;
      expect(down / laid.edges.length, name).toBeGreaterThan(0.7);
    }
  }, 240_000);

  it('opens a 60-step journey at a readable zoom from the top, to scroll down', async () => {
    const { page } = tab;
    const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', { graph: tallJourney(60) });
    await open(page, created.id);
    const view = await readability(page);
    expect(view.simplified).toBe(false);
    expect(view.zoom).toBeGreaterThanOrEqual(0.75);
    expect(view.unreadable).toEqual([]);
    expect(await linesUnderSteps(page)).toEqual([]);
    await screenshot(page, 'canvas-60-steps');
    // The wheel scrolls down the journey (as on a page), it does not zoom out of reach.
    const pane = await page.locator('[data-testid="canvas"]').boundingBox();
    if (!pane) throw new Error('no canvas');
    const before = view.zoom;
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.wheel(0, 600);
    await settle(page);
    const after = await page.evaluate(
      () =>
        new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform),
    );
    expect(after.a).toBe(before);
    expect(after.f).toBeLessThan(0);
  }, 60_000);

  it('finds a step with Ctrl+F and centres it', async () => {
    const { page } = tab;
    const wf = await example('pricing-page-handoff');
    await open(page, wf.id);
    // Start from somewhere else: scrolled far away from the journey.
    const pane = await page.locator('[data-testid="canvas"]').boundingBox();
    if (!pane) throw new Error('no canvas');
    await page.mouse.move(pane.x + 200, pane.y + 200);
    await page.mouse.wheel(1500, 1500);
    await settle(page);
    await page.keyboard.press('Control+f');
    const find = page.locator('[data-testid="find-step"]');
    await find.waitFor();
    await page.keyboard.type('handoff');
    await page.keyboard.press('Enter');
    await find.waitFor({ state: 'detached' });
    await settle(page);
    const handoff = wf.draft.nodes.find((n) => n.type === 'sales-handoff') as Node;
    const box = await page.locator(`.react-flow__node[data-id="${handoff.id}"]`).boundingBox();
    if (!box) throw new Error('handoff step not drawn');
    expect(Math.abs(box.x + box.width / 2 - (pane.x + pane.width / 2))).toBeLessThan(30);
    expect(Math.abs(box.y + box.height / 2 - (pane.y + pane.height / 2))).toBeLessThan(30);
    expect(await page.locator(`[data-testid="node-${handoff.id}"].is-selected`).count()).toBe(1);
    await screenshot(page, 'canvas-find-handoff');
  }, 60_000);
});

describe('gate branches are named by people, their ids generated', () => {
  it('renames, adds, reorders and removes branches of a connected gate: lines stay attached, no problem, no reload', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const wf = await example('pricing-page-handoff');
    const gate = wf.draft.nodes.find((n) => n.type === 'segment-gate') as Node;
    const before = wf.draft.edges.filter((e) => e.source === gate.id);
    expect(before.map((e) => e.sourceHandle).sort()).toEqual(['else', 'hot-saas']);
    await open(page, wf.id);
    await centre(page, gate.label as string);
    const branches = page.locator('[data-testid="branch-list"]');
    await branches.waitFor();
    // No id anywhere in the branch editor: names only.
    expect(await branches.innerText()).not.toContain('hot-saas');

    const names = branches.locator('input.branch__name');
    await names.nth(0).fill('Score over 80 in SaaS');
    await page.click('[data-testid="add-branch"]');
    await names.nth(1).fill('Warm lead');
    // The new output can be connected at once (no reload): wire it to the case study.
    const caseStudy = wf.draft.nodes.find((n) => n.id === 'case-study') as Node;
    const newHandle = page.locator(
      `.react-flow__node[data-id="${gate.id}"] .jnode__output[data-output="Warm lead"] .react-flow__handle`,
    );
    await newHandle.waitFor();
    const handleId = (await newHandle.getAttribute('data-handleid')) as string;
    expect(handleId).toMatch(/^branch-[a-z0-9]{6}$/);
    await settle(page);
    await canvas.connect(gate.id, handleId, caseStudy.id);
    // Reorder: the new branch first.
    await page.click(`[aria-label="Move Warm lead up"]`);
    await saved(page);
    let draft = (await detail(wf.id)).draft;
    let gateNow = draft.nodes.find((n) => n.id === gate.id) as Node;
    const list = gateNow.config.branches as Array<{ id: string; label: string }>;
    expect(list.map((b) => [b.id, b.label])).toEqual([
      [handleId, 'Warm lead'],
      ['hot-saas', 'Score over 80 in SaaS'],
    ]);
    expect(
      draft.edges
        .filter((e) => e.source === gate.id)
        .map((e) => e.sourceHandle)
        .sort(),
    ).toEqual([handleId, 'else', 'hot-saas'].sort());
    // The lines are drawn from the renamed and the moved outputs, and nothing is reported.
    expect(await page.locator('[data-testid="problem-marker"]').count()).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid="problems-panel"]').innerText())
      .toMatch(/No problems/);
    for (const e of draft.edges.filter((x) => x.source === gate.id))
      expect(await page.locator(`[data-testid="rf__edge-${e.id}"]`).count()).toBe(1);
    await screenshot(page, 'canvas-gate-branches');

    // Remove the new branch: its line goes with it, the others stay.
    await page.click('[aria-label="Remove Warm lead"]');
    await saved(page);
    draft = (await detail(wf.id)).draft;
    gateNow = draft.nodes.find((n) => n.id === gate.id) as Node;
    expect((gateNow.config.branches as Array<{ id: string }>).map((b) => b.id)).toEqual(['hot-saas']);
    expect(
      draft.edges
        .filter((e) => e.source === gate.id)
        .map((e) => `${e.sourceHandle}>${e.target}`)
        .sort(),
    ).toEqual(before.map((e) => `${e.sourceHandle}>${e.target}`).sort());
    expect(await page.locator('[data-testid="problem-marker"]').count()).toBe(0);
    const problems = await runtime.api<{ problems: unknown[] }>(
      'POST',
      `/v1/workflows/${wf.id}/validate`,
      {},
    );
    expect(problems.problems).toEqual([]);
  }, 90_000);
});

describe('connecting and pasting where people point', () => {
  it('drops a connection on empty canvas, picks "Send email", and gets it inserted and connected', async () => {
    const { page } = tab;
    const wf = await example('abandoned-cart');
    await open(page, wf.id);
    const last = wf.draft.nodes.find(
      (n) => n.type === 'send' && !wf.draft.edges.some((e) => e.source === n.id),
    ) as Node;
    await centre(page, last.label as string);
    const handle = page.locator(`.react-flow__handle.source[data-nodeid="${last.id}"][data-handleid="next"]`);
    const from = await handle.boundingBox();
    if (!from) throw new Error('output not visible');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 80, { steps: 5 });
    await page.mouse.move(from.x + 90, from.y + 140, { steps: 5 });
    await page.mouse.up();
    const picker = page.locator('[data-testid="step-picker"]');
    await picker.waitFor();
    await picker.locator('[role="option"]', { hasText: 'Send email' }).click();
    await picker.waitFor({ state: 'detached' });
    await saved(page);
    const draft = (await detail(wf.id)).draft;
    const added = draft.nodes.find((n) => !wf.draft.nodes.some((m) => m.id === n.id)) as Node;
    expect(added.type).toBe('send');
    expect(draft.edges).toContainEqual(
      expect.objectContaining({ source: last.id, sourceHandle: 'next', target: added.id }),
    );
    // Placed where the connection was dropped: below the step it follows.
    expect(added.position.y).toBeGreaterThan(last.position.y);
  }, 60_000);

  it('pastes at the pointer', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const wf = await example('re-engagement');
    await open(page, wf.id);
    const first = wf.draft.nodes[0] as Node;
    await canvas.select(first.id);
    await page.keyboard.press('Control+c');
    const pane = await page.locator('[data-testid="canvas"]').boundingBox();
    if (!pane) throw new Error('no canvas');
    const point = { x: pane.x + 60, y: pane.y + pane.height - 160 };
    await page.mouse.move(point.x, point.y);
    await page.keyboard.press('Control+v');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.react-flow__node').length > n,
      wf.draft.nodes.length,
    );
    const ids = await canvas.nodeIds();
    const pasted = ids.find((id) => !wf.draft.nodes.some((n) => n.id === id)) as string;
    const box = await page.locator(`.react-flow__node[data-id="${pasted}"]`).boundingBox();
    expect(Math.abs((box?.x ?? 0) - point.x)).toBeLessThan(4);
    expect(Math.abs((box?.y ?? 0) - point.y)).toBeLessThan(4);
  }, 60_000);
});

describe('keyboard only', () => {
  it('adds a trigger and a send, connects them with C, moves one with the arrows, deletes one; focus rings; axe', async () => {
    const { page } = tab;
    const created = await runtime.api<{ id: string }>('POST', '/v1/workflows', {
      graph: {
        schemaVersion: 1,
        id: 'keyboard-only',
        name: 'Keyboard only',
        nodes: [],
        edges: [],
        settings: { reentry: 'once', timezone: 'UTC' },
      },
    });
    await page.goto(`${runtime.url}/workflows/${created.id}`);
    await page.waitForSelector('[data-testid="palette"]');
    const nodeCount = () => page.locator('.react-flow__node').count();

    // Add: palette entries are buttons (Tab to them, Enter).
    await page.locator('[data-testid="palette-trigger"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(nodeCount).toBe(1);
    await page.locator('[data-testid="palette-send"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(nodeCount).toBe(2);
    await saved(page);
    const [trigger, send] = ['trigger', 'send'].map((type) =>
      page.locator(`.react-flow__node:has(.jnode[data-type="${type}"])`),
    ) as [ReturnType<Page['locator']>, ReturnType<Page['locator']>];
    const sendId = (await send.getAttribute('data-id')) as string;
    const triggerId = (await trigger.getAttribute('data-id')) as string;

    // Tab onto the trigger's card: a visible focus ring, and the card's name is its label.
    await trigger.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const ring = await trigger.evaluate((el) => {
      const style = getComputedStyle(el.querySelector('.jnode') as Element);
      return {
        focused: document.activeElement === el,
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
      };
    });
    expect(ring.focused).toBe(true);
    expect(ring.outline).toMatch(/^solid [2-9]/);
    expect(await trigger.getAttribute('aria-label')).toMatch(/^Trigger/);

    // Connect: Enter selects, C opens the list of steps, type and Enter.
    await page.keyboard.press('Enter');
    await page.keyboard.press('c');
    const connect = page.locator('[data-testid="connect-picker"]');
    await connect.waitFor();
    await page.keyboard.type('send');
    await page.keyboard.press('Enter');
    await connect.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    const edge = page.locator('.react-flow__edge').first();
    expect(await edge.getAttribute('aria-label')).toBe("From 'Trigger' to 'Send email'");

    // A line takes the focus too, with a visible ring.
    await edge.focus();
    const edgeRing = await edge.evaluate((el) => {
      const style = getComputedStyle(el.querySelector('.react-flow__edge-path') as Element);
      return `${style.filter} ${style.strokeWidth}`;
    });
    expect(edgeRing).toMatch(/drop-shadow/);

    // Move the send with the arrow keys (focus, select, three presses down).
    await saved(page);
    const y0 = ((await detail(created.id)).draft.nodes.find((n) => n.id === sendId) as Node).position.y;
    await send.focus();
    await page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await saved(page);
    await expect
      .poll(
        async () => ((await detail(created.id)).draft.nodes.find((n) => n.id === sendId) as Node).position.y,
      )
      .toBe(y0 + 60);

    // Accessibility of the canvas with steps, a line and focus on it.
    const axe = await new AxeBuilder({ page }).include('[data-testid="canvas"]').analyze();
    const serious = axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await screenshot(page, 'canvas-keyboard');

    // Undo puts the move back; Delete removes the selected step (and its line).
    await page.keyboard.press('Control+z');
    await saved(page);
    expect(((await detail(created.id)).draft.nodes.find((n) => n.id === sendId) as Node).position.y).toBe(y0);
    await send.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(nodeCount).toBe(1);
    await saved(page);
    const final = (await detail(created.id)).draft;
    expect(final.nodes.map((n) => n.id)).toEqual([triggerId]);
    expect(final.edges).toEqual([]);
  }, 90_000);

  it('adds a step after the selected one with A, and opens a picker that axe finds clean', async () => {
    const { page } = tab;
    const wf = await example('pricing-page-handoff');
    await open(page, wf.id);
    const caseStudy = page.locator('.react-flow__node[data-id="case-study"]');
    await caseStudy.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('a');
    const picker = page.locator('[data-testid="step-picker"]');
    await picker.waitFor();
    const axe = await new AxeBuilder({ page }).include('[data-testid="canvas"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
    await page.keyboard.type('wait');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await saved(page);
    const draft = (await detail(wf.id)).draft;
    const added = draft.nodes.find((n) => !wf.draft.nodes.some((m) => m.id === n.id)) as Node;
    expect(added.type).toBe('wait');
    expect(draft.edges).toContainEqual(expect.objectContaining({ source: 'case-study', target: added.id }));
  }, 60_000);

  it('never reached outside localhost and logged no unexpected errors', () => {
    expect(tab.external).toEqual([]);
    expect(tab.errors.filter((e) => !/status of (404|409)/.test(e))).toEqual([]);
  });
});
