/** Limits of the pack sandbox; every one can be lowered or raised per host. */
export interface SandboxLimits {
  /** Wall-clock time one node call may take, fetches included; the child is killed on overrun. */
  callTimeoutMs: number;
  /** V8 heap of the child (`--max-old-space-size`). */
  heapMb: number;
  /** Resident memory of the child (heap, buffers, code), checked every 50 ms while calls run (Linux). */
  rssMb: number;
  /** Time the child may take to start and load its pack. */
  startTimeoutMs: number;
  /** One outbound request made through the host. */
  fetchTimeoutMs: number;
  /** Response body bytes handed back to the pack. */
  fetchMaxBodyBytes: number;
  /** Outbound requests one node call may make. */
  fetchesPerCall: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  callTimeoutMs: 5_000,
  heapMb: 64,
  rssMb: 256,
  startTimeoutMs: 10_000,
  fetchTimeoutMs: 3_000,
  fetchMaxBodyBytes: 256 * 1024,
  fetchesPerCall: 10,
};
