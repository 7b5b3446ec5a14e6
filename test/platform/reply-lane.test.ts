import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyLane } from '../../src/platform/reply-lane.js';

/** Calls `lane.arrived()` once per event-loop turn, `times` times (or until `stop()`), logging each. */
function arrivals(lane: ReplyLane, order: string[], times = Infinity): { stop: () => void } {
  let n = 0;
  let stopped = false;
  const tick = () => {
    if (stopped || n >= times) return;
    n++;
    lane.arrived();
    order.push(`arrival ${n}`);
    setImmediate(tick);
  };
  setImmediate(tick);
  return { stop: () => (stopped = true) };
}

describe('ReplyLane', () => {
  test('lets one reply through per event-loop turn, so what arrived meanwhile runs in between', async () => {
    const lane = new ReplyLane();
    const order: string[] = [];
    const replies = [1, 2, 3].map((n) => lane.turn().then(() => order.push(`reply ${n}`)));
    // Something that arrives after the replies were queued (an incoming ack, say).
    setImmediate(() => order.push('ack'));
    await Promise.all(replies);
    assert.deepEqual(order, ['reply 1', 'ack', 'reply 2', 'reply 3']);
  });

  test('a turn asked for later still comes', async () => {
    const lane = new ReplyLane();
    await lane.turn();
    await lane.turn();
  });

  test('holds replies while requests keep arriving, and lets them through once the server has read them', async () => {
    const lane = new ReplyLane({ maxHoldMs: Number.MAX_SAFE_INTEGER });
    const order: string[] = [];
    arrivals(lane, order, 5);
    await Promise.all([1, 2].map((n) => lane.turn().then(() => order.push(`reply ${n}`))));
    assert.deepEqual(order, [
      'arrival 1',
      'arrival 2',
      'arrival 3',
      'arrival 4',
      'arrival 5',
      'reply 1',
      'reply 2',
    ]);
  });

  test('under a steady stream of requests a reply still goes out once it has waited maxHoldMs', async () => {
    let clock = 0;
    // Every look at the clock is 10 ms later: the hold runs out after a few turns, whatever the machine.
    const lane = new ReplyLane({ maxHoldMs: 50, now: () => (clock += 10) });
    const order: string[] = [];
    const stream = arrivals(lane, order);
    await lane.turn();
    stream.stop();
    const seen = order.length;
    assert.ok(seen >= 4, `the reply was held while requests arrived (${seen} arrivals before it)`);
    assert.ok(seen < 10, `and not longer than maxHoldMs (${seen} arrivals before it)`);
  });
});
