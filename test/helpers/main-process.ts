/** `npm start` (src/server/main.ts) as a child process, for black-box tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

const MAIN = path.join(PACKAGE_ROOT, 'src', 'server', 'main.ts');
const TSX = import.meta.resolve('tsx');

/** `npm start` as a process with only the given settings; resolves with its URL once it listens. */
export async function startMain(
  env: Record<string, string>,
  cwd: string,
): Promise<{ child: ChildProcess; url: string; lines: Array<Record<string, unknown>> }> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      KB_DATA_DIR: 'memory://',
      KB_WATCH: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('did not listen within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      lines.push(o);
      if (typeof o.port === 'number' && /listening/.test(String(o.msg))) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${o.port}`);
      }
    });
  });
  return { child, url, lines };
}

export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function healthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('not healthy');
}
