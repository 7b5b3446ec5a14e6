import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatCodeLine, formatCodeReport } from '../../src/codes/index.js';

describe('formatCodeLine', () => {
  test('shows a Win32 code in hex, decimal, name and message', () => {
    assert.equal(
      formatCodeLine(10049),
      '0x2741 = 10049 = WSAEADDRNOTAVAIL: The requested address is not valid in its context.',
    );
  });

  test('shows an HRESULT_FROM_WIN32 with the Win32 code it carries and the Win32 message', () => {
    assert.equal(
      formatCodeLine(0x80070005),
      '0x80070005 = E_ACCESSDENIED (Win32 5, ERROR_ACCESS_DENIED): Access is denied.',
    );
  });

  test('shows a plain HRESULT with its own message', () => {
    assert.equal(formatCodeLine(0x80004005), '0x80004005 = E_FAIL: Unspecified error');
  });

  test('shows an unnamed 0x8007xxxx through its Win32 code', () => {
    assert.equal(
      formatCodeLine(0x80072741),
      '0x80072741 = HRESULT (Win32 10049, WSAEADDRNOTAVAIL): The requested address is not valid in its context.',
    );
  });

  test('shows an NTSTATUS with the Win32 code Windows maps it to', () => {
    assert.equal(
      formatCodeLine(0xc0000022),
      '0xC0000022 = STATUS_ACCESS_DENIED (maps to Win32 5, ERROR_ACCESS_DENIED): Access is denied.',
    );
  });

  test('shows a bug check as a STOP code when asked for that reading', () => {
    assert.equal(
      formatCodeLine(0x7b, 'bugcheck'),
      'STOP 0x0000007B = INACCESSIBLE_BOOT_DEVICE: The Microsoft Windows operating system has lost access to the system partition during startup.',
    );
  });

  test('uses the most likely reading when no kind is given', () => {
    assert.match(formatCodeLine(0x7b) ?? '', /^0x7B = 123 = ERROR_INVALID_NAME: /);
  });

  test('returns undefined for an unknown number or a kind the number does not have', () => {
    assert.equal(formatCodeLine(0x12345678), undefined);
    assert.equal(formatCodeLine(10049, 'bugcheck'), undefined);
  });
});

describe('formatCodeReport', () => {
  test('labels every reading of an ambiguous number by kind', () => {
    const report = formatCodeReport('STOP 0x0000007B');
    const lines = report.split('\n');
    assert.equal(lines[0], '0x0000007B = 123: 2 readings');
    assert.match(lines[1], /^- Bug check \(STOP code\) 0x0000007B: INACCESSIBLE_BOOT_DEVICE — /);
    assert.match(lines[2], /^- Win32 error 123 \(0x7B\): ERROR_INVALID_NAME /);
  });

  test('says which Win32 error an HRESULT carries', () => {
    const report = formatCodeReport('0x80070005');
    assert.match(report, /^0x80070005 = 2147942405 = -2147024891: one reading$/m);
    assert.match(report, /^- HRESULT 0x80070005: E_ACCESSDENIED/m);
    assert.match(report, /It carries Win32 error 5 \(0x5\), ERROR_ACCESS_DENIED — Access is denied\./);
  });

  test('says which Win32 error an NTSTATUS is reported as', () => {
    const report = formatCodeReport('STATUS_ACCESS_DENIED');
    assert.match(report, /^- NTSTATUS 0xC0000022: STATUS_ACCESS_DENIED$/m);
    assert.match(report, /Windows reports it as Win32 error 5 \(0x5\), ERROR_ACCESS_DENIED/);
  });

  test('names an HRESULT_FROM_WIN32 the tables have no symbol for after the Win32 code it wraps', () => {
    assert.match(
      formatCodeReport('0x80070002'),
      /^- HRESULT 0x80070002: HRESULT_FROM_WIN32\(ERROR_FILE_NOT_FOUND\)$/m,
    );
  });

  test('lists other names of the same code', () => {
    assert.match(formatCodeReport('error 0'), /ERROR_SUCCESS \(also NO_ERROR/);
  });

  test('warns that a bug-check reading needs a blue screen when it is not the first reading', () => {
    assert.match(formatCodeReport('error 5'), /bug-check reading applies only/);
    assert.doesNotMatch(formatCodeReport('STOP 0x7B'), /bug-check reading applies only/);
  });

  test('gives a clear unknown-code line for a number no table has', () => {
    assert.equal(
      formatCodeReport('0x12345678'),
      "Unknown code: 0x12345678 = 305419896 is not in kbbot's Windows error-code table.",
    );
  });

  test('describes the shape of an unknown failure HRESULT', () => {
    assert.match(
      formatCodeReport('0x8024FFFF'),
      /^Unknown code: .* failure HRESULT \(facility 36 = WINDOWSUPDATE, code 0xFFFF\)\.$/,
    );
  });

  test('gives a clear unknown-code line for text with no code in it', () => {
    assert.match(
      formatCodeReport('printer on fire'),
      /^Unknown code: "printer on fire" is not a Windows error code kbbot can read\./,
    );
  });
});
