/** The app as a bench runs it: a child process whose JSON log says where it listens. */
import type { ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

/**
 * The URL the app listens on, read from its "listening" log line (within 60 s, or the child is
 * killed); also the log's line reader, for benches that read more of it.
 */
export async function listeningUrl(child: ChildProcess): Promise<{ url: string; lines: Interface }> {
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the app did not start listening within 60 s'));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening`)));
    lines.on('line', (l) => {
      try {
        const o = JSON.parse(l) as { port?: number; msg?: string };
        if (o.port && /listening/.test(o.msg ?? '')) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${o.port}`);
        }
      } catch {
        /* not a log line */
      }
    });
  });
  return { url, lines };
}
