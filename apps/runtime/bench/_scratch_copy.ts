import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startBenchCluster } from './harness/cluster.js';

const N = 200000;
const cluster = await startBenchCluster();
const sql = cluster.pool(2);
try {
  console.log(
    await sql`select datcollate, datctype, datlocprovider from pg_database where datname = current_database()`,
  );
  const [ws] = await sql`insert into workspaces (name) values ('x') returning id`;
  async function* lines() {
    let chunk = '';
    for (let i = 0; i < N; i++) {
      chunk += `${ws!.id}\tperson.${i}@bench.example\t${JSON.stringify({ email: `Person.${i}@Bench.Example`, first_name: `Person ${i}`, seats: i % 500, trial_ends: '2026-03-01', newsletter: true, tags: ['pro', 'beta'] })}\n`;
      if (chunk.length > 65536) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  await pipeline(Readable.from(lines()), createWriteStream('/tmp/impexp/c.copy'));
  const variants: Record<string, string[]> = {
    bare: [],
    pk: ['alter table t add primary key (workspace_id, id)'],
    pkC: [
      'alter table t alter column id type text collate "C"',
      'alter table t add primary key (workspace_id, id)',
    ],
    email: [
      `create index on t (workspace_id, (coalesce(lower(attributes ->> 'email'), '') collate "C"), (id collate "C"))`,
    ],
    fk: ['alter table t add foreign key (workspace_id) references workspaces (id)'],
    all: [
      'alter table t add primary key (workspace_id, id)',
      `create index on t (workspace_id, (coalesce(lower(attributes ->> 'email'), '') collate "C"), (id collate "C"))`,
      'alter table t add foreign key (workspace_id) references workspaces (id)',
    ],
    allC: [
      'alter table t alter column id type text collate "C"',
      'alter table t add primary key (workspace_id, id)',
      `create index on t (workspace_id, (coalesce(lower(attributes ->> 'email'), '') collate "C"), (id collate "C"))`,
      'alter table t add foreign key (workspace_id) references workspaces (id)',
    ],
  };
  for (const round of [1, 2])
    for (const [name, ddl] of Object.entries(variants)) {
      await sql`drop table if exists t`;
      await sql`create table t (workspace_id uuid not null, id text not null, attributes jsonb not null default '{}', created_at timestamptz not null default now(), updated_at timestamptz not null default now())`;
      for (const d of ddl) await sql.unsafe(d);
      await sql`checkpoint`;
      const s = performance.now();
      await pipeline(
        createReadStream('/tmp/impexp/c.copy'),
        await sql`copy t (workspace_id, id, attributes) from stdin`.writable(),
      );
      console.log(round, name, ((performance.now() - s) / 1000).toFixed(2));
    }
} finally {
  await sql.end();
  await cluster.stop();
}
