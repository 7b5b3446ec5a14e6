import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { renderAnswerText } from '../../src/render/text.js';
import type { Answer } from '../../src/answer/types.js';

const ANSWER: Answer = {
  query: 'Register LDAP SSL protocol failed with error 0x2741',
  answered: true,
  confidence: 0.93,
  article: {
    id: 'Q214864',
    title: 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
    appliesTo: ['Microsoft Exchange Server, versions 5.0, 5.5'],
    url: 'https://support.microsoft.com/kb/214864',
    symptomExcerpt: 'Register LDAP SSL protocol failed with error 10049.',
    cause: 'Service Pack 4 returns addresses in bind order.',
    resolution: {
      intro: 'Do this:',
      steps: [{ text: 'Install SP5.' }, { text: 'Restart.' }],
      text: 'Do this:\n1. Install SP5.\n2. Restart.',
    },
    status: 'Fixed in SP5.',
  },
  why: [{ kind: 'code', detail: 'error 0x2741 (10049)' }],
  alternatives: [
    { id: 'Q811406', title: 'Event ID 4283, MTA May Stop Accepting Incoming Connections', confidence: 0.1 },
  ],
  codes: [
    {
      kind: 'win32',
      value: 10049,
      hex: '0x00002741',
      name: 'WSAEADDRNOTAVAIL',
      message: 'The requested address is not valid in its context.',
    },
  ],
};

describe('renderAnswerText', () => {
  test('draws the card: code, title, id with URL and confidence, applies-to, why, sections, numbered steps, alternatives', () => {
    assert.equal(
      renderAnswerText(ANSWER),
      [
        'What this code means: 0x00002741 = 10049 = WSAEADDRNOTAVAIL: The requested address is not valid in its context.',
        '',
        '# Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
        'Q214864 · https://support.microsoft.com/kb/214864 · confidence 93%',
        'Applies to: Microsoft Exchange Server, versions 5.0, 5.5',
        'Why: error 0x2741 (10049)',
        '',
        '## Symptoms',
        'Register LDAP SSL protocol failed with error 10049.',
        '',
        '## Cause',
        'Service Pack 4 returns addresses in bind order.',
        '',
        '## Resolution',
        'Do this:',
        '1. Install SP5.',
        '2. Restart.',
        '',
        '## Status',
        'Fixed in SP5.',
        '',
        '## Other close matches',
        '- Q811406 Event ID 4283, MTA May Stop Accepting Incoming Connections',
      ].join('\n'),
    );
  });

  test('lists the closest articles instead of a card when not answered, naming the code when there is one', () => {
    assert.equal(
      renderAnswerText({ ...ANSWER, answered: false, confidence: 0.31 }),
      [
        'What this code means: 0x00002741 = 10049 = WSAEADDRNOTAVAIL: The requested address is not valid in its context.',
        '',
        'No article matched this paste with confidence; the code above is what is known.',
        '',
        'Closest articles, in case one fits:',
        '- Q214864 Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
        '- Q811406 Event ID 4283, MTA May Stop Accepting Incoming Connections',
        '',
        'Try the exact error text, an event id with its source, or an error code.',
      ].join('\n'),
    );
  });

  test('gives the best guess as a percentage when not answered and no code is known', () => {
    const text = renderAnswerText({ ...ANSWER, answered: false, confidence: 0.31, codes: [] });
    assert.equal(text.split('\n')[0], 'No confident match (best 31%).');
    assert.ok(!text.includes('## Resolution'), 'no card for a guess');
  });

  test('prints the resolution text when there are no steps', () => {
    const text = renderAnswerText({
      ...ANSWER,
      article: { ...ANSWER.article!, resolution: { steps: [], text: 'Install the latest service pack.' } },
    });
    assert.ok(text.includes('## Resolution\nInstall the latest service pack.'));
  });

  test('shows the notice first, and only the code when no article matched', () => {
    const text = renderAnswerText({
      ...ANSWER,
      article: undefined,
      answered: false,
      alternatives: [],
      notice: 'The paste was long.',
    });
    assert.equal(
      text,
      [
        'Note: The paste was long.',
        '',
        'What this code means: 0x00002741 = 10049 = WSAEADDRNOTAVAIL: The requested address is not valid in its context.',
        '',
        'No article matched this paste; the code above is what is known.',
      ].join('\n'),
    );
  });

  test('asks for a better paste when nothing matched and no code is known', () => {
    const text = renderAnswerText({
      query: 'x',
      answered: false,
      confidence: 0,
      why: [],
      alternatives: [],
      codes: [],
    });
    assert.equal(
      text,
      'No confident match. Try the exact error text, an event id with its source, or an error code.',
    );
  });
});

describe('renderAnswerText on a paste about a product the knowledge base does not cover', () => {
  test('says which product and still lists the closest articles', () => {
    const text = renderAnswerText({
      ...ANSWER,
      answered: false,
      confidence: 0.2,
      codes: [],
      outOfScope: ['Windows 10'],
    });
    assert.match(text, /This looks like Windows 10, which no article in this knowledge base covers\./);
    assert.match(text, /Closest articles, in case one fits:\n- Q214864/);
  });

  test('says nothing of scope when it answers', () => {
    assert.doesNotMatch(renderAnswerText({ ...ANSWER, outOfScope: ['Windows 10'] }), /looks like/);
  });
});
