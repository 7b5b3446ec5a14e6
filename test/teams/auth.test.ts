/**
 * With MicrosoftAppId set, /api/messages refuses requests without a valid Bot Framework token.
 * Only what is decided on this machine is tested: a missing token, a token that is not a JWT,
 * another scheme, and a JWT from an issuer Bot Framework does not trust are refused before any
 * signing key is fetched. (A token claiming Bot Framework's own issuer makes the adapter fetch
 * the signing keys from the Bot Framework OpenID endpoint on the internet, so it is not tested.)
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mountTeams, type TeamsSettings } from '../../src/teams/mount.js';
import { EVENT_4283, send, startTestServer, tempContent, type TestServer } from '../helpers/http.js';
import { activity, guardNetwork, startFakeConnector, type FakeConnector } from './fake-connector.js';

const APP_ID = '6d1f8c52-3f0a-4f57-9a53-0c7d2b1e8a11';
const TENANT_ID = '2b7e4c1d-9a8f-4e3b-b6c5-d4e3f2a1b0c9';

function base64url(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}

/** A well-formed JWT signed by nobody Bot Framework trusts. */
const FOREIGN_JWT = [
  base64url({ alg: 'RS256', typ: 'JWT', kid: 'test-key' }),
  base64url({
    iss: 'https://issuer.example.invalid/',
    aud: APP_ID,
    exp: Math.floor(Date.now() / 1000) + 600,
  }),
  'c2lnbmF0dXJl',
].join('.');

const CONFIGS: Array<[string, TeamsSettings]> = [
  [
    'multi-tenant',
    { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-not-real', MicrosoftAppType: 'MultiTenant' },
  ],
  [
    'single-tenant',
    {
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'test-secret-not-real',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TENANT_ID,
    },
  ],
];

let connector: FakeConnector;
let content: Awaited<ReturnType<typeof tempContent>>;
let network: ReturnType<typeof guardNetwork>;

before(async () => {
  network = guardNetwork();
  connector = await startFakeConnector();
  content = await tempContent();
});

after(async () => {
  await connector.close();
  await content.remove();
  network.restore();
});

for (const [name, settings] of CONFIGS) {
  describe(`POST /api/messages with credentials (${name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({
        contentDir: content.dir,
        mounts: [
          (app, ctx) =>
            void mountTeams(app, { deps: ctx.deps, logger: ctx.logger, settings, store: ctx.store }),
        ],
      });
    });
    after(() => server.close());

    const cases: Array<[string, string | undefined]> = [
      ['no Authorization header', undefined],
      ['a bearer token that is not a JWT', 'Bearer not-a-token'],
      ['another scheme', 'Basic a2Jib3Q6c2VjcmV0'],
      ['a JWT from an issuer Bot Framework does not trust', `Bearer ${FOREIGN_JWT}`],
    ];
    for (const [what, authorization] of cases) {
      test(`refuses ${what} with 401, sends nothing and reaches nothing off this machine`, async () => {
        const a = activity(connector.url, { text: EVENT_4283, channelId: 'msteams' });
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization) headers.authorization = authorization;
        const r = await send(`${server.url}/api/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify(a),
        });
        assert.equal(r.status, 401);
        assert.equal(connector.to(a.conversation.id).length, 0);
        assert.deepEqual(network.attempts, []);
      });
    }

    test('a body that is not an activity is still a 400 (checked before the token)', async () => {
      const r = await send(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"hello": "world"}',
      });
      assert.equal(r.status, 400);
    });
  });
}
