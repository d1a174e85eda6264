import type { WorkflowStatus } from '@crossroads/api';

/**
 * Live vN / paused / not live, as ops staff read it at a glance. Given the latest version, it
 * also says when a newer version is published but not live ("Live v1 · v2 not live").
 */
export function StatusPill({
  status,
  activeVersion,
  latestVersion,
}: {
  status: WorkflowStatus;
  activeVersion: number | null;
  latestVersion?: number | null;
}) {
  const live =
    status === 'active' ? `Live v${activeVersion ?? '?'}` : status === 'paused' ? 'Paused' : 'Not live';
  const newer =
    latestVersion && (activeVersion === null || latestVersion > activeVersion)
      ? ` · v${latestVersion} not live`
      : '';
  return (
    <span className={`pill pill--${status}`} data-testid="status-pill">
      {live}
      {status === 'paused' && activeVersion ? ` v${activeVersion}` : ''}
      {newer}
    </span>
  );
}
