/**
 * Run by embedded.integration.test.ts as a separate process that the test SIGKILLs:
 * starts the embedded server on argv[2], writes a row, prints the URL, then idles.
 */
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded';

const embedded = await startEmbeddedPostgres({ dataDir: process.argv[2]! });
const client = new pg.Client({ connectionString: embedded.url });
await client.connect();
await client.query('CREATE TABLE IF NOT EXISTS survivors (name text)');
await client.query(`INSERT INTO survivors VALUES ('written before SIGKILL')`);
await client.end();
process.stdout.write(`${embedded.url}\n`);
setInterval(() => {}, 1_000);
