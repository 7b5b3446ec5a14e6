import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readCode } from '../../src/codes/index.js';

describe('readCode', () => {
  test('reads 10049 as the Win32 (Winsock) code WSAEADDRNOTAVAIL with its message', () => {
    const [r] = readCode(10049);
    assert.equal(r.kind, 'win32');
    assert.equal(r.value, 10049);
    assert.equal(r.hex, '0x00002741');
    assert.equal(r.name, 'WSAEADDRNOTAVAIL');
    assert.equal(r.message, 'The requested address is not valid in its context.');
  });

  test('gives a small number both its Win32 and its bug-check reading, Win32 first', () => {
    const readings = readCode(0x7b);
    assert.deepEqual(
      readings.map((r) => r.kind),
      ['win32', 'bugcheck'],
    );
    assert.equal(readings[0].name, 'ERROR_INVALID_NAME');
    assert.equal(readings[1].name, 'INACCESSIBLE_BOOT_DEVICE');
  });

  test('reads a bug check the Microsoft reference adds beyond the old headers', () => {
    const r = readCode(0x133).find((x) => x.kind === 'bugcheck');
    assert.equal(r?.name, 'DPC_WATCHDOG_VIOLATION');
  });

  test('reads 0x80070005 as an HRESULT that carries Win32 error 5', () => {
    const [r] = readCode(0x80070005);
    assert.equal(r.kind, 'hresult');
    assert.equal(r.name, 'E_ACCESSDENIED');
    assert.equal(r.win32?.kind, 'win32');
    assert.equal(r.win32?.value, 5);
    assert.equal(r.win32?.name, 'ERROR_ACCESS_DENIED');
    assert.equal(r.win32?.message, 'Access is denied.');
  });

  test('builds an HRESULT_FROM_WIN32 reading for 0x8007xxxx even when the HRESULT has no name', () => {
    const [r] = readCode(0x80072741);
    assert.equal(r.kind, 'hresult');
    assert.equal(r.hex, '0x80072741');
    assert.equal(r.name, undefined);
    assert.equal(r.win32?.name, 'WSAEADDRNOTAVAIL');
  });

  test('reads an HRESULT outside FACILITY_WIN32 without a Win32 code', () => {
    const [r] = readCode(0x80004005);
    assert.equal(r.kind, 'hresult');
    assert.equal(r.name, 'E_FAIL');
    assert.equal(r.message, 'Unspecified error');
    assert.equal(r.win32, undefined);
  });

  test('reads 0xC0000022 as the NTSTATUS STATUS_ACCESS_DENIED, mapped to Win32 error 5', () => {
    const [r] = readCode(0xc0000022);
    assert.equal(r.kind, 'ntstatus');
    assert.equal(r.name, 'STATUS_ACCESS_DENIED');
    assert.equal(r.hex, '0xC0000022');
    assert.equal(r.win32?.value, 5);
  });

  test('reads 0xD0000022 as HRESULT_FROM_NT(STATUS_ACCESS_DENIED)', () => {
    const [r] = readCode(0xd0000022);
    assert.equal(r.kind, 'hresult');
    assert.equal(r.name, 'HRESULT_FROM_NT(STATUS_ACCESS_DENIED)');
    assert.equal(r.win32?.value, 5);
  });

  test('reads a signed 32-bit value like its unsigned twin', () => {
    assert.deepEqual(readCode(-2147467259), readCode(0x80004005));
  });

  test('gives [] for a number no table knows', () => {
    assert.deepEqual(readCode(0x12345678), []);
    assert.deepEqual(readCode(0x8024ffff), []);
  });

  test('gives [] for what is not a 32-bit integer', () => {
    assert.deepEqual(readCode(1.5), []);
    assert.deepEqual(readCode(2 ** 32), []);
    assert.deepEqual(readCode(Number.NaN), []);
  });

  test('pads every hex to eight upper-case digits', () => {
    for (const v of [5, 0x7b, 10049, 0x80070005, 0xc0000022]) {
      for (const r of readCode(v)) assert.match(r.hex, /^0x[0-9A-F]{8}$/);
    }
  });
});
