import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyLane } from '../../src/server/reply-lane.js';

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
});
