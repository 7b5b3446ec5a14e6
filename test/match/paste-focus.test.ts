import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { segmentPaste } from '../../src/match/paste-focus.js';

const weightOf = (segments: ReturnType<typeof segmentPaste>, part: string) =>
  segments.find((s) => s.text.includes(part))?.weight;

describe('segmentPaste', () => {
  test('the error in a post counts fully and the chat around it less', () => {
    const s = segmentPaste(
      [
        'Hi all, since this morning our mail server has been acting up and I have no idea why.',
        'Event ID 4283 MSExchangeMTA: a non-delivery report with reason code 1 and diagnostic code 0x2110 was generated.',
        'I have tried restarting the services. Any ideas?',
      ].join('\n'),
      0.35,
    );
    assert.equal(weightOf(s, 'Event ID 4283'), 1);
    assert.equal(weightOf(s, 'Hi all'), 0.35);
    assert.equal(weightOf(s, 'tried restarting'), 0.35);
  });

  test("a description in the person's own words keeps every word at full weight", () => {
    const s = segmentPaste(
      'every now and then a disk fills up and then my server runs chkdsk at every boot\nwe never had this before',
      0.35,
    );
    assert.deepEqual(
      s.map((x) => x.weight),
      [1, 1],
    );
  });

  test('segments in another language are marked, English ones and quoted English errors are not', () => {
    const s = segmentPaste(
      [
        'Mein NT 4.0 stürzt beim Booten ab und ich kann nicht mehr arbeiten.',
        'STOP: C0000221 {Bad Image Checksum} winsrv.dll is probably corrupt',
        'Mon serveur ne démarre plus depuis que j’ai installé le Service Pack.',
        'The server does not start since the service pack was installed.',
      ].join('\n'),
      0.35,
    );
    assert.deepEqual(
      s.map((x) => x.otherLanguage),
      [true, false, true, false],
    );
  });

  test('in a post written in another language, its short sentences are that language too', () => {
    const s = segmentPaste(
      'Outlook ist auf automatisches Speichern eingestellt, aber nichts landet im Ordner Entwürfe, wenn ich tippe.\n' +
        'Hab so eine halbe Mail verloren.\n' +
        'The message is not saved to the Drafts folder.',
      0.35,
    );
    assert.deepEqual(
      s.map((x) => x.otherLanguage),
      [true, true, false],
    );
    // Alone, one such word does not make an English line another language.
    assert.deepEqual(
      segmentPaste('Hab so eine halbe Mail verloren in the Drafts folder of the mailbox.', 0.35).map(
        (x) => x.otherLanguage,
      ),
      [false],
    );
  });

  test('a long one-line post is weighed sentence by sentence', () => {
    const post =
      'I am getting this on a customer machine and we are out of ideas, the vendor does not answer and nobody else seems to have it. ' +
      'Error 0x80070005: Access is denied. ' +
      'Thanks in advance for any help you can give me on this, I really appreciate it.';
    const s = segmentPaste(post, 0.35);
    assert.equal(s.length, 3);
    assert.equal(weightOf(s, '0x80070005'), 1);
    assert.ok(weightOf(s, 'Thanks')! < 0.5);
  });

  test('blank lines are dropped and an empty paste has no segments', () => {
    assert.deepEqual(segmentPaste('', 0.35), []);
    assert.equal(segmentPaste('\n\n  \nSTOP 0x0000001E\n\n', 0.35).length, 1);
  });
});

describe('segmentPaste in other languages', () => {
  test('German chat around an English STOP message counts less than the message', () => {
    const s = segmentPaste(
      'Hallo zusammen, ich habe seit gestern ein Problem mit meinem Server.\nSTOP: C0000221 {Bad Image Checksum} winsrv.dll is probably corrupt.\nDanke für jede Hilfe!',
      0.35,
    );
    assert.equal(weightOf(s, 'C0000221'), 1);
    assert.equal(weightOf(s, 'Hallo'), 0.35);
    assert.equal(weightOf(s, 'Danke'), 0.35);
  });
});

describe('segmentPaste does not take error wording for chat', () => {
  test('"I/O" and "System.IO" are not the person speaking', () => {
    const s = segmentPaste(
      'Hi, anyone seen this before? Thanks.\nThe device reported an I/O error on the disk.\nSystem.IO.FileNotFoundException: could not find file',
      0.35,
    );
    assert.ok(weightOf(s, 'I/O error')! > 0.35);
    assert.equal(weightOf(s, 'System.IO'), 1);
    assert.equal(weightOf(s, 'anyone seen this'), 0.35);
  });
});
