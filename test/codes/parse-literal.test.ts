import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseCodeLiteral } from '../../src/codes/index.js';

describe('parseCodeLiteral', () => {
  test('reads 0x-prefixed hex in either case of the x', () => {
    assert.equal(parseCodeLiteral('0x2741'), 10049);
    assert.equal(parseCodeLiteral('0X2741'), 10049);
    assert.equal(parseCodeLiteral('0x80004005'), 0x80004005);
  });

  test('reads zero-padded hex as printed on a blue screen or by WinDbg', () => {
    assert.equal(parseCodeLiteral('0x0000007B'), 0x7b);
    assert.equal(parseCodeLiteral('0x000000000000007b'), 0x7b);
    assert.equal(parseCodeLiteral('0x0'), 0);
  });

  test('accepts a C suffix on a hex literal', () => {
    assert.equal(parseCodeLiteral('0x80004005L'), 0x80004005);
  });

  test('reads plain decimal', () => {
    assert.equal(parseCodeLiteral('10049'), 10049);
    assert.equal(parseCodeLiteral('5'), 5);
    assert.equal(parseCodeLiteral(' 87 '), 87);
  });

  test("reads negative decimal as its 32-bit two's complement", () => {
    assert.equal(parseCodeLiteral('-2147467259'), 0x80004005);
    assert.equal(parseCodeLiteral('-2147024891'), 0x80070005);
    assert.equal(parseCodeLiteral('-1073741819'), 0xc0000005);
    assert.equal(parseCodeLiteral('-1'), 0xffffffff);
  });

  test('reads eight hex digits without 0x as hex when they start with 8 or C', () => {
    assert.equal(parseCodeLiteral('80004005'), 0x80004005);
    assert.equal(parseCodeLiteral('c0000022'), 0xc0000022);
    assert.equal(parseCodeLiteral('C0000022'), 0xc0000022);
  });

  test('reads eight digits with a hex letter or leading zero as hex', () => {
    assert.equal(parseCodeLiteral('8007000E'), 0x8007000e);
    assert.equal(parseCodeLiteral('0000007B'), 0x7b);
    assert.equal(
      parseCodeLiteral('00001234'),
      0x1234,
      'zero-padded to eight digits: hex, as "STOP 00000050"',
    );
  });

  test('reads decimal with grouped thousands', () => {
    assert.equal(parseCodeLiteral('1,798,144'), 1798144);
  });

  test('keeps other eight-digit numbers decimal', () => {
    assert.equal(parseCodeLiteral('12345678'), 12345678);
  });

  test('returns unsigned values', () => {
    const v = parseCodeLiteral('0xFFFFFFFF');
    assert.equal(v, 4294967295);
    assert.ok((v as number) > 0);
  });

  test('refuses what is not a 32-bit code', () => {
    assert.equal(parseCodeLiteral('0x1FFFFFFFF'), undefined);
    assert.equal(parseCodeLiteral('4294967296'), undefined);
    assert.equal(parseCodeLiteral('-2147483649'), undefined);
    assert.equal(parseCodeLiteral('0x'), undefined);
    assert.equal(parseCodeLiteral('0xZZ'), undefined);
    assert.equal(parseCodeLiteral('twelve'), undefined);
    assert.equal(parseCodeLiteral(''), undefined);
    assert.equal(parseCodeLiteral('1.5'), undefined);
  });
});
