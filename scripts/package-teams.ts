/**
 * `npm run package:teams`: the Teams app package to sideload — a zip of manifest.json (this
 * repository's, with the bot's Microsoft App ID and the app version filled in) and the two icons
 * of assets/teams/. The manifest is checked against its JSON schema (shipped in the
 * @microsoft/app-manifest package, no network) before the zip is written.
 *
 *   npm run package:teams -- [--bot-id <MicrosoftAppId>] [--domain <public host of kbbot>] [--out <file.zip>]
 *
 * The bot id defaults to MicrosoftAppId (environment, then .env); the zip goes to
 * dist/kbbot-teams.zip unless --out says otherwise.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import dotenv from 'dotenv';
import { zipSync } from 'fflate';
import { PACKAGE_ROOT } from '../src/config/paths.js';

export const MANIFEST_PATH = path.join(PACKAGE_ROOT, 'manifest.json');
export const ICON_DIR = path.join(PACKAGE_ROOT, 'assets', 'teams');
export const DEFAULT_OUT = path.join(PACKAGE_ROOT, 'dist', 'kbbot-teams.zip');
/** The bot id manifest.json carries until a real one is filled in. */
export const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** The parts of the manifest this script reads or fills in. */
export interface TeamsManifest {
  manifestVersion: string;
  version: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{ botId: string; scopes: string[] }>;
  composeExtensions: Array<{ botId: string; commands: Array<{ id: string; type: string }> }>;
  validDomains: string[];
  [k: string]: unknown;
}

const SCHEMAS_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** The manifest versions whose schema the installed @microsoft/app-manifest ships, oldest first ("1.30", …). */
export function shippedSchemaVersions(): string[] {
  // Only numbered releases count (not vDevPreview).
  const versions = readdirSync(SCHEMAS_DIR).flatMap((d) => /^v(1\.\d+)$/.exec(d)?.[1] ?? []);
  return versions.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

/** Problems with a manifest against the schema of its manifestVersion (empty when it is valid). */
export function manifestProblems(manifest: { manifestVersion?: unknown }): string[] {
  const version = String(manifest.manifestVersion ?? '');
  let schema: object;
  try {
    schema = JSON.parse(
      readFileSync(path.join(SCHEMAS_DIR, `v${version}`, 'MicrosoftTeams.schema.json'), 'utf8'),
    ) as object;
  } catch {
    return [`no schema for manifestVersion "${version}" in @microsoft/app-manifest`];
  }
  // The Teams schemas are JSON Schema draft-04; formats (uri, email…) are checked too.
  // (Both are CommonJS: imported from ESM, the module is the default; its `.default` is the export.)
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) =>
      `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${String(e.params.allowedValues)})` : ''}`,
  );
}

export function readManifest(file = MANIFEST_PATH): TeamsManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as TeamsManifest;
}

export interface PackageOptions {
  /** The bot's Microsoft App ID (MicrosoftAppId). */
  botId: string;
  /** The public host name kbbot is reached at, for validDomains; the manifest's own list is kept without it. */
  domain?: string;
  /** The app version; default package.json's. */
  version?: string;
  manifest?: TeamsManifest;
  iconDir?: string;
}

/** The manifest as packaged: bot id, version and domain filled in. */
export function packagedManifest(opts: PackageOptions): TeamsManifest {
  if (!GUID.test(opts.botId) || opts.botId === PLACEHOLDER_BOT_ID)
    throw new Error(`the bot id must be the bot's Microsoft App ID (a GUID), not "${opts.botId}"`);
  if (opts.domain !== undefined && !HOST.test(opts.domain))
    throw new Error(
      `--domain must be a host name such as kbbot.contoso.com (no https://, no path), not "${opts.domain}"`,
    );
  const m = structuredClone(opts.manifest ?? readManifest());
  m.version =
    opts.version ??
    (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  for (const bot of m.bots) bot.botId = opts.botId;
  for (const ext of m.composeExtensions) ext.botId = opts.botId;
  if (opts.domain) m.validDomains = [opts.domain];
  return m;
}

/** The zip: manifest.json and the two icons, at its root (where Teams looks for them). */
export function buildTeamsPackage(opts: PackageOptions): Uint8Array {
  const manifest = packagedManifest(opts);
  const problems = manifestProblems(manifest);
  if (problems.length)
    throw new Error(
      `manifest.json does not match the Teams schema v${manifest.manifestVersion}:\n  ${problems.join('\n  ')}`,
    );
  const iconDir = opts.iconDir ?? ICON_DIR;
  return zipSync({
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [manifest.icons.color]: readFileSync(path.join(iconDir, manifest.icons.color)),
    [manifest.icons.outline]: readFileSync(path.join(iconDir, manifest.icons.outline)),
  });
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      'bot-id': { type: 'string' },
      domain: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'npm run package:teams -- [--bot-id <MicrosoftAppId>] [--domain <public host of kbbot>] [--out <file.zip>]\n',
    );
    return 0;
  }
  dotenv.config({ quiet: true, path: path.join(PACKAGE_ROOT, '.env') });
  const botId = values['bot-id'] ?? process.env.MicrosoftAppId?.trim();
  if (!botId) {
    process.stderr.write(
      "package:teams: no bot id. Set MicrosoftAppId in .env (the Azure Bot's Microsoft App ID) or pass --bot-id <guid>.\n",
    );
    return 1;
  }
  const out = path.resolve(values.out ?? DEFAULT_OUT);
  try {
    const zip = buildTeamsPackage({ botId, domain: values.domain });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, zip);
  } catch (e) {
    process.stderr.write(`package:teams: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.stdout.write(
    `wrote ${out} (manifest.json, color.png, outline.png): upload it in Teams → Apps → Manage your apps → Upload an app\n`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
