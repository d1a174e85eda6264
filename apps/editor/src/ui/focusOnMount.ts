/** Ref callback that focuses an element once it mounts (dialogs, inline forms). */
export function focusOnMount(el: HTMLElement | null): void {
  el?.focus();
}
