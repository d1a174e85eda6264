import type { Graph } from '@crossroads/graph-schema';
import {
  builtinRegistry,
  type SimulatedEvent,
  type SimulationResult,
  simulateJourney,
} from '@crossroads/nodes';
import { ApiError } from '../../api/client.js';
import type { OperateApi } from '../api/operateApi.js';

export interface SimulationRun {
  result: SimulationResult;
  /** Where it ran: the runtime (same executors, workspace segments) or this browser (fallback). */
  ranOn: 'server' | 'browser';
}

/**
 * Simulates on the runtime; when the runtime cannot be reached (or lacks the route) runs the same
 * `simulateJourney` here with the built-in node types. Input errors (4xx) are reported, not retried.
 */
export async function runSimulation(
  api: OperateApi,
  workflowId: string,
  input: { graph: Graph; version?: number; contact: Record<string, unknown>; events: SimulatedEvent[] },
): Promise<SimulationRun> {
  try {
    const result = await api.simulate(workflowId, {
      contact: input.contact,
      events: input.events,
      ...(input.version !== undefined && { version: input.version }),
    });
    return { result, ranOn: 'server' };
  } catch (error) {
    if (error instanceof ApiError && error.status !== 404 && error.status < 500) throw error;
    const id = typeof input.contact.id === 'string' ? input.contact.id : 'simulated-contact';
    const result = simulateJourney({
      graph: input.graph,
      registry: builtinRegistry,
      contact: { ...input.contact, id },
      events: input.events,
    });
    return { result, ranOn: 'browser' };
  }
}
