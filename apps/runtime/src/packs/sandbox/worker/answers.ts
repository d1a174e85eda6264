// Runs in a lane's worker thread: the size limits on what a VM answered, checked outside the VM
// (pack code shares the VM with the dispatcher that checked them first, and could tamper).
import { checkDecisionSize, checkOutputsSize, oversize, PACK_SIZE_LIMITS } from '@crossroads/nodes/limits';
import type { CallOp } from '../protocol.js';
import type { CallResult } from './packVm.js';

type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

function check(op: CallOp, node: string, envelope: Envelope): void {
  if (!envelope.ok) return;
  const value = envelope.value as Record<string, unknown> | null;
  if (op === 'execute') {
    checkDecisionSize(value, node);
    return;
  }
  if (op === 'parse' || op === 'outputs') {
    if (value?.outputs !== undefined) checkOutputsSize(value.outputs, node);
  }
  if (op === 'parse' || op === 'migrate') {
    const problem = oversize(value?.config, 'a config', node, PACK_SIZE_LIMITS.configBytes);
    if (problem) throw new Error(problem);
  }
}

/** The VM's answer if it is well-formed and within the limits, else the failure naming the limit. */
export function checkedAnswer(op: CallOp, node: string, result: CallResult): CallResult {
  if (!result.ok) return result;
  try {
    const envelope = JSON.parse(result.value) as Envelope;
    if (typeof envelope !== 'object' || envelope === null || typeof envelope.ok !== 'boolean') {
      throw new Error(`${node}: the sandbox answered something that is not an answer`);
    }
    check(op, node, envelope);
    return result;
  } catch (error) {
    return {
      ok: false,
      kind: 'thrown',
      error: (error as Error).message.slice(0, 3_000),
      cpuMs: result.cpuMs,
    };
  }
}
