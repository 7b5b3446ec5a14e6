/**
 * `npm run docs:settings`: writes the README's settings table (between its two markers) and the
 * comment above each setting in `.env.example` from the settings schema: each setting's
 * description, and its default (the schema's own, or its `shownDefault` where that would not say
 * it). Section headings in `.env.example` stay as written. test/config/settings.test.ts fails when
 * either file differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { PACKAGE_ROOT } from '../src/config/paths.js';
import { SETTING_DOCS, SettingsSchema } from '../src/config/settings.js';

export const README_PATH = path.join(PACKAGE_ROOT, 'README.md');
export const ENV_EXAMPLE_PATH = path.join(PACKAGE_ROOT, '.env.example');

export const TABLE_START =
  '<!-- settings table: written by `npm run docs:settings` from the settings schema -->';
export const TABLE_END = '<!-- end of settings table -->';

export interface SettingRow {
  name: string;
  default: string;
  description: string;
}

/** Every setting in the schema's order, with what the docs say about it. */
export function settingRows(): SettingRow[] {
  return Object.entries(SettingsSchema.shape).map(([name, check]: [string, z.ZodType]) => {
    const doc = SETTING_DOCS.get(check);
    if (!doc) throw new Error(`${name} has no description: declare it with setting(…) in the schema`);
    return { name, description: doc.description, default: doc.shownDefault ?? defaultOf(name, check) };
  });
}

/** The schema's default for an unset setting, as written in the docs. */
function defaultOf(name: string, check: z.ZodType): string {
  const r = check.safeParse(undefined);
  if (!r.success) throw new Error(`${name}: its default does not pass its own check`);
  if (r.data === undefined) return 'unset';
  if (['string', 'number', 'boolean'].includes(typeof r.data)) return String(r.data);
  throw new Error(`${name}: give a shownDefault (its default is ${JSON.stringify(r.data)})`);
}

/** The Markdown table of every setting. */
export function settingsTable(rows = settingRows()): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| Setting | Default | Meaning |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| \`${r.name}\` | ${cell(r.default)} | ${cell(r.description)} |`),
  ].join('\n');
}

/** The README with the table between its markers rewritten. */
export function withSettingsTable(readme: string, rows = settingRows()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${TABLE_START} … ${TABLE_END}`);
  // Blank lines around the table: a Markdown table may not follow an HTML comment directly.
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${settingsTable(rows)}\n\n${readme.slice(end)}`;
}

/** `.env.example` with the comment line above each `NAME=` rewritten; every setting must be there. */
export function withSettingComments(example: string, rows = settingRows()): string {
  const lines = example.split('\n');
  const missing = new Set(rows.map((r) => r.name));
  for (const row of rows) {
    const at = lines.findIndex((l) => l.startsWith(`${row.name}=`));
    if (at < 0) continue;
    missing.delete(row.name);
    const comment = `# ${row.description} Default: ${row.default.replace(/\.$/, '')}.`;
    if (at > 0 && lines[at - 1].startsWith('# ') && !lines[at - 1].startsWith('# ----'))
      lines[at - 1] = comment;
    else lines.splice(at, 0, comment);
  }
  if (missing.size > 0) throw new Error(`.env.example lacks ${[...missing].join(', ')}`);
  return lines.join('\n');
}

function main(): void {
  const rows = settingRows();
  for (const [file, rewrite] of [
    [README_PATH, withSettingsTable],
    [ENV_EXAMPLE_PATH, withSettingComments],
  ] as const) {
    const before = readFileSync(file, 'utf8');
    const after = rewrite(before, rows);
    if (after !== before) writeFileSync(file, after);
    process.stdout.write(
      `${path.relative(PACKAGE_ROOT, file)}: ${after === before ? 'unchanged' : 'written'}\n`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
