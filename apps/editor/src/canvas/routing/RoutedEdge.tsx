import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { memo, useContext, useMemo } from 'react';
import { CardsContext } from './cards.js';
import { roundedPath, routeEdge } from './routeEdge.js';

/**
 * A line from an output to an input that goes around the cards in between (`routeEdge`), so no
 * line runs under a step. Used on journeys small enough to route every line on each change.
 */
export const RoutedEdge = memo(function RoutedEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  label,
  labelStyle,
  labelShowBg,
  labelBgStyle,
  labelBgPadding,
  labelBgBorderRadius,
  style,
  markerEnd,
  interactionWidth,
  data,
}: EdgeProps) {
  const lane = typeof data?.lane === 'number' ? data.lane : 0;
  const cards = useContext(CardsContext);
  const { d, label: at } = useMemo(
    () => roundedPath(routeEdge({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, cards, lane)),
    [sourceX, sourceY, targetX, targetY, cards, lane],
  );
  return (
    <BaseEdge
      id={id}
      path={d}
      labelX={at.x}
      labelY={at.y}
      label={label}
      labelStyle={labelStyle}
      labelShowBg={labelShowBg}
      labelBgStyle={labelBgStyle}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      style={style}
      markerEnd={markerEnd}
      interactionWidth={interactionWidth}
    />
  );
});
