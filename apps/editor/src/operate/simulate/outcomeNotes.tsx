import type { NodeAnnotation } from '../../canvas/decorations/NodeAnnotations.js';
import { fieldLabel } from '../../conditions/fieldLabel.js';
import type { NodeOutcome } from './simOverlay.js';

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
const value = (v: unknown) => (typeof v === 'string' ? `“${v}”` : JSON.stringify(v));

/** Cards under the visited nodes: branch taken and values read (fields by label), wait times, conversion. */
export function outcomeNotes(outcomes: Record<string, NodeOutcome>): NodeAnnotation[] {
  return Object.values(outcomes).map((o) => ({
    nodeId: o.nodeId,
    place: 'below',
    content: (
      <div className="sim-note">
        {o.outputs.length > 0 && (
          <div>
            took <b title={o.outputs.join(' → ')}>{o.outputLabels.join(' → ')}</b>
          </div>
        )}
        {o.reads.map(([path, v]) => (
          <div key={path}>
            <span title={path}>{fieldLabel(path)}</span> = <b>{value(v)}</b>
          </div>
        ))}
        {o.wait && (
          <div>
            waits until {when(o.wait.until)}
            {o.wait.resumedAt && (
              <>
                ; {o.wait.resumedBy === 'preempted' ? 'ended' : 'resumed'} {when(o.wait.resumedAt)} by{' '}
                <b>{o.wait.resumedBy === 'preempted' ? 'a higher-priority journey' : o.wait.resumedBy}</b>
              </>
            )}
          </div>
        )}
        {o.converted && <div className="sim-note__goal">goal reached: converted</div>}
      </div>
    ),
  }));
}
