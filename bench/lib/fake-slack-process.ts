/**
 * The test suite's fake Slack (test/slack/helpers/fake-slack.ts) as a process of its own, for
 * bench:slack: parsing 200 replies' Block Kit in the bench's own process would slow the very
 * client that times the acks. It reports `{apiUrl, base}` once listening, then every 50 ms
 * the response_url posts received since: `[id, at, first block type]`.
 */
import { startFakeSlack } from '../../test/slack/helpers/fake-slack.js';

const slack = await startFakeSlack();
const base = slack.responseUrl('x').slice(0, -1);
process.send!({ type: 'ready', apiUrl: slack.apiUrl, base });
let sent = 0;
const timer = setInterval(() => {
  const calls = slack.calls;
  if (calls.length === sent) return;
  const posts = calls
    .slice(sent)
    .filter((c) => c.method === 'response_url' && c.status === 200)
    .map((c) => [c.responseId, c.at, c.body.blocks?.[0]?.type ?? null]);
  sent = calls.length;
  if (posts.length) process.send!({ type: 'posts', posts });
}, 50);
process.on('disconnect', () => {
  clearInterval(timer);
  void slack.close().then(() => process.exit(0));
});
