/**
 * How big the data a pack node hands back may be. The runtime's sandbox enforces these on every
 * answer (a hostile pack once stored a 5 MB reason in a trace); `runNode` enforces them too, so a
 * pack's own tests fail the same way.
 *
 * @example
 * ```ts
 * PACK_SIZE_LIMITS.reasonBytes; // 16384
 * ```
 */
export const PACK_SIZE_LIMITS = {
  /** `reason` (summary and details) as JSON. */
  reasonBytes: 16 * 1024,
  /** `effect` as JSON. */
  effectBytes: 32 * 1024,
  /** The whole decision as JSON. */
  decisionBytes: 64 * 1024,
  /** Outputs of one node for one config. */
  outputs: 64,
  /** Those outputs as JSON. */
  outputsBytes: 16 * 1024,
  /** A parsed or migrated config as JSON. */
  configBytes: 64 * 1024,
  /** One node's description (palette data, JSON Schema, defaults) as JSON. */
  descriptionBytes: 256 * 1024,
  /** Event types one trigger listens to (`listensTo`), each at most 200 characters. */
  eventTypes: 50,
} as const;

const utf8Bytes = (json: string) => new TextEncoder().encode(json).length;

const shown = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${bytes} bytes`;

/**
 * Why a value is too big to be taken from a pack node, or undefined when it fits: `what` names it
 * (e.g. "a reason"), `node` the node type, `limit` the byte limit.
 *
 * @example
 * ```ts
 * oversize('x'.repeat(20_000), 'a reason', 'acme/x@1', PACK_SIZE_LIMITS.reasonBytes);
 * // 'acme/x@1 returned a reason of 20 KB, over the limit of 16 KB'
 * ```
 */
export function oversize(value: unknown, what: string, node: string, limit: number): string | undefined {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value) ?? '';
  // Cheap first: UTF-8 is at least one byte per UTF-16 unit and at most three.
  if (json.length * 3 <= limit) return undefined;
  const bytes = json.length > limit ? json.length : utf8Bytes(json);
  return bytes > limit
    ? `${node} returned ${what} of ${shown(bytes)}, over the limit of ${shown(limit)}`
    : undefined;
}

/**
 * Checks the sizes of a decision a pack node returned (whole, reason, effect); throws an Error that
 * names the node and the limit.
 *
 * @example
 * ```ts
 * checkDecisionSize({ next: 'next', reason: { summary: 'ok' } }, 'acme/x@1'); // passes
 * ```
 */
export function checkDecisionSize(decision: unknown, node: string): void {
  const parts = (decision ?? {}) as { reason?: unknown; effect?: unknown };
  const problem =
    oversize(parts.reason, 'a reason', node, PACK_SIZE_LIMITS.reasonBytes) ??
    oversize(parts.effect, 'an effect', node, PACK_SIZE_LIMITS.effectBytes) ??
    oversize(decision, 'a decision', node, PACK_SIZE_LIMITS.decisionBytes);
  if (problem) throw new Error(problem);
}

/**
 * Checks the outputs a node computed for a config: at most `PACK_SIZE_LIMITS.outputs` of them and
 * `outputsBytes` as JSON; throws an Error naming the node and the limit.
 *
 * @example
 * ```ts
 * checkOutputsSize([{ id: 'a', label: 'A' }], 'ab-split/split@1'); // passes
 * ```
 */
export function checkOutputsSize(outputs: unknown, node: string): void {
  if (Array.isArray(outputs) && outputs.length > PACK_SIZE_LIMITS.outputs) {
    throw new Error(
      `${node} returned ${outputs.length} outputs, over the limit of ${PACK_SIZE_LIMITS.outputs}`,
    );
  }
  const problem = oversize(outputs, 'outputs', node, PACK_SIZE_LIMITS.outputsBytes);
  if (problem) throw new Error(problem);
}

/**
 * Checks what a trigger's `listensTo` returned: a list of at most `PACK_SIZE_LIMITS.eventTypes`
 * event types (non-empty strings up to 200 characters); throws an Error naming the node.
 *
 * @example
 * ```ts
 * checkEventTypes(['signup', 'segment.entered'], 'acme/on-signup@1'); // passes
 * ```
 */
export function checkEventTypes(types: unknown, node: string): void {
  if (!Array.isArray(types)) throw new Error(`${node}: listensTo() must return a list of event types`);
  if (types.length > PACK_SIZE_LIMITS.eventTypes) {
    throw new Error(
      `${node} listens to ${types.length} event types, over the limit of ${PACK_SIZE_LIMITS.eventTypes}`,
    );
  }
  const bad = types.find((type) => typeof type !== 'string' || type.length === 0 || type.length > 200);
  if (bad !== undefined) {
    throw new Error(`${node}: listensTo() returned ${JSON.stringify(bad)?.slice(0, 60)}, not an event type`);
  }
}
