import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SmtpReceiver } from './smtpReceiver.js';

const runtimeDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface SmtpCeiling {
  emails: number;
  seconds: number;
  emailsPerSecond: number;
  /** CPU per email of the sender (compose + MIME + SMTP client) and of the receiver (this process). */
  senderCpuMs: number;
  receiverCpuMs: number;
}

/**
 * How many emails per second this machine can hand to the bench's SMTP receiver with nothing else
 * running: a child process sends `count` emails through the runtime's own channel code
 * (composeEmail → deliver over an SmtpPool, `concurrency` at a time), no database, no queue. A
 * journey that sends one email per contact can finish no more contacts per second than this.
 *
 * @example
 * const ceiling = await smtpCeiling(smtp, 5_000, 10);
 */
export async function smtpCeiling(
  smtp: SmtpReceiver,
  count: number,
  concurrency: number,
): Promise<SmtpCeiling> {
  const before = smtp.counts().received;
  const receiverCpu = process.cpuUsage();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/harness/smtpSender.ts', smtp.url, String(count), String(concurrency)],
    { cwd: runtimeDir, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`SMTP ceiling sender exited with ${code}: ${out}`);
  const received = smtp.counts().received - before;
  if (received !== count) throw new Error(`SMTP ceiling: sent ${count}, the receiver got ${received}`);
  const { seconds, cpuMs } = JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; cpuMs: number };
  const receiver = process.cpuUsage(receiverCpu);
  return {
    emails: count,
    seconds,
    emailsPerSecond: count / seconds,
    senderCpuMs: cpuMs / count,
    receiverCpuMs: (receiver.user + receiver.system) / 1000 / count,
  };
}
