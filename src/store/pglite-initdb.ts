/**
 * `node pglite-initdb.js <dataDir> <options as JSON>`: creates a new embedded database and exits.
 *
 * Run as a process of its own by pglite-thread.ts: PGlite's `initdb` peaks near 800 MB of
 * WebAssembly and V8 memory, several times what serving queries takes, and a process returns
 * all of it when it exits (a thread leaves the server's resident high-water mark at that peak).
 */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

const [dataDir, options] = process.argv.slice(2);
try {
  const db = await PGlite.create(dataDir, JSON.parse(options ?? '{}') as PGliteOptions);
  await db.close();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
