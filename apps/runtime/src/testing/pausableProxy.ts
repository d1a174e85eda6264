import { createServer, type Server, type Socket } from 'node:net';

export interface PausableProxy {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  /** Drops every connection and refuses new ones, like a database that went away. */
  down(): Promise<void>;
  /** Accepts connections again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real Postgres that tests can take down and bring back, to
 * see what clients do when the database vanishes mid-query and returns (no mocks: the bytes are
 * the server's own).
 *
 * @example
 * const proxy = await startPausableProxy(db.url);
 * const sql = connect(proxy.url);
 * await proxy.down(); // queries now fail with ECONNREFUSED / CONNECTION_CLOSED
 */
export async function startPausableProxy(targetUrl: string): Promise<PausableProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    const s = createServer((client) => {
      const upstream = new (client.constructor as typeof Socket)();
      upstream.connect(Number(target.port || 5432), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    const address = s.address();
    if (typeof address === 'object' && address) port = address.port;
    server = s;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), down, up: listen, close: down };
}
