import { createServer, type Server, Socket } from 'node:net';

export interface ResetProxy {
  /** `url` with its host and port replaced by the proxy's (any scheme: postgres, smtp, http). */
  via(url: string): string;
  /** Connections reset (TCP RST to both ends) and connections refused so far. */
  counts(): { connections: number; resets: number; refused: number };
  /**
   * From now on, every `everyMs` (± half), either resets one live connection chosen at random or,
   * one time in four, stops listening for `refuseMs` so new connections are refused.
   */
  startFaults(options: { everyMs: number; refuseMs: number }): void;
  stopFaults(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real server (Postgres, SMTP, a CRM endpoint) that resets
 * connections at random (RST, so the client reads ECONNRESET at whatever point it was: connecting,
 * mid-query, mid-DATA, mid-response) and now and then refuses new ones (ECONNREFUSED). The bytes
 * are the real server's: only the connection is faulty.
 *
 * @example
 * const pg = await startResetProxy(cluster.url);
 * spawnRuntime({ databaseUrl: pg.via(cluster.url) });
 * pg.startFaults({ everyMs: 700, refuseMs: 300 });
 */
export async function startResetProxy(targetUrl: string): Promise<ResetProxy> {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port);
  const pairs = new Set<[Socket, Socket]>();
  let server: Server | undefined;
  let port = 0;
  let connections = 0;
  let resets = 0;
  let refused = 0;
  let faults: NodeJS.Timeout | undefined;

  const listen = async () => {
    const s = createServer((client) => {
      connections++;
      const upstream = new Socket();
      const pair: [Socket, Socket] = [client, upstream];
      pairs.add(pair);
      for (const socket of pair) {
        socket.on('error', () => {});
        socket.on('close', () => {
          pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
      }
      upstream.connect(targetPort, target.hostname, () => {
        client.pipe(upstream).pipe(client);
      });
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    const address = s.address();
    if (typeof address === 'object' && address) port = address.port;
    server = s;
  };

  const resetOne = () => {
    const live = [...pairs];
    const pair = live[Math.floor(Math.random() * live.length)];
    if (!pair) return;
    resets++;
    pairs.delete(pair);
    for (const socket of pair) socket.resetAndDestroy();
  };

  const refuseFor = async (ms: number) => {
    const s = server;
    if (!s) return;
    server = undefined;
    refused++;
    // Stops listening at once; its 'close' waits for the live connections, which carry on.
    s.close();
    await new Promise((resolve) => setTimeout(resolve, ms));
    // The port may be taken meanwhile (another listener, or a client's own port): try again.
    for (let attempt = 0; attempt < 50 && !server; attempt++) {
      await listen().catch(() => new Promise((resolve) => setTimeout(resolve, 20)));
    }
  };

  await listen();
  return {
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
    },
    counts: () => ({ connections, resets, refused }),
    startFaults({ everyMs, refuseMs }) {
      const next = () => {
        faults = setTimeout(
          async () => {
            if (Math.random() < 0.25) await refuseFor(refuseMs);
            else resetOne();
            if (faults) next();
          },
          everyMs * (0.5 + Math.random()),
        );
      };
      next();
    },
    stopFaults() {
      clearTimeout(faults);
      faults = undefined;
    },
    async close() {
      clearTimeout(faults);
      faults = undefined;
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      server?.close();
    },
  };
}
