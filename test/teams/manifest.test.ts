import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { FIND_KB_FIX_COMMAND } from '../../src/teams/cards.js';
import { KB_LINK_DOMAIN } from '../../src/answer/article-refs.js';
import {
  buildTeamsPackage,
  ICON_DIR,
  manifestProblems,
  PLACEHOLDER_BOT_ID,
  readManifest,
  shippedSchemaVersions,
} from '../../scripts/package-teams.js';

const BOT_ID = '6d1f8c52-3f0a-4f57-9a53-0c7d2b1e8a11';

function png(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe('manifest.json', () => {
  const manifest = readManifest();

  test('passes the JSON schema of its manifest version (from @microsoft/app-manifest)', () => {
    assert.deepEqual(manifestProblems(manifest), []);
  });

  test('uses the newest manifest schema version the package ships', () => {
    assert.equal(manifest.manifestVersion, shippedSchemaVersions().at(-1));
    assert.equal(
      manifest.$schema,
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
  });

  test('the schema check finds a mistake (an unknown scope, a missing field)', () => {
    const broken = structuredClone(manifest);
    broken.bots[0].scopes = ['personal', 'everyone'];
    delete (broken as Record<string, unknown>).accentColor;
    const problems = manifestProblems(broken);
    assert.ok(
      problems.some((p) => p.includes('/bots/0/scopes/1')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.includes('accentColor')),
      problems.join('\n'),
    );
  });

  test('declares the bot in personal, team and group chat, the compose-box search, valid domains and both icons', () => {
    assert.deepEqual(manifest.bots[0].scopes, ['personal', 'team', 'groupChat']);
    const [search] = manifest.composeExtensions[0].commands;
    assert.equal(search.type, 'query');
    assert.equal(search.id, 'searchKb');
    assert.ok(manifest.validDomains.length > 0);
    assert.deepEqual(manifest.icons, { color: 'color.png', outline: 'outline.png' });
  });

  test('"Find KB fix" on any message, and KB links unfurled, with the ids and domain the bot reads', () => {
    const commands = manifest.composeExtensions[0].commands as Array<{
      id: string;
      type: string;
      context?: string[];
      fetchTask?: boolean;
    }>;
    const action = commands.find((c) => c.id === FIND_KB_FIX_COMMAND);
    assert.deepEqual(action && [action.type, action.context, action.fetchTask], [
      'action',
      ['message'],
      true,
    ]);
    const handlers = (
      manifest.composeExtensions[0] as {
        messageHandlers?: Array<{ type: string; value: { domains: string[] } }>;
      }
    ).messageHandlers;
    assert.deepEqual(handlers, [{ type: 'link', value: { domains: [KB_LINK_DOMAIN] } }]);
  });

  test('its version is the package version', async () => {
    const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(manifest.version, pkg.version);
  });
});

describe('the Teams icons', () => {
  test('color.png is 192×192 and opaque', async () => {
    const icon = png(await readFile(path.join(ICON_DIR, 'color.png')));
    assert.deepEqual([icon.width, icon.height], [192, 192]);
    for (let i = 3; i < icon.data.length; i += 4) assert.equal(icon.data[i], 255);
  });

  test('outline.png is 32×32, white on transparent, with something drawn', async () => {
    const icon = png(await readFile(path.join(ICON_DIR, 'outline.png')));
    assert.deepEqual([icon.width, icon.height], [32, 32]);
    let drawn = 0;
    for (let i = 0; i < icon.data.length; i += 4) {
      if (icon.data[i + 3] === 0) continue;
      drawn++;
      assert.deepEqual([icon.data[i], icon.data[i + 1], icon.data[i + 2]], [255, 255, 255], `pixel ${i / 4}`);
    }
    assert.ok(drawn > 50 && drawn < 32 * 32 * 0.6, `${drawn} pixels drawn`);
  });
});

describe('npm run package:teams', () => {
  test('the zip holds manifest.json with the bot id and the domain filled in, and the two icons, at its root', () => {
    const files = unzipSync(buildTeamsPackage({ botId: BOT_ID, domain: 'kbbot.contoso.com' }));
    assert.deepEqual(Object.keys(files).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as ReturnType<
      typeof readManifest
    >;
    assert.equal(packaged.bots[0].botId, BOT_ID);
    assert.equal(packaged.composeExtensions[0].botId, BOT_ID);
    assert.deepEqual(packaged.validDomains, ['kbbot.contoso.com']);
    assert.deepEqual(manifestProblems(packaged), []);
    assert.equal(png(files['color.png']).width, 192);
    assert.equal(png(files['outline.png']).width, 32);
  });

  test('refuses the placeholder bot id and a domain that is a URL', () => {
    assert.throws(() => buildTeamsPackage({ botId: PLACEHOLDER_BOT_ID }), /Microsoft App ID/);
    assert.throws(
      () => buildTeamsPackage({ botId: BOT_ID, domain: 'https://kbbot.contoso.com/' }),
      /host name/,
    );
  });

  test('the script writes the zip, and without a bot id says how to give one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kbbot-teams-package-'));
    try {
      const run = promisify(execFile);
      const script = path.join(PACKAGE_ROOT, 'scripts', 'package-teams.ts');
      const out = path.join(dir, 'app.zip');
      const env = { ...process.env, MicrosoftAppId: BOT_ID };
      const ok = await run(process.execPath, ['--import', 'tsx', script, '--out', out], {
        cwd: PACKAGE_ROOT,
        env,
      });
      assert.match(ok.stdout, /wrote .*app\.zip/);
      assert.deepEqual(Object.keys(unzipSync(await readFile(out))).sort(), [
        'color.png',
        'manifest.json',
        'outline.png',
      ]);
      const failed = await run(process.execPath, ['--import', 'tsx', script, '--out', out], {
        cwd: PACKAGE_ROOT,
        env: { ...process.env, MicrosoftAppId: '' },
      }).then(
        () => assert.fail('expected exit 1'),
        (e: { code: number; stderr: string }) => e,
      );
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /Set MicrosoftAppId in \.env .* or pass --bot-id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
