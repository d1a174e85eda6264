import { LIMITS } from '../graph.js';
import { formatPath, type Problem } from '../problems.js';
import { problem } from './codes.js';

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

function pathOf(frame: Frame): string {
  const parts: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) parts.push(f.key);
  return formatPath(parts.reverse());
}

function arrayLength(input: unknown, key: string): number {
  if (typeof input !== 'object' || input === null) return 0;
  const value = (input as Record<string, unknown>)[key];
  return Array.isArray(value) ? value.length : 0;
}

/**
 * Cheap guard run before any other check: node/edge counts first (O(1)), then one iterative walk
 * with hard budgets on depth, value count and string length. Iterative so that hostile nesting
 * cannot overflow the stack, and budgeted so that cyclic in-memory objects still terminate.
 * Returns the first limit exceeded, or undefined when the input is small enough to validate.
 */
export function checkLimits(input: unknown): Problem | undefined {
  const nodes = arrayLength(input, 'nodes');
  if (nodes > LIMITS.maxNodes) {
    return problem(
      'limit.nodes',
      { path: 'nodes' },
      `${nodes} nodes: at most ${LIMITS.maxNodes} are allowed`,
    );
  }
  const edges = arrayLength(input, 'edges');
  if (edges > LIMITS.maxEdges) {
    return problem(
      'limit.edges',
      { path: 'edges' },
      `${edges} edges: at most ${LIMITS.maxEdges} are allowed`,
    );
  }
  const stack: Frame[] = [{ value: input, depth: 0, parent: undefined, key: undefined }];
  let values = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, depth } = frame;
    if (++values > LIMITS.maxJsonValues) {
      return problem(
        'limit.values',
        { path: pathOf(frame) },
        `more than ${LIMITS.maxJsonValues} JSON values`,
      );
    }
    if (typeof value === 'string') {
      if (value.length > LIMITS.maxStringLength) {
        const message = `string of ${value.length} characters: at most ${LIMITS.maxStringLength} are allowed`;
        return problem('limit.string', { path: pathOf(frame) }, message);
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= LIMITS.maxJsonDepth) {
      return problem(
        'limit.depth',
        { path: pathOf(frame) },
        `nested deeper than ${LIMITS.maxJsonDepth} levels`,
      );
    }
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    const children = keys ? keys.length : (value as unknown[]).length;
    // Refuse before allocating frames for a huge array or object.
    if (values + stack.length + children > LIMITS.maxJsonValues) {
      return problem(
        'limit.values',
        { path: pathOf(frame) },
        `more than ${LIMITS.maxJsonValues} JSON values`,
      );
    }
    if (keys === undefined) {
      const items = value as unknown[];
      for (let i = items.length - 1; i >= 0; i--)
        stack.push({ value: items[i], depth: depth + 1, parent: frame, key: i });
      continue;
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      if (key.length > LIMITS.maxStringLength) {
        const message = `key of ${key.length} characters: at most ${LIMITS.maxStringLength} are allowed`;
        return problem('limit.string', { path: pathOf(frame) }, message);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
    }
  }
  return undefined;
}
