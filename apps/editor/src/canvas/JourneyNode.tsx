import { Handle as FlowHandle, type NodeProps, Position } from '@xyflow/react';
import { AlertTriangle, CircleAlert, PackageX, UserRound } from 'lucide-react';
import { memo, useContext } from 'react';
import type { JourneyFlowNode } from './derive.js';
import { FarZoomContext } from './farZoom.js';
import { NodeIcon } from './NodeIcon.js';
import { PlainHandle } from './PlainHandle.js';

/**
 * One step on the canvas: icon, title, summary, owner, problems, an input on the left and one
 * labelled output per branch on the right (a plain "next" output needs no label).
 */
export const JourneyNode = memo(function JourneyNode({ data, selected }: NodeProps<JourneyFlowNode>) {
  const { node, entry, outputs, summary, errors, warnings, problem } = data;
  const Handle = useContext(FarZoomContext) ? PlainHandle : FlowHandle;
  const color = entry?.color ?? '#64748b';
  const title = node.label || entry?.title || node.type;
  const single = outputs.length === 1 && outputs[0]?.id === 'next';
  const state = errors > 0 ? ' has-errors' : warnings > 0 ? ' has-warnings' : '';
  // Pack types are namespaced (`acme-crm/lookup`): unknown here means the runtime has not loaded the pack.
  const missingPack = !entry && node.type.includes('/') ? node.type.split('/')[0] : undefined;
  return (
    <div
      className={`jnode${selected ? ' is-selected' : ''}${state}${missingPack ? ' is-missing' : ''}`}
      style={{ '--accent': color } as React.CSSProperties}
      data-testid={`node-${node.id}`}
      data-type={node.type}
    >
      {entry?.kind !== 'trigger' && <Handle type="target" position={Position.Left} className="jnode__in" />}
      <div className="jnode__head">
        <span className="jnode__icon">
          <NodeIcon name={entry?.icon} size={15} />
        </span>
        <span className="jnode__title" title={title}>
          {title}
        </span>
        {(errors > 0 || warnings > 0) && (
          <span
            className={`jnode__marker ${errors > 0 ? 'is-error' : 'is-warning'}`}
            title={problem}
            data-testid="problem-marker"
          >
            {errors > 0 ? <CircleAlert size={13} /> : <AlertTriangle size={13} />}
            {errors + warnings}
          </span>
        )}
      </div>
      {missingPack && (
        <div
          className="jnode__missing"
          data-testid="missing-pack"
          title={`This step needs the pack '${missingPack}', which this runtime has not loaded. Its config is kept as is.`}
        >
          <PackageX size={12} /> Missing pack: {missingPack}
        </div>
      )}
      <div className="jnode__summary" title={summary}>
        {summary || <span className="muted">{entry?.title ?? 'Unknown node type'}</span>}
      </div>
      {(node.owner || (node.label && entry)) && (
        <div className="jnode__meta">
          {node.label && entry && <span className="jnode__type">{entry.title}</span>}
          {node.owner && (
            <span className="jnode__owner" title={`Owner: ${node.owner}`}>
              <UserRound size={11} /> {node.owner}
            </span>
          )}
        </div>
      )}
      {single ? (
        <Handle id="next" type="source" position={Position.Right} className="jnode__out" title="Next" />
      ) : (
        outputs.length > 0 && (
          <div className="jnode__outputs">
            {outputs.map((o) => (
              <div key={o.id} className="jnode__output" title={o.label}>
                <span>{o.label}</span>
                <Handle id={o.id} type="source" position={Position.Right} className="jnode__out" />
              </div>
            ))}
          </div>
        )
      )}
    </div>
  );
});
