import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { MatchPool } from '../../src/kb/match-pool.js';
import { BACKGROUND_NICE } from '../../src/threads/priority.js';
import { eventually, SEED_CONTENT } from '../helpers/http.js';

/** Each thread of this process and its nice value (Linux /proc). */
function threadNice(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after "(comm) ": state is the 1st, nice the 17th.
    out.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return out;
}

const linux = existsSync('/proc/thread-self');
const mainNice = linux ? threadNice().get(process.pid)! : 0;
const skip = !linux
  ? 'thread priorities are read from Linux /proc'
  : mainNice >= BACKGROUND_NICE
    ? `this process already runs at nice ${mainNice}`
    : false;

describe('thread priorities', { skip }, () => {
  const pool = new MatchPool({ size: 2 });
  after(() => pool.close());

  test('matching threads that serve a corpus run below the main thread, which keeps its priority', async () => {
    const before = threadNice();
    await pool.load({ contentDir: SEED_CONTENT });
    // The second worker opens in the background; wait on the pool's own signal.
    await eventually(
      async () => (pool.loading ? undefined : true),
      20_000,
      'every worker to open the seed content',
    );
    const now = threadNice();
    const lowered = [...now].filter(([tid, nice]) => nice === BACKGROUND_NICE && before.get(tid) !== nice);
    assert.equal(lowered.length, 2, `two matching threads lowered (${JSON.stringify([...now])})`);
    assert.equal(now.get(process.pid), mainNice, 'the main thread keeps its priority');
  });
});
