import { Handle as FlowHandle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { AlertTriangle, CircleAlert, PackageX, UserRound } from 'lucide-react';
import { memo, useContext, useEffect, useRef } from 'react';
import { type JourneyFlowNode, stepName } from './derive.js';
import { FarZoomContext } from './farZoom.js';
import { NodeIcon } from './NodeIcon.js';
import { PlainHandle } from './PlainHandle.js';

/**
 * One step on the canvas: icon, title, summary, owner, problems, an input on top and, below, one
 * output per branch named by its label (a plain "next" output needs no label).
 */
export const JourneyNode = memo(function JourneyNode({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const { node, entry, outputs, summary, errors, warnings, problem } = data;
  const far = useContext(FarZoomContext);
  const Handle = far ? PlainHandle : FlowHandle;
  const color = entry?.color ?? '#64748b';
  const title = stepName(node, entry);
  const single = outputs.length === 1 && outputs[0]?.id === 'next';
  const state = errors > 0 ? ' has-errors' : warnings > 0 ? ' has-warnings' : '';
  // Pack types are namespaced (`acme-crm/lookup`): unknown here means the runtime has not loaded the pack.
  const missingPack = !entry && node.type.includes('/') ? node.type.split('/')[0] : undefined;
  useHandlesFollowOutputs(id, outputs.map((o) => o.id).join('\u0000'));
  return (
    <div
      className={`jnode${selected ? ' is-selected' : ''}${state}${missingPack ? ' is-missing' : ''}${single || outputs.length === 0 ? '' : ' has-branches'}`}
      style={{ '--accent': color, '--outputs': outputs.length } as React.CSSProperties}
      data-testid={`node-${node.id}`}
      data-type={node.type}
    >
      {entry?.kind !== 'trigger' && <Handle type="target" position={Position.Top} className="jnode__in" />}
      <div className="jnode__head">
        {/* Far out the icon is not painted (the card's children are hidden) and its box has a fixed
            size: the icons' SVGs were 4,300 of the 15,300 elements built for 1,000 steps. */}
        <span className="jnode__icon">{!far && <NodeIcon name={entry?.icon} size={15} />}</span>
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
        <Handle id="next" type="source" position={Position.Bottom} className="jnode__out" title="Next" />
      ) : (
        outputs.length > 0 && (
          <div className="jnode__outputs">
            {outputs.map((o) => (
              <div key={o.id} className="jnode__output" title={o.label} data-output={o.label}>
                <span>{o.label}</span>
                <Handle id={o.id} type="source" position={Position.Bottom} className="jnode__out" />
              </div>
            ))}
          </div>
        )
      )}
    </div>
  );
}, sameStep);

/**
 * Whether a step draws the same: it reads only its id, data and selection. React Flow also hands
 * it its size, position and z-index, which change when it is measured or dragged: compared too,
 * every step rendered again once React Flow had measured it (1,000 renders before the first paint).
 */
function sameStep(a: NodeProps<JourneyFlowNode>, b: NodeProps<JourneyFlowNode>): boolean {
  return a.id === b.id && a.data === b.data && a.selected === b.selected;
}

/**
 * React Flow measures a node's handles when the node is first drawn and when its size changes;
 * a branch added, removed or reordered can leave the size alone, and its output then could not
 * be connected (nor its edge drawn) until a reload. Re-measure whenever the outputs change.
 */
function useHandlesFollowOutputs(nodeId: string, outputsKey: string): void {
  const updateNodeInternals = useUpdateNodeInternals();
  // The key measured last: only a change re-measures (not the first render, nor StrictMode's rerun).
  const measured = useRef(outputsKey);
  useEffect(() => {
    if (measured.current === outputsKey) return;
    measured.current = outputsKey;
    updateNodeInternals(nodeId);
  }, [outputsKey, nodeId, updateNodeInternals]);
}
