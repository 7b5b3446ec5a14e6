/**
 * Feedback re-ranks what the server answers: a "helpful" given through the API reaches the match
 * workers, raises that article for a close paraphrase, and leaves other pastes as they were.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { postJson, startTestServer, tempContent, type TestServer } from '../helpers/http.js';

let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  content = await tempContent(path.join(PACKAGE_ROOT, 'test', 'fixtures', 'golden-corpus'));
  server = await startTestServer({ contentDir: content.dir, poolSize: 2 });
});

after(async () => {
  await server.close();
  await content.remove();
});

const ask = async (text: string, lastQuery?: string) =>
  (await postJson(`${server.url}/api/ask`, { text, lastQuery })).body;
const ranking = (body: any): string[] => [
  body.reply.answer.article?.id ?? body.reply.answer.alternatives[0]?.id,
  ...body.reply.answer.alternatives.map((a: { id: string }) => a.id),
];

test('a "helpful" on the second match raises it for a close paraphrase, in every worker, and leaves other pastes alone', async () => {
  const paste = 'DSAccess could not contact a domain controller';
  const before = await ask(paste);
  const other = await ask('outlook cannot open default folders');
  const first = ranking(before);
  // The second match is the one a person marks helpful; it must not come first on its own.
  const second = first[1];
  assert.ok(second && second !== first[0], 'the paste has a second match');

  const ack = await ask(`helpful ${second}`, paste);
  assert.equal(ack.reply.kind, 'feedback-ack');
  assert.equal(server.store.feedback().length, 1);

  // Two workers: ask twice so both have answered with the feedback.
  for (let i = 0; i < 2; i++) {
    const after = await ask('DSAccess still could not contact a domain controller');
    assert.equal(
      after.reply.answer.article?.id ?? ranking(after)[0],
      second,
      `worker pass ${i}: the article marked helpful comes first`,
    );
    assert.ok(
      after.reply.answer.why.some((w: { kind: string }) => w.kind === 'feedback'),
      'why it matched says feedback',
    );
  }
  const otherAfter = await ask('outlook cannot open default folders');
  assert.deepEqual(ranking(otherAfter), ranking(other), 'an unrelated paste is ranked as before');
  assert.equal(otherAfter.reply.answer.confidence, other.reply.answer.confidence);
});
