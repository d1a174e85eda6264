/**
 * Limits of the pack sandbox; every one can be lowered or raised per host. They hold for the whole
 * life of a sandbox, not only during a call: pack code runs only when the runtime enters its VM,
 * and every entry is bounded.
 */
export interface SandboxLimits {
  /** CPU time one call (execute, or a config check) may spend in the VM; the VM is dropped on overrun. */
  callCpuMs: number;
  /** Wall time one call may take, fetches and timers included; the VM is dropped on overrun. */
  callTimeoutMs: number;
  /** CPU time to evaluate the pack's code (its top level) in a fresh VM, and to describe it at load. */
  loadCpuMs: number;
  /** CPU time work left behind by a returned call (pending promise jobs) may take before the VM is dropped. */
  afterReturnCpuMs: number;
  /** CPU time all VMs of one pack may spend per minute; the node types using most of it are refused. */
  packCpuMsPerMinute: number;
  /** Whole memory of one VM (the QuickJS heap in its own WebAssembly memory); at least 16 MB. */
  heapMb: number;
  /** V8 heap of a node type's worker thread (the runtime's code that drives the VMs). */
  workerHeapMb: number;
  /** VMs one node type may run at once (calls waiting on fetch); each runs one call at a time. */
  vmsPerNodeType: number;
  /** One outbound request made through the host. */
  fetchTimeoutMs: number;
  /** Response body bytes handed back to the pack. */
  fetchMaxBodyBytes: number;
  /** Outbound requests one node call may make. */
  fetchesPerCall: number;
  /** Log lines (console.*) one call may write; the rest are dropped. */
  logLinesPerCall: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  callCpuMs: 1_000,
  callTimeoutMs: 5_000,
  loadCpuMs: 3_000,
  afterReturnCpuMs: 100,
  packCpuMsPerMinute: 20_000,
  heapMb: 64,
  workerHeapMb: 64,
  vmsPerNodeType: 4,
  fetchTimeoutMs: 3_000,
  fetchMaxBodyBytes: 256 * 1024,
  fetchesPerCall: 10,
  logLinesPerCall: 20,
};
