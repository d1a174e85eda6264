// Runs in a lane's worker thread: how a QuickJS exception becomes a failure that says what
// stopped it (the pack threw, or a limit stopped it).
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { FailureKind } from '../protocol.js';
import type { CpuDeadline } from './cpuDeadline.js';

/** A VM failure that is not the pack's own exception. */
export class VmFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

/** A failure after `who` ran past its CPU budget. */
export const cpuOverrun = (who: string, limitMs: number) =>
  new VmFailure(`${who} used more than ${Math.round(limitMs)} ms of CPU and was stopped`, 'limit');

function stringProp(vm: QuickJSContext, handle: QuickJSHandle, key: string): string | undefined {
  const value = vm.getProp(handle, key);
  try {
    return vm.typeof(value) === 'string' ? vm.getString(value).slice(0, 3_000) : undefined;
  } finally {
    value.dispose();
  }
}

/**
 * What a QuickJS exception means: QuickJS's own "interrupted" and "out of memory" are limits,
 * anything else is the pack's error (name and message, cut to size).
 */
export function readFailure(
  vm: QuickJSContext,
  deadline: CpuDeadline,
  error: QuickJSHandle,
  who: string,
  limits: { budgetMs: number; heapMb: number },
): VmFailure {
  // Read the exception with a short deadline: a hostile error object may have looping getters.
  deadline.shorten(20);
  let name = 'Error';
  let message = 'unknown error';
  try {
    const type = vm.typeof(error);
    if (type === 'object') {
      name = stringProp(vm, error, 'name') ?? name;
      message = stringProp(vm, error, 'message') ?? message;
    } else if (type === 'string') message = vm.getString(error);
  } catch {
    // Keep the defaults.
  }
  if (name === 'InternalError' && message === 'interrupted') return cpuOverrun(who, limits.budgetMs);
  if (name === 'InternalError' && message === 'out of memory') {
    return new VmFailure(`${who} exceeded its memory limit of ${limits.heapMb} MB and was stopped`, 'limit');
  }
  return new VmFailure(`${who}: ${name}: ${message}`.slice(0, 3_500), 'thrown');
}
