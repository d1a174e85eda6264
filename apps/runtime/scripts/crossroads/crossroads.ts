import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError, importContacts } from './importCommand.js';

const USAGE = `Usage: pnpm crossroads import <file> --key-column <column> [options]

Imports contacts from a CSV or NDJSON file, with a progress bar and a report of rejected rows.

Options:
  --key-column <column>   the column that identifies each contact (required)
  --key id|email          what the key column holds (default: email when its name says so)
  --mode upsert|only-new|only-existing   (default: upsert)
  --column Header=attribute[:type]       map a column (repeat it); type: text, number, boolean,
                          date or list. Without any: every column, as text, named by its header
  --format csv|ndjson     (default: from the file's extension)
  --delimiter <char>      CSV only: , ; | or a tab (default: ,)
  --report <path>         where the rejected rows go (default: <file>-rejected.csv)
  --url <url>             the runtime's URL (or CROSSROADS_URL; default http://localhost:8080)
  --api-key <key>         an admin or ingest API key (or CROSSROADS_API_KEY)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'key-column': { type: 'string' },
      key: { type: 'string' },
      mode: { type: 'string' },
      column: { type: 'string', multiple: true, default: [] },
      format: { type: 'string' },
      delimiter: { type: 'string' },
      report: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, file, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 1;
  }
  if (command !== 'import') throw new CliError(`Unknown command '${command}'.\n\n${USAGE}`);
  if (!file || rest.length > 0) throw new CliError(`Name one file to import.\n\n${USAGE}`);
  const keyColumn = values['key-column'];
  if (!keyColumn)
    throw new CliError('--key-column is required: the column that identifies each contact (e.g. email)');
  const apiKey = values['api-key'] ?? process.env.CROSSROADS_API_KEY;
  if (!apiKey) throw new CliError('No API key: set --api-key or CROSSROADS_API_KEY (an admin or ingest key)');
  const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]) => {
    if (value !== undefined && !allowed.includes(value as T))
      throw new CliError(`--${flag} must be one of ${allowed.join(', ')}`);
    return value as T | undefined;
  };
  // `pnpm crossroads` runs in the workspace's root; paths are the caller's (INIT_CWD).
  const here = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const done = await importContacts(
    {
      url: values.url ?? process.env.CROSSROADS_URL ?? 'http://localhost:8080',
      apiKey,
      file: here(file),
      keyColumn,
      key: oneOf('key', values.key, ['id', 'email']),
      mode: oneOf('mode', values.mode, ['upsert', 'only-new', 'only-existing']),
      format: oneOf('format', values.format, ['csv', 'ndjson']),
      delimiter: values.delimiter,
      columns: values.column,
      report: values.report && here(values.report),
    },
    process.stdout,
  );
  return done.state === 'done' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `${error instanceof CliError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? error.message : (error?.stack ?? error)}\n`,
    );
    process.exitCode = 1;
  },
);
