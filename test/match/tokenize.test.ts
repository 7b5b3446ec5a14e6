import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/match/tokenize.js';

describe('tokenize', () => {
  test('lower-cases and splits on everything but letters and digits', () => {
    assert.deepEqual(tokenize('Register LDAP-SSL protocol failed (error 0x2741).'), [
      'register',
      'ldap',
      'ssl',
      'protocol',
      'failed',
      'error',
      '0x2741',
    ]);
  });

  test('folds accents so café and CAFÉ and cafe are one word', () => {
    assert.deepEqual(tokenize('café CAFÉ cafe naïve Überprüfen'), [
      'cafe',
      'cafe',
      'cafe',
      'naive',
      'uberprufen',
    ]);
  });

  test('keeps words of non-Latin scripts', () => {
    assert.deepEqual(tokenize('エラー 0x2741'), ['エラー', '0x2741']);
  });

  test('drops runs longer than 40 characters (hashes, base64)', () => {
    assert.deepEqual(tokenize(`before ${'a'.repeat(41)} ${'b'.repeat(40)} after`), [
      'before',
      'b'.repeat(40),
      'after',
    ]);
  });

  test('gives nothing for punctuation only', () => {
    assert.deepEqual(tokenize(' ... --- !!! '), []);
  });
});
