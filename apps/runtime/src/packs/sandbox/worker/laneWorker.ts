// The entry of a lane's worker thread: the runtime's code that drives one node type's QuickJS VMs
// (pack code runs only inside them). Each VM runs one call at a time, so a fetch, a log line or a
// runaway is always the running call's; a pool lets calls that wait on fetches overlap.
import { parentPort, workerData } from 'node:worker_threads';
import type { CallMessage, LaneWorkerData, MainMessage } from '../protocol.js';
import { checkedAnswer } from './answers.js';
import { type CallResult, nodeLabel, PackVm, VmFailure } from './packVm.js';

const port = parentPort!;
const { wasmModule, source, limits } = workerData as LaneWorkerData;

const idle: PackVm[] = [];
const running = new Map<number, PackVm>();
const queue: CallMessage[] = [];
let vms = 0;

const boot = () => PackVm.boot(wasmModule, source, limits, port);

function reply(id: number, result: CallResult): void {
  port.postMessage({ t: 'done', id, ...result });
}

function pump(): void {
  while (queue.length > 0) {
    const vm = idle.pop();
    if (!vm) {
      if (vms >= limits.vmsPerNodeType) return;
      vms++;
      boot().then(
        (fresh) => {
          idle.push(fresh);
          pump();
        },
        (error: unknown) => {
          vms--;
          // A VM that cannot start fails the call that was waiting longest.
          const call = queue.shift();
          const failure = error instanceof VmFailure ? error : new VmFailure(String(error), 'crashed');
          if (call) reply(call.id, { ok: false, error: failure.message, kind: failure.kind, cpuMs: 0 });
          pump();
        },
      );
      return;
    }
    const call = queue.shift()!;
    running.set(call.id, vm);
    void vm.run(call).then((result) => {
      running.delete(call.id);
      reply(call.id, checkedAnswer(call.op, nodeLabel(call), result));
      if (vm.dead) vms--;
      else idle.push(vm);
      pump();
    });
  }
}

port.on('message', (message: MainMessage) => {
  if (message.t === 'call') {
    queue.push(message);
    pump();
  } else if (message.t === 'fetch-result') {
    running.get(message.id)?.fetched(message.id, message.fetchId, message.reply);
  } else if (message.t === 'abort') {
    const waiting = queue.findIndex((call) => call.id === message.id);
    if (waiting >= 0) {
      queue.splice(waiting, 1);
      reply(message.id, { ok: false, error: message.reason, kind: 'limit', cpuMs: 0 });
    } else running.get(message.id)?.abort(message.id, message.reason);
  }
});

// The first VM proves the pack loads (its top-level code ran within the limits).
vms++;
boot().then(
  (vm) => {
    idle.push(vm);
    port.postMessage({ t: 'ready' });
    pump();
  },
  (error: unknown) => {
    vms--;
    const failure = error instanceof VmFailure ? error : new VmFailure(String(error), 'crashed');
    port.postMessage({ t: 'boot-failed', message: failure.message.slice(0, 3_900), kind: failure.kind });
  },
);
