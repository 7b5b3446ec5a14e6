import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createImageReader } from '../../src/ocr/index.js';
import { OcrEngine, BusyError } from '../../src/ocr/engine.js';
import { animatedGif, blankPng, fixture, fullScreenWith, hugePng, rampPng } from './images.js';

// One reader (one Tesseract thread) for the whole file: starting one costs about a second.
const reader = createImageReader();
after(() => reader.close());

describe('reading screenshots', () => {
  const cases: Array<[string, RegExp[]]> = [
    [
      'xp-service-1058.png',
      [
        /Could not start the Print Spooler service on Local Computer\./,
        /Error 1058: The service cannot be started/,
      ],
    ],
    [
      'console-1068.png',
      [
        /^net start wuauserv$/m,
        /System error 1068 has occurred\./,
        /dependency service or group failed to start/,
      ],
    ],
    [
      'event-dns-4013.jpg',
      [/^Event ID: 4013\nSource: DNS\nLevel: Warning\n/, /waiting for Active Directory Domain Services/],
    ],
    ['win10-0x80070005.jpg', [/Error code 0x80070005: Access is denied\./]],
    ['win2000-outlook.png', [/Unable to open your default e-mail folders\./]],
    [
      'eventxp-w32time-29.png',
      [
        /^Event ID: 29\nSource: W32Time\nLevel: Error\n/,
        /none of the sources are currently accessible\. Error 0x80070005\./,
      ],
    ],
  ];
  for (const [file, wanted] of cases) {
    it(`reads ${file}`, async () => {
      const r = await reader.read({ bytes: fixture(file), name: file });
      assert.ok(r.ok, JSON.stringify(r));
      for (const re of wanted) assert.match(r.text, re);
      assert.doesNotMatch(r.text, /^(OK|Microsoft Windows \[Version)/m);
    });
  }
});

describe('a whole screen captured with the dialog on it', () => {
  it('is enlarged like a dialog alone (its text is as small), so the code reads right', async () => {
    const r = await reader.read({ bytes: await fullScreenWith('xp-service-1058.png') });
    assert.ok(r.ok, JSON.stringify(r));
    assert.match(r.text, /Error 1058: The service cannot be started/);
  });
});

describe('bad images get a clear answer', () => {
  const expectProblem = async (bytes: Uint8Array, problem: string, message: RegExp, r = reader) => {
    const got = await r.read({ bytes });
    assert.equal(got.ok, false, JSON.stringify(got));
    if (got.ok) return;
    assert.equal(got.problem, problem);
    assert.match(got.message, message);
  };

  it('not an image', () => expectProblem(Buffer.from('%PDF-1.4 not a picture'), 'not-image', /not an image/));
  it('an empty file', () => expectProblem(new Uint8Array(0), 'not-image', /not an image/));
  it('a truncated PNG', async () =>
    expectProblem(fixture('xp-service-1058.png').subarray(0, 600), 'not-image', /not an image/));
  it('animated', async () => expectProblem(await animatedGif(), 'animated', /animated/));
  it('blank', async () => expectProblem(await blankPng(), 'blank', /blank/));
  it('no text on it', async () => expectProblem(await rampPng(), 'no-text', /no text/));
  it('too many pixels, refused from its header', async () =>
    expectProblem(await hugePng(), 'too-many-pixels', /too many pixels/));
  it('too many bytes', async () => {
    const small = createImageReader({ maxBytes: 1000 });
    try {
      await expectProblem(fixture('xp-service-1058.png'), 'too-large', /too large/, small);
    } finally {
      await small.close();
    }
  });
});

describe('the OCR threads', () => {
  it('refuse at once an image past the queue, while every thread is busy', async () => {
    const engine = new OcrEngine({ jobs: 1, queue: 0, timeoutMs: 30_000 });
    try {
      const png = fixture('xp-service-1058.png');
      const first = engine.recognize(png);
      await assert.rejects(engine.recognize(png), BusyError);
      assert.match((await first).text, /Error 1058/);
      assert.equal(engine.threads, 1);
    } finally {
      await engine.close();
    }
  });
});
