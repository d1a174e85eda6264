/** One thing wrong with a graph. The same object goes into a 422 response and onto the canvas. */
export interface Problem {
  /** Stable, machine-readable code, e.g. `edge.dangling` (see PROBLEM_CODES). */
  code: string;
  severity: 'error' | 'warning';
  /** JSONPath-like location, e.g. `nodes[3].config.timeout`. */
  path: string;
  nodeId?: string;
  edgeId?: string;
  message: string;
}

/** Formats a path array as `nodes[3].config.timeout`. */
export function formatPath(path: ReadonlyArray<string | number | symbol>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');
