// A lean HTTP/1.1 load generator for the overload bench: keep-alive sockets, requests written as
// prebuilt bytes, responses read for their status and length only. node:http's client costs
// ~0.25 ms of CPU a request here, so at 4,000 requests/s the generator itself ran out of CPU and
// its own queue showed up as seconds of "latency" (like wrk or autocannon, but open loop).
import { connect, type Socket } from 'node:net';

export interface HttpAnswer {
  status: number | 'network';
  ms: number;
}

interface Pending {
  started: number;
  resolve: (answer: HttpAnswer) => void;
}

interface Connection {
  socket: Socket;
  /** The request on the wire (one at a time: no pipelining, as browsers and SDKs do). */
  current?: Pending;
  buffer: Buffer;
  idleSince: number;
}

/**
 * A connection idle this long is closed rather than reused: Node's server closes idle keep-alive
 * connections after 5 s, and a request written as that close arrives is lost (undici's client keeps
 * 4 s for the same reason).
 */
const IDLE_MS = 4000;

const HEADER_END = Buffer.from('\r\n\r\n');

/** Status and total length (head + body) of the response at the start of `buffer`, once it is all there. */
function parseResponse(buffer: Buffer): { status: number; length: number } | undefined {
  const headEnd = buffer.indexOf(HEADER_END);
  if (headEnd < 0) return undefined;
  const head = buffer.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const total = headEnd + 4 + Number(length[1]);
    return buffer.length >= total ? { status, length: total } : undefined;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const end = buffer.indexOf('\r\n0\r\n\r\n', headEnd);
    return end < 0 ? undefined : { status, length: end + 7 };
  }
  return { status, length: headEnd + 4 };
}

/**
 * Sends requests to `host:port` over at most `maxConnections` keep-alive connections: a request
 * goes out on an idle connection, or a new one, or waits for one (its wait counts in its latency,
 * as a real client's would).
 */
export function httpLoad(host: string, port: number, maxConnections = 2048) {
  const idle: Connection[] = [];
  const waiting: Array<{ bytes: Buffer; pending: Pending }> = [];
  let open = 0;

  const finish = (conn: Connection, answer: HttpAnswer) => {
    const pending = conn.current;
    conn.current = undefined;
    pending?.resolve({ ...answer, ms: answer.ms || performance.now() - (pending?.started ?? 0) });
  };

  const release = (conn: Connection) => {
    const next = waiting.shift();
    if (next) write(conn, next.bytes, next.pending);
    else {
      conn.idleSince = performance.now();
      idle.push(conn);
    }
  };

  /** The most recently used idle connection still fresh enough to reuse (stale ones are closed). */
  const takeIdle = (): Connection | undefined => {
    const now = performance.now();
    for (let conn = idle.pop(); conn; conn = idle.pop()) {
      if (now - conn.idleSince < IDLE_MS) return conn;
      conn.socket.destroy();
    }
    return undefined;
  };

  const write = (conn: Connection, bytes: Buffer, pending: Pending) => {
    conn.current = pending;
    conn.socket.write(bytes);
  };

  const openConnection = (bytes: Buffer, pending: Pending) => {
    open++;
    const socket = connect({ host, port, noDelay: true });
    const conn: Connection = { socket, buffer: Buffer.alloc(0), idleSince: 0 };
    socket.on('data', (data) => {
      conn.buffer = conn.buffer.length === 0 ? data : Buffer.concat([conn.buffer, data]);
      const response = parseResponse(conn.buffer);
      if (!response) return;
      conn.buffer = conn.buffer.subarray(response.length);
      finish(conn, { status: response.status, ms: 0 });
      release(conn);
    });
    let gone = false;
    const lost = () => {
      if (gone) return;
      gone = true;
      if (conn.current) finish(conn, { status: 'network', ms: 0 });
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      open--;
      socket.destroy();
      const next = waiting.shift();
      if (next) openConnection(next.bytes, next.pending);
    };
    socket.once('error', lost);
    socket.once('close', lost);
    write(conn, bytes, pending);
  };

  return {
    /** Sends one prebuilt request; resolves with its status and milliseconds from now. */
    send(bytes: Buffer): Promise<HttpAnswer> {
      return new Promise((resolve) => {
        const pending = { started: performance.now(), resolve };
        const conn = takeIdle();
        if (conn) write(conn, bytes, pending);
        else if (open < maxConnections) openConnection(bytes, pending);
        else waiting.push({ bytes, pending });
      });
    },
    close() {
      for (const conn of idle) conn.socket.destroy();
      idle.length = 0;
    },
  };
}

/** The bytes of one `POST` with a JSON body. */
export function postBytes(host: string, path: string, headers: Record<string, string>, body: string): Buffer {
  const lines = [
    `POST ${path} HTTP/1.1`,
    `host: ${host}`,
    'connection: keep-alive',
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}
