/** MIME type palette items carry when dragged onto the canvas. */
export const NODE_TYPE_MIME = 'application/x-crossroads-node-type';

/** The canvas edge under a screen point (edges have wide invisible hit paths), if any. */
export function edgeAtPoint(x: number, y: number): string | null {
  for (const el of document.elementsFromPoint(x, y)) {
    const edge = el.closest('.react-flow__edge');
    const id = edge?.getAttribute('data-id');
    if (id) return id;
  }
  return null;
}
