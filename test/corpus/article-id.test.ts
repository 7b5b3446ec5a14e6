import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalId, idAliases, idKey, kbId } from '../../src/corpus/article-id.js';

describe('article ids', () => {
  test('canonicalises every spelling of a KB number to Q + digits without leading zeros', () => {
    assert.deepEqual(
      ['Q214864', 'q214864', 'KB214864', 'kb 214864', 'KB-214864', '214864', '0214864', ' Q0214864 '].map(
        canonicalId,
      ),
      Array(8).fill('Q214864'),
    );
  });

  test('keeps a runbook id as written (trimmed)', () => {
    assert.equal(canonicalId(' RB-DNS-4013 '), 'RB-DNS-4013');
  });

  test('gives a KB article the aliases KB… and the digits, and a runbook none', () => {
    assert.deepEqual(idAliases('Q214864'), ['KB214864', '214864']);
    assert.deepEqual(idAliases('RB-0042'), []);
  });

  test('looks ids up by digits for KB numbers and by lower case otherwise', () => {
    assert.deepEqual(['Q214864', 'KB214864', '214864', 'kb 0214864'].map(idKey), Array(4).fill('214864'));
    assert.equal(idKey('RB-DNS-4013'), 'rb-dns-4013');
  });

  test('builds a KB id from a number', () => {
    assert.equal(kbId(811406), 'Q811406');
    assert.equal(kbId('0042'), 'Q42');
  });
});
