/**
 * A valid journey of `size` steps as people build them: a trigger, then a long run of sends and
 * waits with a gate every eighth step whose first branch goes to a side step; laid out top to
 * bottom (the main run in one column, side steps in the next), as Tidy up would.
 *
 * @example
 * await api('POST', '/v1/workflows', { graph: tallJourney(60) });
 */
export function tallJourney(size: number) {
  const nodes: Array<Record<string, unknown> & { id: string }> = [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      label: 'Signed up',
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'user.signed_up' },
    },
  ];
  const edges: Array<{ id: string; source: string; sourceHandle: string; target: string }> = [];
  let previous = { id: 'start', handle: 'next' };
  let row = 1;
  const link = (source: string, sourceHandle: string, target: string) =>
    edges.push({ id: `e${edges.length + 1}`, source, sourceHandle, target });
  for (let i = 1; nodes.length < size; i++) {
    const id = `step-${i}`;
    const y = row * 170;
    if (i % 8 === 0 && nodes.length + 2 <= size) {
      nodes.push({
        id,
        type: 'segment-gate',
        version: 2,
        label: `Engaged by week ${i / 8}?`,
        position: { x: 0, y },
        config: {
          branches: [
            { id: `b${i}`, label: 'Opened twice', rule: { '>=': [{ var: 'engagement.opens_30d' }, 2] } },
          ],
        },
      });
      link(previous.id, previous.handle, id);
      const side = `side-${i}`;
      nodes.push({
        id: side,
        type: 'send',
        version: 1,
        label: `Power tips ${i / 8}`,
        position: { x: 340, y: y + 170 },
        config: { subject: `Power tips ${i / 8}`, text: 'Hi', reason: 'You signed up.' },
      });
      link(id, `b${i}`, side);
      previous = { id, handle: 'else' };
    } else if (i % 2 === 0) {
      nodes.push({
        id,
        type: 'wait',
        version: 1,
        label: `Wait a day (${i})`,
        position: { x: 0, y },
        config: { mode: 'duration', duration: 'P1D' },
      });
      link(previous.id, previous.handle, id);
      previous = { id, handle: 'next' };
    } else {
      nodes.push({
        id,
        type: 'send',
        version: 1,
        label: `Lesson ${i}`,
        position: { x: 0, y },
        config: { subject: `Lesson ${i}`, text: 'Hi', reason: 'You signed up.' },
      });
      link(previous.id, previous.handle, id);
      previous = { id, handle: 'next' };
    }
    row++;
  }
  return {
    schemaVersion: 1,
    id: 'sixty-steps',
    name: `Onboarding in ${size} steps`,
    nodes,
    edges,
    settings: { reentry: 'once', timezone: 'UTC' },
  };
}
