import type { CodeKind, CodeReading } from './types.js';
import { codeTable, type TableEntry } from './table.js';

/** `0x00002741` style: eight upper-case hex digits. */
export function hex8(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** `0x2741` style: no padding. */
export function hexShort(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase()}`;
}

function reading(e: TableEntry): CodeReading {
  const r: CodeReading = { kind: e.kind, value: e.value, hex: hex8(e.value) };
  if (e.names[0]) r.name = e.names[0];
  if (e.message) r.message = e.message;
  return r;
}

function win32Reading(code: number): CodeReading | undefined {
  const e = codeTable().byKind.win32.get(code);
  return e ? reading(e) : undefined;
}

const FACILITY_WIN32 = 7;

/** The HRESULT reading of a value, from the table or built from the Win32 / NTSTATUS code it wraps. */
function hresultReading(v: number): CodeReading | undefined {
  const { byKind } = codeTable();
  const e = byKind.hresult.get(v);
  const carriesWin32 = (v & 0xffff0000) >>> 0 === (0x8000_0000 | (FACILITY_WIN32 << 16)) >>> 0;
  const win32 = carriesWin32 ? win32Reading(v & 0xffff) : undefined;
  if (e) {
    const r = reading(e);
    if (win32) r.win32 = win32;
    return r;
  }
  if (win32) {
    // HRESULT_FROM_WIN32 of a code the HRESULT table has no name for: 0x80072741.
    return { kind: 'hresult', value: v, hex: hex8(v), win32 };
  }
  if ((v & 0xf0000000) >>> 0 === 0xd0000000) {
    // HRESULT_FROM_NT: the NTSTATUS with FACILITY_NT_BIT (0x10000000) set.
    const nt = byKind.ntstatus.get((v & ~0x10000000) >>> 0);
    if (nt) {
      const r: CodeReading = {
        kind: 'hresult',
        value: v,
        hex: hex8(v),
        name: `HRESULT_FROM_NT(${nt.names[0]})`,
      };
      if (nt.message) r.message = nt.message;
      const w = nt.win32 !== undefined ? win32Reading(nt.win32) : undefined;
      if (w) r.win32 = w;
      return r;
    }
  }
  return undefined;
}

function ntstatusReading(v: number): CodeReading | undefined {
  const e = codeTable().byKind.ntstatus.get(v);
  if (!e) return undefined;
  const r = reading(e);
  // An NTSTATUS carries no Win32 code, but Windows maps most of them to one (RtlNtStatusToDosError);
  // that is what a program reports after the call fails, so it is given here as `win32`.
  const w = e.win32 !== undefined ? win32Reading(e.win32) : undefined;
  if (w) r.win32 = w;
  return r;
}

function bugcheckReading(v: number): CodeReading | undefined {
  const e = codeTable().byKind.bugcheck.get(v);
  return e ? reading(e) : undefined;
}

const ORDER_SMALL: CodeKind[] = ['win32', 'bugcheck', 'hresult', 'ntstatus'];
const ORDER_NT: CodeKind[] = ['ntstatus', 'hresult', 'bugcheck', 'win32'];
const ORDER_HR: CodeKind[] = ['hresult', 'ntstatus', 'bugcheck', 'win32'];

/** The order in which a number's readings are most likely meant. */
export function defaultKindOrder(v: number): CodeKind[] {
  if (v < 0x10000) return ORDER_SMALL;
  const top = v >>> 28;
  // 0xC... error and 0x4... informational are NTSTATUS shapes; 0x8... is mostly HRESULT.
  return top === 0xc || top === 0x4 ? ORDER_NT : ORDER_HR;
}

/**
 * Every reading of a number, most likely first:
 * below 0x10000 a Win32 code (and maybe a bug check); 0x8007xxxx an HRESULT carrying Win32 xxxx (in `win32`);
 * 0xCxxxxxxx an NTSTATUS (with the Win32 code Windows maps it to in `win32`); 0xDxxxxxxx HRESULT_FROM_NT.
 * A number no table knows gives [].
 */
export function readCode(value: number): CodeReading[] {
  // Signed (-2147467259) or unsigned 32-bit integers; anything else is no code.
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) return [];
  const v = value >>> 0;
  const out: CodeReading[] = [];
  for (const kind of defaultKindOrder(v)) {
    let r: CodeReading | undefined;
    switch (kind) {
      case 'win32':
        r = v < 0x10000 ? win32Reading(v) : undefined;
        break;
      case 'hresult':
        r = hresultReading(v);
        break;
      case 'ntstatus':
        r = ntstatusReading(v);
        break;
      case 'bugcheck':
        r = bugcheckReading(v);
        break;
    }
    if (r) out.push(r);
  }
  return out;
}

/** Other names of a reading's number in its table (`NO_ERROR` for `ERROR_SUCCESS`). */
export function aliasesOf(r: CodeReading): string[] {
  const e = codeTable().byKind[r.kind].get(r.value);
  return e ? e.names.slice(1) : [];
}
