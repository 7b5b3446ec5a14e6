import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCode, kindNamedIn } from '../../src/codes/index.js';

describe('decodeCode', () => {
  test('decodes a bare literal', () => {
    const d = decodeCode('0x2741');
    assert.equal(d.input, '0x2741');
    assert.equal(d.value, 10049);
    assert.equal(d.readings[0].name, 'WSAEADDRNOTAVAIL');
  });

  test('sees 10049, 0x2741 and WSAEADDRNOTAVAIL as one code', () => {
    const values = ['10049', '0x2741', 'WSAEADDRNOTAVAIL', 'wsaeaddrnotavail'].map(
      (s) => decodeCode(s).value,
    );
    assert.deepEqual(values, [10049, 10049, 10049, 10049]);
  });

  test('puts the bug check first for "STOP 0x0000007B"', () => {
    const d = decodeCode('STOP 0x0000007B');
    assert.equal(d.value, 0x7b);
    assert.equal(d.readings[0].kind, 'bugcheck');
    assert.equal(d.readings[0].name, 'INACCESSIBLE_BOOT_DEVICE');
    assert.ok(
      d.readings.some((r) => r.kind === 'win32'),
      'the Win32 reading is still listed',
    );
  });

  test('puts the Win32 reading first for "error 5"', () => {
    const d = decodeCode('error 5');
    assert.equal(d.value, 5);
    assert.equal(d.readings[0].name, 'ERROR_ACCESS_DENIED');
  });

  test('reads "HRESULT 0x80004005" as E_FAIL', () => {
    const d = decodeCode('HRESULT 0x80004005');
    assert.equal(d.value, 0x80004005);
    assert.equal(d.readings[0].name, 'E_FAIL');
  });

  test('keeps only the named table for a symbolic name', () => {
    const d = decodeCode('INACCESSIBLE_BOOT_DEVICE');
    assert.equal(d.value, 0x7b);
    assert.deepEqual(
      d.readings.map((r) => r.kind),
      ['bugcheck'],
    );
  });

  test('finds the code inside a pasted sentence', () => {
    assert.equal(decodeCode('Windows 10 update failed with error 0x80070005').value, 0x80070005);
    assert.equal(
      decodeCode('The exception code 0xc0000005 occurred').readings[0].name,
      'STATUS_ACCESS_VIOLATION',
    );
    assert.equal(decodeCode('connect() failed: WSAECONNREFUSED (10061)').value, 10061);
    assert.equal(decodeCode('hr = -2147467259').value, 0x80004005);
  });

  test('prefers a number after a code word to other digits', () => {
    assert.equal(decodeCode('on server 2019 the service stopped with error 1053').value, 1053);
  });

  test('returns no value and no readings for text without a code', () => {
    assert.deepEqual(decodeCode('my printer is broken'), { input: 'my printer is broken', readings: [] });
  });

  test('returns the value with no readings for an unknown number', () => {
    const d = decodeCode('0x12345678');
    assert.equal(d.value, 0x12345678);
    assert.deepEqual(d.readings, []);
  });
});

describe('kindNamedIn', () => {
  test('names the table a paste speaks of, bug checks first', () => {
    assert.equal(kindNamedIn('STOP 0x0000007B on boot'), 'bugcheck');
    assert.equal(kindNamedIn('blue screen, then NTSTATUS 0xC0000005'), 'bugcheck');
    assert.equal(kindNamedIn('failed with STATUS_ACCESS_VIOLATION'), 'ntstatus');
    assert.equal(kindNamedIn('HRESULT: 0x80004005'), 'hresult');
  });

  test('takes no side on words every paste has', () => {
    assert.equal(kindNamedIn('error 5: the service status is stopped'), undefined);
    assert.equal(kindNamedIn(''), undefined);
  });
});
