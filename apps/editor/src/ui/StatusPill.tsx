import type { WorkflowStatus } from '@crossroads/api';

/** draft / active vN / paused, as ops staff read it at a glance. */
export function StatusPill({
  status,
  activeVersion,
}: {
  status: WorkflowStatus;
  activeVersion: number | null;
}) {
  const label =
    status === 'active' ? `Active v${activeVersion ?? '?'}` : status === 'paused' ? 'Paused' : 'Draft';
  return <span className={`pill pill--${status}`}>{label}</span>;
}
