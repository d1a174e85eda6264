import type { Problem } from '../problems.js';
import { problem } from './codes.js';
import type { NodeFacts } from './nodes.js';
import type { EdgeSlot } from './structure.js';
import { stepName } from './wording.js';

const MAX_NAMED_IN_CYCLE = 12;

function adjacency(edges: readonly EdgeSlot[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const { edge } of edges) {
    const list = next.get(edge.source);
    if (list) list.push(edge.target);
    else next.set(edge.source, [edge.target]);
  }
  return next;
}

function checkTriggers(nodes: Map<string, NodeFacts>, problems: Problem[]): string[] {
  const triggers = [...nodes.values()].filter((facts) => facts.info?.kind === 'trigger');
  if (triggers.length === 0) {
    const unknownKinds = [...nodes.values()].some((facts) => !facts.info);
    // A trigger we could not identify (unknown type, bad node) is already reported: don't pile on.
    if (!unknownKinds)
      problems.push(
        problem(
          'trigger.missing',
          { path: 'nodes' },
          'the journey has no trigger: add one to say what starts it',
        ),
      );
  }
  for (const extra of triggers.slice(1)) {
    const first = triggers[0]?.slot.id;
    const firstFacts = first === undefined ? undefined : nodes.get(first);
    const message = `${nameOf(extra)} is a second trigger (${firstFacts ? nameOf(firstFacts) : 'another'} is the first); a journey has one`;
    problems.push(
      problem('trigger.multiple', { path: `nodes[${extra.slot.index}]`, nodeId: extra.slot.id }, message),
    );
  }
  return triggers.map((facts) => facts.slot.id);
}

function checkReachable(
  nodes: Map<string, NodeFacts>,
  next: Map<string, string[]>,
  triggers: string[],
  problems: Problem[],
) {
  if (triggers.length === 0) return;
  const seen = new Set<string>(triggers);
  const queue = [...triggers];
  for (let i = 0; i < queue.length; i++) {
    for (const target of next.get(queue[i] as string) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  for (const facts of nodes.values()) {
    if (seen.has(facts.slot.id)) continue;
    const message = `${nameOf(facts)} cannot be reached from the trigger, so it never runs`;
    problems.push(
      problem('node.unreachable', { path: `nodes[${facts.slot.index}]`, nodeId: facts.slot.id }, message),
    );
  }
}

/**
 * Strongly connected components of the graph without its wait nodes (Tarjan, iterative so deep
 * graphs cannot overflow the stack). Any component with a cycle is a loop no wait can pause.
 */
function loopsWithoutWait(nodes: Map<string, NodeFacts>, next: Map<string, string[]>): string[][] {
  const skip = (id: string) => nodes.get(id)?.info?.kind === 'wait';
  const successors = new Map<string, string[]>();
  for (const [id, targets] of next)
    successors.set(
      id,
      targets.filter((target) => !skip(target)),
    );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const loops: string[][] = [];
  let counter = 0;
  for (const start of nodes.keys()) {
    if (index.has(start) || skip(start)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: start, child: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; child: number };
      const targets = successors.get(frame.id) ?? [];
      if (frame.child < targets.length) {
        const target = targets[frame.child++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ id: target, child: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(target) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) !== index.get(frame.id)) continue;
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.id);
      const selfLoop = component.length === 1 && (next.get(frame.id) ?? []).includes(frame.id);
      if (component.length > 1 || selfLoop) loops.push(component.reverse());
    }
  }
  return loops;
}

/** Graph-level checks: one trigger, everything reachable from it, every loop paused by a wait. */
export function checkTopology(
  nodes: Map<string, NodeFacts>,
  edges: readonly EdgeSlot[],
  problems: Problem[],
) {
  const next = adjacency(edges);
  const triggers = checkTriggers(nodes, problems);
  checkReachable(nodes, next, triggers, problems);
  for (const loop of loopsWithoutWait(nodes, next)) {
    const first = nodes.get(loop[0] as string) as NodeFacts;
    const named = loop.slice(0, MAX_NAMED_IN_CYCLE).map((id) => {
      const facts = nodes.get(id);
      return facts ? nameOf(facts) : `'${id}'`;
    });
    if (loop.length > MAX_NAMED_IN_CYCLE) named.push(`and ${loop.length - MAX_NAMED_IN_CYCLE} more`);
    const message = `${named.join(', ')} form a loop with no wait step: a contact could loop without pause`;
    problems.push(
      problem('cycle.no-wait', { path: `nodes[${first.slot.index}]`, nodeId: first.slot.id }, message),
    );
  }
}

/** A step as messages name it: its kind and label ("Wait 'Two days'"). */
function nameOf(facts: NodeFacts): string {
  return facts.slot.node ? stepName(facts.slot.node) : `step '${facts.slot.id}'`;
}
