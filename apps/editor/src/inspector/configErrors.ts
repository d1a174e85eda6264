import type { Problem } from '@crossroads/graph-schema';

/**
 * Problems of one node keyed by their path below `config` (`branches[0].rule`; '' for the config
 * itself), so the form can show each under its field.
 */
export function configErrors(problems: readonly Problem[], nodeId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    // Unsaved rule text is shown by the rule editor itself, with a way to undo it.
    if (p.nodeId !== nodeId || p.code === 'field.unsaved') continue;
    const match = /\.config\.?(.*)$/.exec(p.path);
    if (!match) continue;
    const key = match[1] ?? '';
    out.set(key, [...(out.get(key) ?? []), p.message]);
  }
  return out;
}
