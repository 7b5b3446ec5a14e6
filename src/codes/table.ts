import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodeKind } from './types.js';

/** One row of the generated table, as the decoder uses it. */
export interface TableEntry {
  kind: CodeKind;
  /** Unsigned 32-bit value. */
  value: number;
  /** Primary name first, then aliases (`ERROR_SUCCESS`, `NO_ERROR`, ...). */
  names: readonly string[];
  message?: string;
  /** NTSTATUS rows: the Win32 code Windows maps the status to (RtlNtStatusToDosError). */
  win32?: number;
}

export interface CodeTable {
  byKind: Record<CodeKind, Map<number, TableEntry>>;
  /** Upper-cased symbolic name -> its value (a name means one number, possibly in two tables). */
  symbols: Map<string, number>;
  /** HRESULT facility number -> name (`7` -> `WIN32`). */
  facilities: Map<number, string>;
  sources: readonly { id: string; what: string; version: string | null; licence: string }[];
}

type Row = [number, string, (string | null)?, number?];

interface TableFile {
  format: number;
  sources: CodeTable['sources'];
  facilities: Record<string, string>;
  win32: Row[];
  hresult: Row[];
  ntstatus: Row[];
  bugcheck: Row[];
}

export const CODE_KINDS: readonly CodeKind[] = ['win32', 'hresult', 'ntstatus', 'bugcheck'];

let table: CodeTable | undefined;

/** Where the JSON is: beside this module under tsx, or back in src/ when running from dist/. */
function tablePath(): string {
  const candidates = [
    new URL('./data/codes.json', import.meta.url),
    new URL('../../../src/codes/data/codes.json', import.meta.url),
  ].map((u) => fileURLToPath(u));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`kbbot code table not found (looked in ${candidates.join(', ')})`);
  return found;
}

function load(): CodeTable {
  const file = JSON.parse(readFileSync(tablePath(), 'utf8')) as TableFile;
  if (file.format !== 1) throw new Error(`kbbot code table: unsupported format ${file.format}`);
  const byKind = {} as Record<CodeKind, Map<number, TableEntry>>;
  const symbols = new Map<string, number>();
  for (const kind of CODE_KINDS) {
    const map = new Map<number, TableEntry>();
    for (const [value, names, message, win32] of file[kind]) {
      const e: TableEntry = { kind, value, names: names.split('|') };
      if (message) e.message = message;
      if (win32 !== undefined) e.win32 = win32;
      map.set(value, e);
      for (const name of e.names) {
        const key = name.toUpperCase();
        if (!symbols.has(key)) symbols.set(key, value);
      }
    }
    byKind[kind] = map;
  }
  const facilities = new Map<number, string>();
  for (const [n, name] of Object.entries(file.facilities)) facilities.set(Number(n), name);
  return { byKind, symbols, facilities, sources: file.sources };
}

/** The table, read and indexed on first use (nothing happens at import time). */
export function codeTable(): CodeTable {
  table ??= load();
  return table;
}

/** Whether the table has been loaded yet (for measurements and tests). */
export function isCodeTableLoaded(): boolean {
  return table !== undefined;
}
