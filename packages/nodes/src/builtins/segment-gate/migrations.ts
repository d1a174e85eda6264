import type { NodeConfigMigration } from '@crossroads/graph-schema';
import { GATE_ELSE_LABEL } from './config.js';

/**
 * v1 → v2 `unique-branch-labels`: ids stay exactly as they were (edges and traces point at them),
 * so nothing outside the config changes. Since v2 names branches only by their labels, a blank
 * label becomes "Branch N", and a label that repeats another (or reads "Else") gets " (2)", " (3)"…
 *
 * @example
 * ```ts
 * uniqueBranchLabels.up({ branches: [{ id: 'a', label: 'Hot' }, { id: 'b', label: 'hot' }] });
 * // { branches: [{ id: 'a', label: 'Hot' }, { id: 'b', label: 'hot (2)' }] }
 * ```
 */
export const uniqueBranchLabels: NodeConfigMigration = {
  from: 1,
  name: 'unique-branch-labels',
  up(config) {
    const branches = Array.isArray(config.branches) ? config.branches : [];
    const taken = new Set([GATE_ELSE_LABEL.toLowerCase()]);
    return {
      ...config,
      branches: branches.map((branch: unknown, index) => {
        if (typeof branch !== 'object' || branch === null) return branch;
        const b = branch as Record<string, unknown>;
        const typed = typeof b.label === 'string' ? b.label.trim() : '';
        const base = typed || `Branch ${index + 1}`;
        let label = base;
        for (let n = 2; taken.has(label.toLowerCase()); n++) label = `${base} (${n})`;
        taken.add(label.toLowerCase());
        return label === b.label ? b : { ...b, label };
      }),
    };
  },
};
