import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, looksBinary } from '../../src/corpus/decode-text.js';

describe('decodeText', () => {
  test('turns CRLF and lone CR into LF', () => {
    assert.equal(decodeText(Buffer.from('a\r\nb\rc\n')), 'a\nb\nc\n');
  });

  test('reads valid UTF-8 as UTF-8', () => {
    assert.equal(decodeText(Buffer.from('Größe café ’ サーバー', 'utf8')), 'Größe café ’ サーバー');
  });

  test('drops a UTF-8 byte order mark', () => {
    assert.equal(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x0d, 0x0a])), 'A\n');
  });

  test('falls back to Windows-1252 when the bytes are not UTF-8 (0x92 → ’, 0xE9 → é, 0x93/0x94 → “ ”)', () => {
    assert.equal(
      decodeText(
        Buffer.from([0x43, 0x61, 0x6e, 0x92, 0x74, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x78, 0x94]),
      ),
      'Can’t café “x”',
    );
  });
});

describe('looksBinary', () => {
  test('calls bytes with a NUL binary', () => {
    assert.equal(looksBinary(Buffer.from([0x41, 0x00, 0x42])), true);
  });

  test('calls text with tabs and line ends not binary', () => {
    assert.equal(looksBinary(Buffer.from('a\tb\r\nc\n')), false);
  });

  test('calls bytes with many control characters binary', () => {
    assert.equal(looksBinary(Buffer.from([1, 2, 3, 4, 0x41, 0x42, 0x43])), true);
  });

  test('calls an empty buffer not binary', () => {
    assert.equal(looksBinary(new Uint8Array(0)), false);
  });
});
