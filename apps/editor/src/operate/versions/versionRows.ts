import type { VersionSummary as OperateVersion, VersionContacts } from '@crossroads/api';

export interface VersionRow extends OperateVersion {
  shortHash: string;
  /** Contacts ever enrolled on this version, and how many are still in the journey. */
  contacts: number;
  inJourney: number | null;
  /** What activating this version means relative to the active one. */
  action: 'active' | 'activate' | 'rollback';
}

/**
 * Versions joined with their contact counts, with what activating each would mean: activating a
 * version older than the active one is a rollback (a reason is required).
 *
 * @example
 * versionRows(versions, insights.versions, 3)[1].action // 'rollback'
 */
export function versionRows(
  versions: readonly OperateVersion[],
  counts: readonly VersionContacts[] | undefined,
  activeVersion: number | null,
  status: 'draft' | 'active' | 'paused',
): VersionRow[] {
  const byVersion = new Map((counts ?? []).map((c) => [c.version, c]));
  return versions.map((v) => {
    const c = byVersion.get(v.version);
    const isActive = v.version === activeVersion && status === 'active';
    return {
      ...v,
      shortHash: v.hash.slice(0, 8),
      contacts: c?.contacts ?? v.contacts,
      inJourney: c?.inJourney ?? null,
      action: isActive
        ? 'active'
        : activeVersion !== null && v.version < activeVersion
          ? 'rollback'
          : 'activate',
    };
  });
}
