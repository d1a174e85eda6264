import type { Problem } from '@crossroads/graph-schema';

/**
 * Problems of one node keyed by their path below `config` (`branches[0].rule`; '' for the config
 * itself), so the form can show each under its field.
 */
export function configErrors(problems: readonly Problem[], nodeId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    if (p.nodeId !== nodeId) continue;
    const match = /\.config\.?(.*)$/.exec(p.path);
    if (!match) continue;
    const key = match[1] ?? '';
    out.set(key, [...(out.get(key) ?? []), p.message]);
  }
  return out;
}
