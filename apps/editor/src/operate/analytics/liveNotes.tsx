import type { ArmReport } from '@crossroads/api';
import type { NodeAnnotation } from '../../canvas/decorations/NodeAnnotations.js';
import { type NodeNumbers, rate } from './liveOverlay.js';

const pct = (part: number, whole: number) => {
  const r = rate(part, whole);
  return r === null ? '—' : `${r}%`;
};

/**
 * Count cards above every node: entered, waiting now, ended; sends' rates; handoffs; a split
 * step's arms with their contacts and goal conversion (from the experiment report).
 */
export function liveNotes(
  nodes: Record<string, NodeNumbers>,
  arms: Readonly<Record<string, readonly ArmReport[]>> = {},
): NodeAnnotation[] {
  return Object.values(nodes).map((n) => ({
    nodeId: n.nodeId,
    content: (
      <div className="live-note" data-entered={n.entered} data-waiting={n.waiting}>
        <span title="Contacts that reached this step">
          <b data-testid={`live-entered-${n.nodeId}`}>{n.entered}</b> entered
        </span>
        {n.waiting > 0 && (
          <span title="Parked here now">
            <b data-testid={`live-waiting-${n.nodeId}`}>{n.waiting}</b> waiting
          </span>
        )}
        {n.ended > 0 && <span title="Journeys that ended here">{n.ended} ended</span>}
        {n.email && (
          <span className="live-note__email" data-testid={`live-email-${n.nodeId}`}>
            {n.email.sent} sent · {pct(n.email.opened, n.email.sent)} opened ·{' '}
            {pct(n.email.clicked, n.email.sent)} clicked · {pct(n.email.replied, n.email.sent)} replied
          </span>
        )}
        {n.handoffs !== undefined && (
          <span>
            <b data-testid={`live-handoffs-${n.nodeId}`}>{n.handoffs}</b> handoffs
          </span>
        )}
        {n.conversions > 0 && <span className="live-note__goal">{n.conversions} converted here</span>}
        {arms[n.nodeId]?.map((arm) => (
          <span key={arm.id} data-testid={`live-arm-${n.nodeId}-${arm.label}`}>
            {arm.label}: <b>{arm.contacts}</b> · {pct(arm.conversions, arm.contacts)} reached the goal
          </span>
        ))}
      </div>
    ),
  }));
}
