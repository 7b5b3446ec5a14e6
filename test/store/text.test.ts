import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  identifierText,
  groupingKey,
  sanitizeText,
  similarityTokens,
  tokenSimilarity,
} from '../../src/store/text.js';
import { hashUserId } from '../../src/store/hash.js';

describe('the grouping key of unanswered pastes', () => {
  test('is the same for pastes that differ only in numbers, hex codes, GUIDs, times, dates, case and spacing', () => {
    const a =
      'Setup failed with 0x80070005 at 2024-05-01T10:12:01Z for {6F9619FF-8B86-D011-B42D-00C04FC964FF}, PID 4412, on 5/1/2024 10:12 AM';
    const b =
      'setup   failed with 0x8007000E at 2025-01-31 23:59:59.123+02:00 for 0ab619ff-8b86-d011-b42d-00c04fc964aa, PID 9,\non 12/31/2025 9:01 pm';
    assert.equal(groupingKey(a), groupingKey(b));
    assert.equal(groupingKey(a), 'setup failed with <hex> at <time> for <guid> , pid <n>, on <date> <time>');
  });

  test('keeps the words: different messages stay apart', () => {
    assert.notEqual(
      groupingKey('The printer spooler stopped (error 5)'),
      groupingKey('The print queue stopped (error 5)'),
    );
  });

  test('replaces bare hex codes such as c0000005 but keeps ordinary words', () => {
    assert.equal(
      groupingKey('Exception c0000005 in ntdll.dll, faulting module beef'),
      'exception <hex> in ntdll.dll, faulting module beef',
    );
  });
});

describe('the identifiers-only form of a paste', () => {
  test('keeps codes, numbers, file names and symbols, drops prose, names, e-mail addresses and links', () => {
    const ids = identifierText(
      'Hi, Jane Doe (jane.doe2@contoso.com) here. Outlook 0x800CCC0E, event 1035 from MSExchangeTransport, ' +
        'ERROR_ACCESS_DENIED in ntdll.dll; see https://intranet/x?id=77 — server mail01',
    );
    assert.equal(ids, '0x800CCC0E 1035 MSExchangeTransport ERROR_ACCESS_DENIED ntdll.dll mail01');
  });

  test('lists each identifier once', () => {
    assert.equal(identifierText('0x5 then 0x5 and 0X5'), '0x5');
  });
});

describe('paste similarity', () => {
  test('is 1 for the same words in another order, case or punctuation, and 0 for nothing in common', () => {
    const a = similarityTokens('Outlook error 0x800CCC0E: cannot connect to the SMTP server');
    assert.equal(
      tokenSimilarity(a, similarityTokens('outlook cannot connect to smtp server, error 0x800ccc0e')),
      1,
    );
    assert.equal(tokenSimilarity(a, similarityTokens('printer spooler crashed')), 0);
    assert.equal(tokenSimilarity(a, similarityTokens('')), 0);
  });

  test('weighs shared codes more than shared words', () => {
    const a = similarityTokens('install failed 0x80070005');
    const sharesTheCode = tokenSimilarity(a, similarityTokens('broke 0x80070005'));
    const sharesAWord = tokenSimilarity(a, similarityTokens('install 0x80240017'));
    assert.equal(sharesTheCode, 2 / 5);
    assert.equal(sharesAWord, 1 / 6);
  });

  test('treats simple word endings alike', () => {
    assert.equal(
      tokenSimilarity(similarityTokens('connecting to servers'), similarityTokens('connect server')),
      1,
    );
  });
});

test('text kept in the database has no NUL bytes and a bounded length', () => {
  assert.equal(sanitizeText('a\u0000b'), 'ab');
  assert.equal(sanitizeText('x'.repeat(20), 5), 'xxxxx');
});

test('the user hash depends on the salt and the platform, and hides the id', () => {
  const h = hashUserId('s1', 'slack', 'U123');
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(h, hashUserId('s1', 'slack', 'U123'));
  assert.notEqual(h, hashUserId('s2', 'slack', 'U123'));
  assert.notEqual(h, hashUserId('s1', 'teams', 'U123'));
});
