// Runs in a lane's worker thread: one call into a VM while it runs, and how it ends.
import type { QuickJSDeferredPromise, QuickJSHandle } from 'quickjs-emscripten-core';
import type { CallMessage, FailureKind } from '../protocol.js';

export type CallResult =
  | { ok: true; value: string; cpuMs: number }
  | { ok: false; error: string; kind: FailureKind; cpuMs: number };

export type CallFailure = Exclude<CallResult, { ok: true }>;

/** A call a VM is running: its CPU so far, and what it waits for (timers, fetches, its promise). */
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

/** How messages name what a call ran: the node (`type@version`), or the pack while it is described. */
export const nodeLabel = (message: CallMessage) =>
  message.op === 'describe' ? message.type : `${message.type}@${message.version}`;
