import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The committed table itself: its size, its shape, and that a name means one number. */
const file = fileURLToPath(new URL('../../src/codes/data/codes.json', import.meta.url));
type Row = [number, string, (string | null)?, number?];
const table = JSON.parse(readFileSync(file, 'utf8')) as Record<
  'win32' | 'hresult' | 'ntstatus' | 'bugcheck',
  Row[]
> & {
  format: number;
  sources: { id: string; licence: string }[];
};
const kinds = ['win32', 'hresult', 'ntstatus', 'bugcheck'] as const;

describe('codes.json', () => {
  test('stays well under 1 MB', (t) => {
    const bytes = statSync(file).size;
    t.diagnostic(`codes.json: ${bytes} bytes; ${kinds.map((k) => `${k} ${table[k].length}`).join(', ')}`);
    assert.ok(bytes < 1024 * 1024, `${bytes} bytes`);
  });

  test('has every kind of code in numbers that show it was built from the real headers', () => {
    assert.ok(table.win32.length > 2000);
    assert.ok(table.hresult.length > 1500);
    assert.ok(table.ntstatus.length > 1500);
    assert.ok(table.bugcheck.length > 150);
  });

  test('names each source and its licence', () => {
    for (const s of table.sources) assert.ok(s.licence.length > 0, s.id);
    assert.ok(table.sources.some((s) => s.id === 'mingw'));
    assert.ok(table.sources.some((s) => s.id === 'wine'));
  });

  test('has well-formed rows: an unsigned 32-bit value, at least one name, an optional message', () => {
    for (const k of kinds) {
      let last = -1;
      for (const r of table[k]) {
        assert.ok(Number.isInteger(r[0]) && r[0] >= 0 && r[0] <= 0xffffffff, `${k} ${r[0]}`);
        assert.ok(r[0] > last, `${k} rows sorted and unique at ${r[0]}`);
        last = r[0];
        assert.match(r[1], /^[A-Za-z0-9_]+(\|[A-Za-z0-9_]+)*$/, `${k} ${r[0]} names`);
        if (r[2] !== undefined && r[2] !== null)
          assert.ok(r[2].length > 0 && r[2] === r[2].trim(), `${k} ${r[0]} message`);
      }
    }
  });

  test('keeps Win32 codes below 0x10000', () => {
    for (const r of table.win32) assert.ok(r[0] < 0x10000, `${r[1]} = ${r[0]}`);
  });

  test('gives each name one number', () => {
    const seen = new Map<string, number>();
    for (const k of kinds) {
      for (const r of table[k]) {
        for (const name of r[1].split('|')) {
          const key = name.toUpperCase();
          const prev = seen.get(key);
          assert.ok(prev === undefined || prev === r[0], `${name}: ${prev} and ${r[0]}`);
          seen.set(key, r[0]);
        }
      }
    }
  });

  test('maps NTSTATUS only to Win32 codes the table has', () => {
    const win32 = new Set(table.win32.map((r) => r[0]));
    const mapped = table.ntstatus.filter((r) => r[3] !== undefined);
    assert.ok(mapped.length > 1000);
    for (const r of mapped) assert.ok(win32.has(r[3] as number), `${r[1]} -> ${r[3]}`);
  });

  test('has no markup left in messages', () => {
    for (const k of kinds) {
      for (const r of table[k]) {
        if (typeof r[2] === 'string')
          assert.doesNotMatch(r[2], /<\/?(span|br|dl|dt)\b|\*\*|\]\(/, `${k} ${r[1]}`);
      }
    }
  });
});
