/**
 * A throw-away PostgreSQL server for tests: `initdb` in a temporary folder, `postgres` on
 * 127.0.0.1 and a free port, run as an unprivileged user when the tests run as root.
 *
 * The server binaries are taken from KBBOT_TEST_PG_BIN, else the newest
 * /usr/lib/postgresql/<version>/bin, else /usr/local/bin. `findPostgresBin()` returns undefined
 * when there are none (or KBBOT_TEST_PG_BIN=none): the PostgreSQL half of the suite is then
 * skipped with `NO_POSTGRES`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const NO_POSTGRES = 'no PostgreSQL server binaries: install Debian postgresql';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/kbbot_test — a database made at start. */
  url: string;
  port: number;
  /** Makes a new empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast shutdown) keeping its data; `startServer()` brings it back on the same port. */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

function hasServer(dir: string): boolean {
  return existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));
}

export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.KBBOT_TEST_PG_BIN;
  if (fromEnv === 'none') return undefined; // skip the PostgreSQL half on purpose
  if (fromEnv && hasServer(fromEnv)) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = path.join(root, v, 'bin');
      if (hasServer(dir)) return dir;
    }
  }
  if (hasServer('/usr/local/bin')) return '/usr/local/bin';
  return undefined;
}

/** uid/gid to run the server as: ours, or (as root, whom PostgreSQL refuses) nobody's or kbbot-test's. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = (name: string) => {
    try {
      const uid = Number(
        execFileSync('id', ['-u', name], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
      const gid = Number(
        execFileSync('id', ['-g', name], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      );
      return Number.isInteger(uid) && uid > 0 ? { uid, gid } : undefined;
    } catch {
      return undefined;
    }
  };
  let user = lookup('nobody') ?? lookup('kbbot-test');
  if (!user) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'kbbot-test'], {
      stdio: 'ignore',
    });
    user = lookup('kbbot-test');
  }
  if (!user) throw new Error('no unprivileged user to run PostgreSQL as');
  return user;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(NO_POSTGRES);
  const user = serverUser();
  // As root, the server's user must reach the folder: /tmp rather than a TMPDIR that may be private.
  const base = mkdtempSync(path.join(user ? '/tmp' : os.tmpdir(), 'kbbot-pg-'));
  if (user) chownSync(base, user.uid, user.gid);
  const dataDir = path.join(base, 'data');
  const asUser = { ...(user ?? {}), cwd: base, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } };

  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
    { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await freePort();
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | null = null;
  let log = '';
  const killOnExit = () => child?.kill('SIGQUIT');
  process.on('exit', killOnExit);

  async function startServer(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) return; // already running
    log = '';
    const p = spawn(
      path.join(bin!, 'postgres'),
      [
        '-D',
        dataDir,
        '-k',
        base,
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=60',
      ],
      { ...asUser, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = p;
    p.stdout?.on('data', (d) => (log += d));
    p.stderr?.on('data', (d) => (log = (log + d).slice(-20_000)));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (p.exitCode !== null || p.signalCode !== null) throw new Error(`postgres exited at start:\n${log}`);
      const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.query('select 1');
        await c.end();
        return;
      } catch {
        await c.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`postgres not ready after 20 s:\n${log}`);
        await sleep(50);
      }
    }
  }

  async function stopServer(): Promise<void> {
    const p = child;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGINT'); // fast shutdown: disconnects clients, checkpoints
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 10_000)))]);
    clearTimeout(timer);
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGQUIT');
      await exited;
    }
    child = null;
  }

  let n = 0;
  async function createDatabase(name?: string): Promise<string> {
    const db = name ?? `kbbot_test_${process.pid}_${++n}`;
    if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`bad database name ${db}`);
    const c = new pg.Client(admin);
    await c.connect();
    try {
      await c.query(`create database ${db}`);
    } finally {
      await c.end();
    }
    return `postgres://postgres@127.0.0.1:${port}/${db}`;
  }

  try {
    await startServer();
  } catch (err) {
    await stopServer().catch(() => undefined);
    process.off('exit', killOnExit);
    rmSync(base, { recursive: true, force: true });
    throw err;
  }
  const url = await createDatabase('kbbot_test');
  return {
    url,
    port,
    createDatabase,
    stopServer,
    startServer,
    async stop() {
      await stopServer();
      process.off('exit', killOnExit);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
