import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_INTENTS_DIR,
  getDefaultRouter,
  loadIntents,
  normalizeMessage,
  routeIntent,
} from '../../src/conversation/intents.js';
import { BUILTIN_INTENTS } from '../../src/conversation/types.js';
import { EVENT_4283 } from '../helpers/http.js';

describe('the intents in intents/', () => {
  test('load without problems, one file per built-in intent', () => {
    const router = getDefaultRouter();
    assert.deepEqual(router.problems, []);
    assert.deepEqual(router.intents.map((i) => i.name).sort(), [...BUILTIN_INTENTS].sort());
  });

  for (const intent of getDefaultRouter().intents) {
    test(`every example of "${intent.name}" routes to ${intent.name}`, () => {
      for (const example of intent.examples) {
        assert.equal(
          routeIntent(example).intent,
          intent.name,
          `example ${JSON.stringify(example)} of ${intent.file}`,
        );
      }
    });
  }

  test('a plain paste routes to search', () => {
    const pastes = [
      EVENT_4283,
      'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741.',
      'error 0x2741',
      'WSAEADDRNOTAVAIL',
      'exchnage protocls fail after servce pack 4',
      'The RPC server is unavailable',
      'help me the exchange server says event 1309 register ldap ssl failed with error 10049 and nothing works '.repeat(
        3,
      ),
      'help\nEvent ID: 1309',
    ];
    for (const p of pastes) assert.equal(routeIntent(p).intent, 'search', JSON.stringify(p.slice(0, 60)));
  });

  test('a command routes the same with a platform mention, spaces or another case', () => {
    assert.equal(routeIntent('<@U0KBBOT> help').intent, 'help');
    assert.equal(routeIntent('<at>kbbot</at> MORE ').intent, 'more');
    assert.equal(routeIntent('@kbbot: open   kb214864').intent, 'article');
    assert.equal(normalizeMessage('<at>kbbot</at>  decode\u00a00x2741'), 'decode 0x2741');
  });

  test('slots come from the named groups of the pattern that matched', () => {
    assert.deepEqual(routeIntent('open KB811406').slots, { id: 'KB811406' });
    assert.deepEqual(routeIntent('decode 0x80070005').slots, { code: '0x80070005' });
    assert.deepEqual(routeIntent('not helpful Q214864').slots, { vote: 'not helpful', id: 'Q214864' });
    assert.deepEqual(routeIntent('search event 4283').slots, { query: 'event 4283' });
  });
});

describe('an intents folder with broken files', () => {
  test('reports each bad file with its line and reason at load, and the other intents still work', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kbbot-intents-'));
    try {
      await cp(DEFAULT_INTENTS_DIR, dir, { recursive: true });
      await writeFile(path.join(dir, 'bad-yaml.yaml'), 'name: oops\npatterns: [unclosed\nexamples: [x]\n');
      await writeFile(
        path.join(dir, 'bad-regex.yaml'),
        "name: bad-regex\npatterns:\n  - '^ok$'\n  - '(unclosed'\nexamples: [ok]\n",
      );
      await writeFile(
        path.join(dir, 'no-examples.json'),
        JSON.stringify({ name: 'no-examples', patterns: ['^x$'], examples: [] }),
      );
      await writeFile(path.join(dir, 'twin.yaml'), "name: help\npatterns: ['^twin$']\nexamples: [twin]\n");
      const router = loadIntents(dir);
      const byFile = new Map(router.problems.map((p) => [p.file, p]));
      assert.match(byFile.get('bad-yaml.yaml')?.reason ?? '', /not valid YAML/);
      assert.equal(typeof byFile.get('bad-yaml.yaml')?.line, 'number');
      assert.match(
        byFile.get('bad-regex.yaml')?.reason ?? '',
        /patterns\.1 is not a valid regular expression/,
      );
      assert.equal(byFile.get('bad-regex.yaml')?.line, 4);
      assert.match(byFile.get('no-examples.json')?.reason ?? '', /examples/);
      assert.match(byFile.get('twin.yaml')?.reason ?? '', /already defined in help\.yaml/);
      assert.equal(router.problems.length, 4);
      assert.equal(router.route('help').intent, 'help');
      assert.equal(router.route('decode 0x2741').intent, 'code');
      assert.equal(router.route('twin').intent, 'search');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing intents folder is a problem, and every message is then a search', () => {
    const router = loadIntents(path.join(os.tmpdir(), 'kbbot-no-such-intents-folder'));
    assert.equal(router.problems.length, 1);
    assert.match(router.problems[0].reason, /cannot read the intents folder/);
    assert.equal(router.route('help').intent, 'search');
  });
});
