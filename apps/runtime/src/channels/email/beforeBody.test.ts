import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { SmtpPool } from './smtp-pool.js';
import { createTransport } from './smtp-transport.js';
import { composed, startServer } from './testSmtpServer.js';

// The ledger's note that the body is going out (issue 18: ambiguous only if the server may have it).
describe('deliver with beforeBody', () => {
  it('waits for beforeBody once the server is ready for the body, and sends nothing of it before', async () => {
    const bytesWhenAsked: number[] = [];
    let dataBytes = 0;
    const server = await startServer({
      onData: (stream, _session, done) => {
        stream.on('data', (chunk: Buffer) => {
          dataBytes += chunk.length;
        });
        stream.on('end', () => done());
      },
    });
    const outcome = await deliver(createTransport(server.url), composed().message, {
      beforeBody: async () => {
        bytesWhenAsked.push(dataBytes);
        await new Promise((resolve) => setTimeout(resolve, 50));
        bytesWhenAsked.push(dataBytes);
      },
    });
    expect(outcome.status).toBe('sent');
    expect(bytesWhenAsked).toEqual([0, 0]);
    expect(dataBytes).toBeGreaterThan(500);
  });

  it('abandons the body when beforeBody fails: transient, and the server has nothing', async () => {
    let dataBegun = 0;
    let aborted = 0;
    let received = 0;
    const server = await startServer({
      onData: (stream, _session, done) => {
        dataBegun++;
        simpleParser(stream).then(
          () => {
            received++;
            done();
          },
          () => {
            aborted++;
            done();
          },
        );
      },
    });
    const pool = new SmtpPool(createTransport(server.url));
    // Warm the pool: the second send goes over a reused connection and must not be retried.
    expect((await deliver(pool.transport, composed().message, { pool })).status).toBe('sent');
    const outcome = await deliver(pool.transport, composed().message, {
      pool,
      beforeBody: () => Promise.reject(new Error('the ledger does not answer')),
    });
    await pool.close();
    expect(outcome).toMatchObject({
      status: 'transient',
      reason: expect.stringContaining('the ledger does not answer'),
    });
    expect(received).toBe(1);
    // DATA was begun once more and dropped before the final dot: the server discarded it.
    for (let i = 0; i < 50 && aborted === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([dataBegun, aborted]).toEqual([2, 1]);
  });
});
