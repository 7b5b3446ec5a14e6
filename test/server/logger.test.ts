import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOGGER = fileURLToPath(new URL('../../src/server/logger.ts', import.meta.url));

/** Runs `body` in a fresh Node process with the logger imported as `L`; its stdout. */
function run(body: string): Promise<{ code: number | null; stdout: string }> {
  const script = `import * as L from ${JSON.stringify(LOGGER)};\n${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

describe('the server log on stdout', () => {
  test('keeps every line written just before process.exit, in order', async () => {
    const { code, stdout } = await run(
      `const log = L.createLogger('info', L.stdoutDestination());
       for (let i = 0; i < 5000; i++) log.info({ i }, 'line');
       log.fatal('last words');
       process.exit(3);`,
    );
    assert.equal(code, 3);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { i?: number; msg: string });
    assert.equal(lines.length, 5001);
    assert.deepEqual(
      lines.slice(0, 5000).map((l) => l.i),
      Array.from({ length: 5000 }, (_, i) => i),
    );
    assert.equal(lines[5000].msg, 'last words');
  });

  test('never holds the event loop: with nobody reading stdout, the process goes on, and nothing is lost', {
    timeout: 60_000,
  }, async () => {
    // 2,000 lines of 200 bytes: several times what a pipe holds. A synchronous destination
    // would wait in the first write past the pipe's size until someone reads.
    const script = `import * as L from ${JSON.stringify(LOGGER)};
      const log = L.createLogger('info', L.stdoutDestination());
      for (let i = 0; i < 2000; i++) log.info({ i, pad: 'x'.repeat(150) }, 'line');
      setImmediate(() => process.stderr.write('event loop free\\n'));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    await new Promise<void>((resolve) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => d.includes('event loop free') && resolve()),
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stdout.resume();
    await new Promise((resolve) => child.on('close', resolve));
    assert.equal(stdout.trimEnd().split('\n').length, 2000);
  });
});
