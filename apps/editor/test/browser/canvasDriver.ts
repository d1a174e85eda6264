import type { Page } from 'playwright-core';

/**
 * Drives the canvas like a person: drag from the palette, wire handles, type into Monaco.
 * Returns ids read from the DOM (React Flow puts `data-id` on every node).
 */
export function canvasDriver(page: Page) {
  const canvas = page.locator('[data-testid="canvas"]');
  return {
    /** Drags a palette item onto the canvas at (x, y) from its top-left; returns the new node's id. */
    async dropNode(type: string, x: number, y: number): Promise<string> {
      const before = new Set(await this.nodeIds());
      await page.locator(`[data-testid="palette-${type}"]`).dragTo(canvas, { targetPosition: { x, y } });
      await page.waitForFunction(
        (n) => document.querySelectorAll('.react-flow__node').length > n,
        before.size,
      );
      const after = await this.nodeIds();
      const added = after.find((id) => !before.has(id));
      if (!added) throw new Error(`dropping ${type} added no node`);
      return added;
    },
    async nodeIds(): Promise<string[]> {
      return page.$$eval('.react-flow__node', (els) => els.map((el) => el.getAttribute('data-id') ?? ''));
    },
    async edgeCount(): Promise<number> {
      return page.locator('.react-flow__edge').count();
    },
    /** Drags from an output handle to a node's input handle. */
    async connect(source: string, output: string, target: string): Promise<void> {
      const from = page.locator(
        `.react-flow__handle.source[data-nodeid="${source}"][data-handleid="${output}"]`,
      );
      const to = page.locator(`.react-flow__handle.target[data-nodeid="${target}"]`);
      const a = await from.boundingBox();
      const b = await to.boundingBox();
      if (!a || !b) throw new Error(`handle not visible: ${source}.${output} → ${target}`);
      const edges = await this.edgeCount();
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction((n) => document.querySelectorAll('.react-flow__edge').length > n, edges);
    },
    async select(nodeId: string): Promise<void> {
      await page.locator(`.react-flow__node[data-id="${nodeId}"] .jnode__title`).click();
    },
    /** Replaces the text of the Monaco editor inside `container` (paste-like, no auto-closing). */
    async setMonaco(containerSelector: string, text: string): Promise<void> {
      const editor = page.locator(`${containerSelector} .monaco-editor`).first();
      await editor.waitFor();
      await editor.scrollIntoViewIfNeeded();
      await page.waitForTimeout(150); // let smooth scrolling (focus on a problem) settle
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
    },
  };
}
