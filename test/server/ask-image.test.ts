/** POST /api/ask with a screenshot as the body (what the playground sends for a pasted or dropped image). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OCR_LIMITS } from '../../src/ocr/index.js';
import { send, type TestServer, useTestServer } from '../helpers/http.js';
import { animatedGif, fixture } from '../ocr/images.js';

let server: TestServer;
useTestServer((s) => (server = s));

const askImage = (bytes: Uint8Array, type: string) =>
  send(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Blob([new Uint8Array(bytes)]),
  });

describe('POST /api/ask with an image', () => {
  test('a screenshot is read and answered; the reply keeps the text read and says so', async () => {
    const r = await askImage(fixture('win10-ldaps-10048.png'), 'image/png');
    assert.equal(r.status, 200);
    assert.equal(r.body.reply.kind, 'answer');
    assert.equal(r.body.reply.answer.article.id, 'RB-LDAP-636');
    assert.match(r.body.reply.answer.readFromImage, /Error 10048: Only one usage of each socket address/);
    assert.match(r.body.text, /Read from your screenshot: "Directory Service/);
  });

  test('an animated image is answered with a sentence saying so', async () => {
    const r = await askImage(await animatedGif(), 'image/gif');
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.reply.kind, /animated/.test(r.body.reply.text)], ['text', true]);
  });

  test('bytes that are not an image', async () => {
    const r = await askImage(Buffer.from('GIF89a but not really'), 'image/gif');
    assert.equal(r.status, 200);
    assert.match(r.body.reply.text, /not an image I can read/);
  });

  test('an image over the size limit is refused with 413 and a reason, before it is read', async () => {
    const r = await askImage(Buffer.alloc(OCR_LIMITS.maxBytes + 1), 'image/png');
    assert.equal(r.status, 413);
    assert.match(r.body.message, /image is too large \(more than 10 MB\)/);
  });
});
