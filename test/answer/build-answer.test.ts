import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  bestExcerpt,
  buildAnswer,
  clip,
  splitSteps,
  toAnswerArticle,
} from '../../src/answer/build-answer.js';
import { parseArticle } from '../../src/corpus/parse-article.js';
import { parseMarkdown } from '../../src/corpus/parse-markdown.js';
import { analyzeQuery } from '../../src/match/analyze-query.js';
import type { MatchResult } from '../../src/match/types.js';
import { MARKDOWN_RUNBOOK, archiveTxtBytes } from '../fixtures/fixture-files.js';

describe('splitSteps', () => {
  test('turns numbered lines into steps and joins their indented continuation lines', () => {
    const r = splitSteps(
      'Do this first:\n\n1. Open Services, and then open the\n   properties of the service.\n2) Type the password.\n3. Start the service.',
    );
    assert.equal(r.intro, 'Do this first:');
    assert.deepEqual(r.steps, [
      { text: 'Open Services, and then open the properties of the service.' },
      { text: 'Type the password.' },
      { text: 'Start the service.' },
    ]);
  });

  test('turns - and • bullets into steps', () => {
    assert.deepEqual(
      splitSteps('- one\n• two\n* three').steps.map((s) => s.text),
      ['one', 'two', 'three'],
    );
  });

  test('keeps prose without steps as intro and text, unwrapped to its first paragraph', () => {
    const r = splitSteps('To resolve this problem, obtain\nthe latest service pack.\n\nSecond paragraph.');
    assert.deepEqual(r.steps, []);
    assert.equal(r.intro, 'To resolve this problem, obtain the latest service pack.');
    assert.equal(r.text, 'To resolve this problem, obtain\nthe latest service pack.\n\nSecond paragraph.');
  });

  test('gives no intro and no steps for an empty resolution', () => {
    assert.deepEqual(splitSteps(''), { intro: undefined, steps: [], text: '' });
  });

  test('does not take a version number or a year at the start of a line for a step', () => {
    assert.deepEqual(splitSteps('4.0 Service Pack 5 fixes this.\n2003 was the year.').steps, []);
  });
});

describe('bestExcerpt and clip', () => {
  test('picks the paragraph that shares the most words with the paste', () => {
    const text =
      'The first paragraph is about printers.\n\nThe second one says LDAP SSL failed.\n\nThe third is about disks.';
    assert.equal(bestExcerpt([text], ['ldap', 'ssl', 'failed']), 'The second one says LDAP SSL failed.');
  });

  test('prefers the first section (symptoms) unless a later one matches clearly better', () => {
    assert.equal(
      bestExcerpt(['Symptoms mention ldap.', 'Cause mentions ldap too.'], ['ldap']),
      'Symptoms mention ldap.',
    );
    assert.equal(
      bestExcerpt(
        ['Symptoms mention ldap.', 'Cause mentions ldap ssl port failed.'],
        ['ldap', 'ssl', 'port', 'failed'],
      ),
      'Cause mentions ldap ssl port failed.',
    );
  });

  test('unwraps hard-wrapped lines of the excerpt', () => {
    assert.equal(bestExcerpt(['one\ntwo\n   three'], []), 'one two three');
  });

  test('clips a long text at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(300).trim();
    const c = clip(text, 700);
    assert.ok(c.length <= 700, String(c.length));
    assert.ok(c.endsWith('word…'), c.slice(-10));
    assert.equal(clip('short', 700), 'short');
  });
});

describe('toAnswerArticle', () => {
  const archive = parseArticle(archiveTxtBytes(), 'Q123456.TXT');
  const runbook = parseMarkdown(MARKDOWN_RUNBOOK, 'rb.md');

  test('gives a KB article its support URL and numbered resolution steps', () => {
    const a = toAnswerArticle(archive, ['operation', 'failed']);
    assert.equal(a.id, 'Q123456');
    assert.equal(a.url, 'https://support.microsoft.com/kb/123456');
    assert.deepEqual(
      a.resolution.steps.map((s) => s.text),
      [
        'Run isinteg.exe -fix against the restored store.',
        'Restart the Microsoft Exchange Information Store service.',
      ],
    );
    assert.equal(a.cause, 'The restored store’s mailbox table still points at the old server.');
    assert.equal(a.status, 'Microsoft has confirmed this to be a problem in Exchange Server 5.5.');
    assert.deepEqual(a.appliesTo, archive.appliesTo);
  });

  test('takes the symptom excerpt from the paragraph the paste matches', () => {
    assert.equal(
      toAnswerArticle(archive, ['operation', 'failed', '0x8004011d']).symptomExcerpt,
      'The operation failed. (0x8004011D)',
    );
  });

  test('keeps a runbook URL and shows its workaround beside the resolution', () => {
    const a = toAnswerArticle(runbook, []);
    assert.equal(a.url, 'https://wiki.example/runbooks/spooler-7031');
    assert.equal(a.workaround, 'Restart the Print Spooler service.');
    assert.equal(a.resolution.steps[0].text, 'Remove the printer that uses badprint.dll.');
  });

  test('uses the workaround as the resolution when there is no resolution', () => {
    const only = parseMarkdown('---\nid: RB-9\ntitle: T\n---\n## Workaround\n1. Reboot.\n', 'w.md');
    const a = toAnswerArticle(only, []);
    assert.deepEqual(a.resolution.steps, [{ text: 'Reboot.' }]);
    assert.equal(a.workaround, undefined);
    assert.equal(a.url, undefined);
  });
});

describe('buildAnswer', () => {
  const archive = parseArticle(archiveTxtBytes(), 'Q123456.TXT');
  const result = (answered: boolean): MatchResult => ({
    query: analyzeQuery('The operation failed 0x8004011D'),
    results: [
      {
        id: 'Q123456',
        title: archive.title,
        score: 20,
        reasons: [{ kind: 'code', detail: 'error 0x8004011D (2147746077)' }],
      },
      { id: 'Q900104', title: 'Other', score: 10, reasons: [] },
      { id: 'Q900105', title: 'Third', score: 5, reasons: [] },
    ],
    confidence: 0.8,
    answered,
  });

  test('gives the top article, its reasons and alternatives with a share of the confidence', () => {
    const a = buildAnswer('The operation failed 0x8004011D', result(true), archive);
    assert.equal(a.answered, true);
    assert.equal(a.confidence, 0.8);
    assert.equal(a.article?.id, 'Q123456');
    assert.deepEqual(a.why, [{ kind: 'code', detail: 'error 0x8004011D (2147746077)' }]);
    assert.deepEqual(a.alternatives, [
      { id: 'Q900104', title: 'Other', confidence: 0.4 },
      { id: 'Q900105', title: 'Third', confidence: 0.2 },
    ]);
    assert.equal(a.query, 'The operation failed 0x8004011D');
  });

  test('is not answered when the article could not be read, even when the match was confident', () => {
    const a = buildAnswer('x', result(true), undefined);
    assert.equal(a.answered, false);
    assert.equal(a.article, undefined);
  });

  test('keeps the article as a suggestion when the match was not confident', () => {
    const a = buildAnswer('x', result(false), archive, [], 'a notice');
    assert.equal(a.answered, false);
    assert.equal(a.article?.id, 'Q123456');
    assert.equal(a.notice, 'a notice');
  });
});
