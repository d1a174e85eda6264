/**
 * What a pack node may ask of the host. Nothing is granted that is not declared here: the sandbox
 * refuses `fetch` to any other host, and only the named secrets are ever handed to the node.
 *
 * @example
 * ```ts
 * const capabilities: NodeCapabilities = { http: { hosts: ['hooks.slack.com'] }, secrets: ['SLACK_TOKEN'] };
 * ```
 */
export interface NodeCapabilities {
  /** Outbound HTTP(S): exact host names, or `*.example.com` for any subdomain of example.com. */
  http?: { hosts: string[] };
  /** Names of secrets the node reads (declared for review; the runtime does not hand them out yet). */
  secrets?: string[];
}
