import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSettings } from '../../src/config/settings.js';

const APP_ID = '6d1f8c52-3f0a-4f57-9a53-0c7d2b1e8a11';
const TENANT_ID = '2b7e4c1d-9a8f-4e3b-b6c5-d4e3f2a1b0c9';

function problemsOf(env: Record<string, string>): string[] {
  const r = loadSettings(env);
  return r.ok ? [] : r.problems.map((p) => p.name).sort();
}

describe('Teams credentials in the settings', () => {
  test('none at all (open for the Emulator), multi-tenant, single-tenant and a managed identity start', () => {
    assert.deepEqual(problemsOf({}), []);
    assert.deepEqual(problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret' }), []);
    assert.deepEqual(
      problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT_ID,
      }),
      [],
    );
    assert.deepEqual(
      problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_ID,
      }),
      [],
    );
  });

  test('an app id without its secret is refused: replies could not be signed', () => {
    assert.deepEqual(problemsOf({ MicrosoftAppId: APP_ID }), ['MicrosoftAppPassword']);
  });

  test('an app id that is not a GUID, and a managed identity without its id or tenant, are refused', () => {
    assert.deepEqual(problemsOf({ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: 'secret' }), [
      'MicrosoftAppId',
    ]);
    assert.deepEqual(problemsOf({ MicrosoftAppType: 'UserAssignedMSI' }), [
      'MicrosoftAppId',
      'MicrosoftAppTenantId',
    ]);
  });
});
