import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isCodeSymbol, lookupSymbol, symbolKinds } from '../../src/codes/index.js';

describe('lookupSymbol', () => {
  test('knows Winsock names: WSAEADDRNOTAVAIL is 10049', () => {
    assert.equal(lookupSymbol('WSAEADDRNOTAVAIL'), 10049);
  });

  test('knows HRESULT names: E_ACCESSDENIED is 0x80070005', () => {
    assert.equal(lookupSymbol('E_ACCESSDENIED'), 0x80070005);
    assert.equal(lookupSymbol('E_FAIL'), 0x80004005);
    assert.equal(lookupSymbol('CO_E_SERVER_EXEC_FAILURE'), 0x80080005);
    assert.equal(lookupSymbol('RPC_E_DISCONNECTED'), 0x80010108);
  });

  test('knows NTSTATUS names: STATUS_ACCESS_DENIED is 0xC0000022', () => {
    assert.equal(lookupSymbol('STATUS_ACCESS_DENIED'), 0xc0000022);
    assert.equal(lookupSymbol('STATUS_ACCESS_VIOLATION'), 0xc0000005);
  });

  test('knows bug-check names: INACCESSIBLE_BOOT_DEVICE is 0x7B', () => {
    assert.equal(lookupSymbol('INACCESSIBLE_BOOT_DEVICE'), 0x7b);
    assert.equal(lookupSymbol('WHEA_UNCORRECTABLE_ERROR'), 0x124);
  });

  test('knows Win32 names: ERROR_ACCESS_DENIED is 5', () => {
    assert.equal(lookupSymbol('ERROR_ACCESS_DENIED'), 5);
    assert.equal(lookupSymbol('ERROR_INTERNET_TIMEOUT'), 12002);
  });

  test('knows aliases: NO_ERROR is ERROR_SUCCESS', () => {
    assert.equal(lookupSymbol('NO_ERROR'), 0);
  });

  test('ignores case and surrounding space', () => {
    assert.equal(lookupSymbol('wsaeaddrnotavail'), 10049);
    assert.equal(lookupSymbol(' e_accessdenied '), 0x80070005);
  });

  test('returns undefined for names it does not know', () => {
    assert.equal(lookupSymbol('ERROR_NO_SUCH_THING_AT_ALL'), undefined);
    assert.equal(lookupSymbol('access'), undefined);
  });
});

describe('isCodeSymbol', () => {
  test('says yes to names in the table, whatever their case', () => {
    for (const t of [
      'WSAEADDRNOTAVAIL',
      'E_ACCESSDENIED',
      'STATUS_ACCESS_DENIED',
      'INACCESSIBLE_BOOT_DEVICE',
      'error_access_denied',
    ]) {
      assert.equal(isCodeSymbol(t), true, t);
    }
  });

  test('says no to ordinary words of a paste', () => {
    for (const t of [
      'the',
      'Access',
      'denied',
      'ERROR',
      'Windows',
      '0x80070005',
      'C:\\Windows',
      '',
      'MY_APP_SETTING',
    ]) {
      assert.equal(isCodeSymbol(t), false, t);
    }
  });
});

describe('symbolKinds', () => {
  test('names the table a symbol comes from', () => {
    assert.deepEqual(symbolKinds('INACCESSIBLE_BOOT_DEVICE'), ['bugcheck']);
    assert.deepEqual(symbolKinds('E_ACCESSDENIED'), ['hresult']);
    assert.deepEqual(symbolKinds('nope'), []);
  });
});
