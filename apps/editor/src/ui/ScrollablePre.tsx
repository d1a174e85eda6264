import type { HTMLAttributes } from 'react';

/**
 * A `<pre>` that keyboard users can scroll: text wider or taller than its box is reachable with
 * Tab and the arrow keys (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function ScrollablePre(props: HTMLAttributes<HTMLPreElement>) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to be scrolled by keyboard
  return <pre tabIndex={0} {...props} />;
}
