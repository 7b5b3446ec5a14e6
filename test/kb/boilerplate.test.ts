import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commonThreshold, isBoilerplate, SentenceCounter } from '../../src/kb/boilerplate.js';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { toAnswerArticle } from '../../src/answer/build-answer.js';
import { removeTemp, writeTempCorpus } from '../fixtures/fixture-files.js';

/** Written for the tests: a disclaimer every hotfix article carries, and text only one article has. */
const DISCLAIMER =
  'A supported fix is now available, but it is only intended to correct the problem that is described in this article. ' +
  'Apply it only to computers that are experiencing this specific problem. This fix may receive additional testing.';

function runbook(i: number): string {
  return [
    '---',
    `id: RB-TEST-${i}`,
    `title: Widget service ${i} stops after the nightly update`,
    '---',
    '',
    '## Symptoms',
    '',
    `The widget service number ${i} stops every night at ${i} o'clock with error ${1000 + i} in the log.`,
    '',
    '## Resolution',
    '',
    DISCLAIMER,
    '',
    `To resolve this problem, set the widget timeout of service ${i} to ${i * 10} seconds and restart it.`,
    '',
  ].join('\n');
}

describe('boilerplate recognised from the corpus', () => {
  test('a sentence is common once it recurs in enough articles, few in a small corpus and at most 40', () => {
    assert.equal(commonThreshold(3), 3);
    assert.equal(commonThreshold(12_000), 12);
    assert.equal(commonThreshold(57_000), 40);
    const counter = new SentenceCounter();
    for (let i = 0; i < 5; i++)
      counter.add([DISCLAIMER, `Article ${i} says something of its own about widget ${i} today.`]);
    const common = counter.finish();
    assert.ok(isBoilerplate(DISCLAIMER, common));
    assert.ok(
      isBoilerplate(DISCLAIMER.replace(/ /g, '\n  '), common),
      'wrapped otherwise, the same paragraph',
    );
    assert.ok(!isBoilerplate('Article 2 says something of its own about widget 2 today.', common));
    assert.ok(!isBoilerplate(DISCLAIMER, undefined), 'no statistics, nothing is boilerplate');
  });

  test('two articles sharing a paragraph do not make it boilerplate', () => {
    const counter = new SentenceCounter();
    counter.add([DISCLAIMER]);
    counter.add([DISCLAIMER]);
    assert.ok(!isBoilerplate(DISCLAIMER, counter.finish()));
  });

  describe('through the knowledge base, in memory and from its snapshot', () => {
    let dir: string;
    let cache: string;
    before(async () => {
      const files: Record<string, string> = {};
      for (let i = 1; i <= 6; i++) files[`rb-${i}.md`] = runbook(i);
      dir = await writeTempCorpus(files, 'kbbot-boilerplate-');
      cache = await writeTempCorpus({}, 'kbbot-boilerplate-cache-');
    });
    after(async () => {
      await removeTemp(dir);
      await removeTemp(cache);
    });

    for (const snapshot of [false, true]) {
      test(`the disclaimer is folded and the fix is the setting to change (${snapshot ? 'snapshot' : 'in memory'})`, async () => {
        const opts = { contentDir: dir, cacheDir: snapshot ? cache : undefined, snapshotMinFiles: 1 };
        if (snapshot) (await KnowledgeBase.open(opts)).close();
        const kb = await KnowledgeBase.open(opts);
        assert.equal(kb.fromSnapshot, snapshot);
        const art = toAnswerArticle((await kb.article('RB-TEST-3'))!, [], kb.context);
        assert.deepEqual(art.boilerplate, [DISCLAIMER]);
        assert.ok(!JSON.stringify(art.blocks?.resolution).includes('Apply it only'), 'not in the resolution');
        assert.deepEqual(art.fix, [
          {
            kind: 'text',
            text: 'To resolve this problem, set the widget timeout of service 3 to 30 seconds and restart it.',
          },
        ]);
        kb.close();
      });
    }
  });
});

test('a disclaimer whose last sentence names the product is still boilerplate: three common sentences, half its text', () => {
  const counter = new SentenceCounter();
  const common = [
    'A supported fix is now available, but it is only intended to correct this problem.',
    'Apply it only to computers that are experiencing this specific problem.',
    'This fix may receive additional testing of its own.',
  ];
  for (let i = 0; i < 4; i++)
    counter.add([
      common.join(' '),
      `Wait for the next service pack of product number ${i} that contains this hotfix, product ${i}.`,
    ]);
  const bits = counter.finish();
  assert.ok(
    isBoilerplate(
      `${common.join(' ')} Therefore, wait for the next Widget Server 2000 service pack that contains this hotfix now.`,
      bits,
    ),
  );
  assert.ok(
    !isBoilerplate(
      `${common[1]} The widget service on this computer must then be started again by hand from its own console window.`,
      bits,
    ),
    'one common sentence in two',
  );
});
