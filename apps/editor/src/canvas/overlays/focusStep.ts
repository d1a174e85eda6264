/** Focuses a step's card once React Flow has drawn it (keyboard users continue from there). */
export function focusStep(id: string): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
      el?.focus({ preventScroll: true });
    }),
  );
}
