/**
 * Scrolls to and focuses the field at `path` inside `container`, walking up the path
 * (`branches[0].rule` → `branches[0]` → `branches`) until a field is found.
 */
export function focusField(container: HTMLElement, path: string): boolean {
  let current = path;
  while (true) {
    const el = container.querySelector<HTMLElement>(`[data-path="${CSS.escape(current)}"]`);
    if (el) {
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el.classList.add('is-flashing');
      setTimeout(() => el.classList.remove('is-flashing'), 1200);
      const input = el.querySelector<HTMLElement>('input, textarea, select, button, .monaco-editor textarea');
      input?.focus({ preventScroll: true });
      return true;
    }
    const shorter = current.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (shorter === current || shorter === '') return false;
    current = shorter;
  }
}
