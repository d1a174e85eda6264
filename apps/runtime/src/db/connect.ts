import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/** Opens a postgres.js pool. Columns come back camelCased (`workspace_id` → `workspaceId`). */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: postgres.camel,
    connection: { application_name: 'crossroads' },
  });
}
