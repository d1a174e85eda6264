// Runs in a lane's worker thread: what one call into a pack VM is, how it ends, and the clock its
// CPU limit is read from.
import { readFileSync } from 'node:fs';
import type { parentPort } from 'node:worker_threads';
import type { QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten-core';
import type { CallMessage, FailureKind } from '../protocol.js';

export type Port = NonNullable<typeof parentPort>;

export type CallResult =
  | { ok: true; value: string; cpuMs: number }
  | { ok: false; error: string; kind: FailureKind; cpuMs: number };

/** A VM failure that is not the pack's own exception. */
export class VmFailure extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
  ) {
    super(message);
  }
}

export interface RunningCall {
  message: CallMessage;
  node: string;
  cpuMs: number;
  timers: Map<number, NodeJS.Timeout>;
  fetches: Map<number, QuickJSDeferredPromise>;
  nextFetch: number;
  logs: number;
  promise?: QuickJSHandle;
  finish(result: CallResult): void;
}

/**
 * CPU time of this thread in ms (Linux: /proc/thread-self/stat, 10 ms ticks), or undefined. A
 * deadline is first checked against the wall clock (cheap); only when it passes is the thread's
 * real CPU read, so a VM slowed down by a busy machine is not stopped for time it did not use.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** How messages name what a call ran: the node (`type@version`), or the pack while it is described. */
export const nodeLabel = (message: CallMessage) =>
  message.op === 'describe' ? message.type : `${message.type}@${message.version}`;

/** Strings longer than this are not copied out of a VM (the JSON checks would refuse them anyway). */
export const MAX_ANSWER_CHARS = 2 * 1024 * 1024;
export const MAX_PAYLOAD_CHARS = 4 * 1024 * 1024;
