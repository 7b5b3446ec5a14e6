import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

/**
 * DESIGN.md's layout table says what each folder of src may import; this keeps it true.
 * A row: | `folder` | what it is | `a` `b` … | (or "—", or "all but `x`").
 */
const SRC = path.join(PACKAGE_ROOT, 'src');
const FOLDERS = readdirSync(SRC, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface Row {
  what: string;
  allowed: Set<string>;
}

function layoutTable(): Map<string, Row> {
  const design = readFileSync(path.join(PACKAGE_ROOT, 'DESIGN.md'), 'utf8');
  const section = design.slice(
    design.indexOf('## Layout'),
    design.indexOf('\n## ', design.indexOf('## Layout') + 1),
  );
  const rows = new Map<string, Row>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z-]+)` \| (.+) \| (.+) \|$/.exec(line);
    if (!m) continue;
    const names = [...m[3].matchAll(/`([a-z-]+)`/g)].map((x) => x[1]);
    const allowed = m[3].startsWith('all but')
      ? new Set(FOLDERS.filter((f) => f !== m[1] && !names.includes(f)))
      : new Set(names);
    rows.set(m[1], { what: m[2], allowed });
  }
  return rows;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(ts|js)$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

/** The src folders a file imports from (static and dynamic imports, re-exports). */
function importedFolders(file: string, own: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.\.?\/[^']+)'/g)) {
    const target = path.relative(SRC, path.resolve(path.dirname(file), m[1]));
    const folder = target.split(path.sep)[0];
    if (!target.startsWith('..') && folder !== own && FOLDERS.includes(folder)) out.add(folder);
  }
  return [...out];
}

describe('DESIGN.md layout', () => {
  const table = layoutTable();

  test('lists every folder of src, and only those', () => {
    assert.deepEqual([...table.keys()].sort(), [...FOLDERS].sort());
  });

  test('every import between folders is one the table allows', () => {
    const wrong: string[] = [];
    for (const folder of FOLDERS) {
      const allowed = table.get(folder)?.allowed ?? new Set();
      for (const file of sourceFiles(path.join(SRC, folder)))
        for (const to of importedFolders(file, folder))
          if (!allowed.has(to)) wrong.push(`${path.relative(SRC, file)} imports ${to}`);
    }
    assert.deepEqual(wrong, []);
  });

  test('a folder called pure does no I/O and uses no platform library', () => {
    const impure =
      /from '(?:node:(?:fs|fs\/promises|child_process|net|http|https|worker_threads)|express|@slack\/bolt|botbuilder|pg|@electric-sql\/pglite)'/;
    const pure = [...table].filter(([, r]) => /(?:^|\. )Pure\.?$/.test(r.what)).map(([f]) => f);
    assert.ok(pure.includes('match'), 'the table calls match pure');
    for (const folder of pure)
      for (const file of sourceFiles(path.join(SRC, folder)))
        assert.doesNotMatch(readFileSync(file, 'utf8'), impure, path.relative(SRC, file));
  });

  test('the check sees a wrong edge (match importing the store)', () => {
    assert.ok(!table.get('match')?.allowed.has('store'));
    assert.ok(table.get('server')?.allowed.has('slack'));
    assert.ok(!table.get('server')?.allowed.has('cli'));
  });
});
