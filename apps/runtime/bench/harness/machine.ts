import { cpus, loadavg, totalmem } from 'node:os';

/** What a figure was measured on, e.g. `AMD EPYC 7B13 × 2, 24 GiB, Node v20.20.2, PostgreSQL 18.1, 2026-11-24 01:30 UTC`. */
export function machineLine(postgresVersion: string): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return `${cpu} × ${cpus().length}, ${gib} GiB RAM, Node ${process.version}, ${postgresVersion}, ${date} UTC`;
}

/** 1/5/15-minute load averages: the machine is shared, so say how busy it was. */
export function loadLine(): string {
  return loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
}
