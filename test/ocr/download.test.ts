/** downloadImage: a redirect is refused when the URL came from a message (src/ocr/download.ts). */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { downloadImage } from '../../src/ocr/index.js';

describe('downloadImage and redirects', () => {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/secret' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('does not follow a redirect when told not to, and never asks its target', async () => {
    const got = await downloadImage(`${base}/moved`, { followRedirects: false });
    assert.equal(got.ok, false);
    assert.deepEqual(hits, ['/moved']);
  });

  it('follows one by default (Slack file links)', async () => {
    hits.length = 0;
    const got = await downloadImage(`${base}/moved`);
    assert.equal(got.ok, true);
    assert.deepEqual(hits, ['/moved', '/secret']);
  });
});
