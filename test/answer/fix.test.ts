import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isActionable, pickFix, sentences } from '../../src/answer/fix.js';
import { splitBlocks } from '../../src/answer/text-blocks.js';

describe('pickFix', () => {
  test('the update to obtain, not the heading above it nor the "click the article" sentence after it', () => {
    const blocks = splitBlocks(
      'Cumulative Patch Information\n\nTo resolve this problem, obtain the March 2003 Rollup. For additional information, click the following article number:\n\n813840 XGEN: March 2003 Rollup',
    );
    assert.deepEqual(pickFix([blocks]), [
      { kind: 'text', text: 'To resolve this problem, obtain the March 2003 Rollup.' },
    ]);
  });

  test('steps with the sentence that introduces them', () => {
    const blocks = splitBlocks(
      'This happens when the key is missing.\n\nTo fix it, follow these steps:\n\n1. Start Regedt32.exe.\n2. Quit.',
    );
    assert.deepEqual(pickFix([blocks]), [
      { kind: 'text', text: 'To fix it, follow these steps:' },
      { kind: 'steps', items: [{ text: 'Start Regedt32.exe.' }, { text: 'Quit.' }] },
    ]);
  });

  test('a command under the sentence comes with it', () => {
    const blocks = splitBlocks('Run the following command:\n\n   net stop msexchangemta');
    assert.deepEqual(pickFix([blocks]), [
      { kind: 'text', text: 'Run the following command:' },
      { kind: 'pre', text: 'net stop msexchangemta' },
    ]);
  });

  test('in boilerplate only a sentence that says it resolves the problem counts', () => {
    const common =
      'A fix is available. Apply it only to computers that are experiencing this specific problem.';
    const blocks = splitBlocks(
      `${common}\n\nTo resolve this problem immediately, contact Product Support Services.`,
    );
    assert.equal(
      pickFix([blocks], undefined, (t) => t === common),
      undefined,
    );
    const phone = 'To resolve this problem, obtain the latest service pack for Windows NT 4.0.';
    assert.deepEqual(
      pickFix([splitBlocks(phone)], undefined, () => true),
      [{ kind: 'text', text: phone }],
    );
  });

  test('nothing to do in the resolution: the release that corrected it, from the status', () => {
    const status =
      'Microsoft has confirmed this to be a problem in Windows NT 4.0 Service Pack 4. This problem was first\ncorrected in Windows NT version 4.0 Service Pack 5.';
    assert.deepEqual(pickFix([splitBlocks('This problem is described below.')], status), [
      { kind: 'text', text: 'This problem was first corrected in Windows NT version 4.0 Service Pack 5.' },
    ]);
  });
});

describe('actionable sentences', () => {
  test('imperatives, "To do X, do Y", "you can", and the doing as the subject', () => {
    for (const s of [
      'Retype the command line in lowercase.',
      'To switch the focus, click anywhere in the window.',
      'You can use the EQU directive to create an alias.',
      'Setting EMMEXCLUDE=C000-C7FF in SYSTEM.INI enables enhanced mode.',
      'Manually delete or rename LANMAN.DRV.',
      'Microsoft recommends that you quit and restart Windows.',
    ]) {
      assert.ok(isActionable(s), s);
    }
    for (const s of [
      'This problem occurs because the key is missing.',
      'For additional information, click the following article number:',
      'Microsoft has confirmed this to be a problem.',
    ]) {
      assert.ok(!isActionable(s), s);
    }
  });

  test('a sentence does not end after an initial or an abbreviation', () => {
    assert.deepEqual(
      sentences('It is corrected in the latest U.S. Service Pack. See e.g. Exchange 5.5. Done.'),
      ['It is corrected in the latest U.S. Service Pack.', 'See e.g. Exchange 5.5.', 'Done.'],
    );
  });

  test('"…is as follows:" over code is the fix', () => {
    const blocks = splitBlocks(
      'In versions before 6.0, a simple way to calculate the value is as follows:\n\n      MSG DB "hello"\n      MSG_LEN EQU $-MSG',
    );
    assert.deepEqual(pickFix([blocks]), [
      { kind: 'text', text: 'In versions before 6.0, a simple way to calculate the value is as follows:' },
      { kind: 'pre', text: 'MSG DB "hello"\nMSG_LEN EQU $-MSG' },
    ]);
  });
});
