import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs scripts/generate-code-table.ts on small inputs written here in each source's format
 * (the real sources are not in the repository), and checks what lands in the table.
 */
const script = fileURLToPath(new URL('../../scripts/generate-code-table.ts', import.meta.url));

type Row = [number, string, (string | null)?, number?];
interface Table {
  format: number;
  sources: { id: string; version: string | null }[];
  facilities: Record<string, string>;
  win32: Row[];
  hresult: Row[];
  ntstatus: Row[];
  bugcheck: Row[];
}

let dir: string;

function write(rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

function generate(args: string[]): Table {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  execFileSync(process.execPath, ['--import', 'tsx', script, ...args, '--out', out], { stdio: 'pipe' });
  return JSON.parse(readFileSync(out, 'utf8')) as Table;
}

function row(rows: Row[], value: number): Row | undefined {
  return rows.find((r) => r[0] === value);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbbot-codegen-'));
  write(
    'mingw/winerror.h',
    [
      '#define FACILITY_WIN32 7',
      '#define FACILITY_WINDOWSUPDATE 36',
      '#define ERROR_SUCCESS __MSABI_LONG(0)',
      '#define NO_ERROR __MSABI_LONG(0)',
      '#define ERROR_ACCESS_DENIED __MSABI_LONG(5)',
      '#define MY_ACCESS_ALIAS ERROR_ACCESS_DENIED',
      '#define WSABASEERR 10000',
      '#define WSAEADDRNOTAVAIL (WSABASEERR + 49)',
      '#define E_FAIL _HRESULT_TYPEDEF_(0x80004005)',
      '#define E_ACCESSDENIED _HRESULT_TYPEDEF_(0x80070005)',
      '#define S_OK ((HRESULT)0x00000000)',
      '#define OLE_E_FIRST ((HRESULT)0x80040000)',
      '#define SEVERITY_ERROR 1',
      '',
    ].join('\n'),
  );
  write(
    'mingw/ntstatus.h',
    '#define STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022)\n#define STATUS_SUCCESS ((NTSTATUS)0x00000000)\n',
  );
  write(
    'mingw/bugcodes.h',
    [
      '/* MessageId  : 0x4000007e */',
      '/* Approximate msg: Some Kernel Version banner */',
      '#define WINDOWS_NT_BANNER\t((ULONG)0x4000007e)',
      '/* MessageId  : 0x0000007b */',
      '/* Approximate msg: INACCESSIBLE_BOOT_DEVICE */',
      '#define INACCESSIBLE_BOOT_DEVICE\t((ULONG)0x0000007b)',
      '/* MessageId  : 0x000000ef */',
      '/* Approximate msg: A critical process ended. */',
      '#define CRITICAL_PROCESS_DIED\t((ULONG)0x000000ef)',
      '',
    ].join('\n'),
  );
  write(
    'wine/dlls/kernelbase/winerror.mc',
    [
      'LanguageNames=(ENU=0x409:winerr)',
      'SeverityNames=(CoError=0x2:STATUS_SEVERITY_COERROR)',
      '',
      'MessageId=5',
      'SymbolicName=ERROR_ACCESS_DENIED',
      'Language=ENU',
      'Access denied.',
      '.',
      'MessageId=10049',
      'SymbolicName=WSAEADDRNOTAVAIL',
      'Language=ENU',
      'Cannot assign',
      'requested address.',
      '.',
      'MessageId=0x4005',
      'Severity=CoError',
      'Facility=Null',
      'SymbolicName=E_FAIL',
      'Language=ENU',
      'Call failed.',
      '.',
      '',
    ].join('\n'),
  );
  write(
    'wine/dlls/ntdll/error.h',
    [
      'static const DWORD error_map[2] =',
      '{',
      '    ERROR_ACCESS_DENIED,                               /* c0000022 (STATUS_ACCESS_DENIED) */',
      '    ERROR_MR_MID_NOT_FOUND,                            /* c0000099 */',
      '};',
      '',
    ].join('\n'),
  );
  write('wine/VERSION', 'Wine version 99.1\n');
  write(
    'msw/desktop-src/Debug/system-error-codes--0-499-.md',
    [
      '# System Error Codes (0-499)',
      '',
      '<span id="ERROR_ACCESS_DENIED"></span><span id="error_access_denied"></span>**ERROR\\_ACCESS\\_DENIED**',
      '   ',
      '',
      '5 (0x5)',
      ' ',
      '',
      'Access is denied.',
      '',
      '   ',
      '',
      '## Requirements',
      '| Requirement | Value |',
      '',
    ].join('\n'),
  );
  write(
    'msw/desktop-src/com/com-error-codes-1.md',
    [
      '| Constant/value | Description |',
      '|---|---|',
      '| <span id="E_FAIL"></span><dl> <dt>**E\\_FAIL**</dt> <dt>0x80004005</dt> </dl> | Unspecified error<br/> |',
      '',
    ].join('\n'),
  );
  write(
    'msd/windows-driver-docs-pr/debugger/bug-check-code-reference2.md',
    [
      '| Code | Name and reference link |',
      '|------|------|',
      '| 0x0000007B | [**INACCESSIBLE\\_BOOT\\_DEVICE**](bug-check-0x7b--inaccessible-boot-device.md) |',
      '| 0x00000124 | [**WHEA\\_UNCORRECTABLE\\_ERROR**](bug-check-0x124---whea-uncorrectable-error.md) |',
      '',
    ].join('\n'),
  );
  write(
    'msd/windows-driver-docs-pr/debugger/bug-check-0x7b--inaccessible-boot-device.md',
    [
      '---',
      'title: Bug Check 0x7B INACCESSIBLE_BOOT_DEVICE',
      '---',
      '',
      '# Bug check 0x7B: INACCESSIBLE_BOOT_DEVICE',
      '',
      'The INACCESSIBLE_BOOT_DEVICE bug check has a value of 0x0000007B. This bug check indicates that the system lost its boot disk.',
      '',
    ].join('\n'),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('generate-code-table with MinGW and Wine only', () => {
  let t: Table;
  before(() => {
    t = generate([
      '--mingw-include',
      join(dir, 'mingw'),
      '--wine-src',
      join(dir, 'wine'),
      '--version',
      'mingw=test-1',
    ]);
  });

  test('writes format 1 and records the source versions it was given or found', () => {
    assert.equal(t.format, 1);
    assert.equal(t.sources.find((s) => s.id === 'mingw')?.version, 'test-1');
    assert.equal(t.sources.find((s) => s.id === 'wine')?.version, 'Wine version 99.1');
  });

  test('takes Win32 names and numbers from winerror.h, with aliases after the primary name', () => {
    assert.deepEqual(row(t.win32, 0), [0, 'ERROR_SUCCESS|NO_ERROR']);
    assert.equal(row(t.win32, 5)?.[1], 'ERROR_ACCESS_DENIED|MY_ACCESS_ALIAS');
  });

  test('adds WSABASEERR to Winsock codes', () => {
    assert.equal(row(t.win32, 10049)?.[1], 'WSAEADDRNOTAVAIL');
  });

  test('uses Wine messages, joining lines of a multi-line text', () => {
    assert.equal(row(t.win32, 5)?.[2], 'Access denied.');
    assert.equal(row(t.win32, 10049)?.[2], 'Cannot assign requested address.');
  });

  test('puts HRESULTs in their own table, Wine severity and facility included', () => {
    assert.deepEqual(row(t.hresult, 0x80004005), [0x80004005, 'E_FAIL', 'Call failed.']);
    assert.deepEqual(row(t.hresult, 0), [0, 'S_OK']);
  });

  test('leaves out range markers and header plumbing', () => {
    assert.equal(row(t.hresult, 0x80040000), undefined);
    assert.equal(
      t.win32.some((r) => r[1].includes('SEVERITY')),
      false,
    );
    assert.equal(t.facilities['7'], 'WIN32');
  });

  test('maps NTSTATUS to Win32 from Wine and skips statuses that map to "no mapping"', () => {
    assert.deepEqual(row(t.ntstatus, 0xc0000022), [0xc0000022, 'STATUS_ACCESS_DENIED', null, 5]);
    assert.equal(row(t.ntstatus, 0xc0000099), undefined);
  });

  test('takes bug checks from bugcodes.h, without the boot-screen strings or texts that only repeat the name', () => {
    assert.deepEqual(row(t.bugcheck, 0x7b), [0x7b, 'INACCESSIBLE_BOOT_DEVICE']);
    assert.deepEqual(row(t.bugcheck, 0xef), [0xef, 'CRITICAL_PROCESS_DIED', 'A critical process ended.']);
    assert.equal(row(t.bugcheck, 0x4000007e), undefined);
  });
});

describe('generate-code-table with the Microsoft pages as well', () => {
  let t: Table;
  before(() => {
    t = generate([
      '--mingw-include',
      join(dir, 'mingw'),
      '--wine-src',
      join(dir, 'wine'),
      '--ms-win32-docs',
      join(dir, 'msw'),
      '--ms-driver-docs',
      join(dir, 'msd'),
    ]);
  });

  test('prefers the Microsoft message, and stops it at the next heading', () => {
    assert.equal(row(t.win32, 5)?.[2], 'Access is denied.');
    assert.equal(row(t.hresult, 0x80004005)?.[2], 'Unspecified error');
  });

  test('keeps the Wine message where Microsoft has none', () => {
    assert.equal(row(t.win32, 10049)?.[2], 'Cannot assign requested address.');
  });

  test('adds bug checks from the reference table, with the "indicates that" clause as message', () => {
    assert.deepEqual(row(t.bugcheck, 0x7b), [
      0x7b,
      'INACCESSIBLE_BOOT_DEVICE',
      'The system lost its boot disk.',
    ]);
    assert.deepEqual(row(t.bugcheck, 0x124), [0x124, 'WHEA_UNCORRECTABLE_ERROR']);
  });

  test('lists the Microsoft sources with their licence', () => {
    const ids = t.sources.map((s) => s.id);
    assert.deepEqual(ids, ['mingw', 'wine', 'ms-win32-docs', 'ms-driver-docs']);
  });
});

describe('generate-code-table arguments', () => {
  test('refuses to run without the MinGW headers', () => {
    assert.throws(
      () =>
        execFileSync(process.execPath, ['--import', 'tsx', script, '--wine-src', join(dir, 'wine')], {
          stdio: 'pipe',
          env: { ...process.env, KBBOT_MINGW_INCLUDE: '' },
        }),
      /--mingw-include/,
    );
  });
});
