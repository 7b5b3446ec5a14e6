/** Which image of a Teams message is read, and who gets the bot's token for it (src/teams/images.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TurnContext } from 'botbuilder';
import { connectorAuth, imageOf } from '../../src/teams/images.js';

const SERVICE = 'https://smba.trafficmanager.net/emea/';

describe('imageOf', () => {
  it('an image attachment on the Bot Connector: with the token', () => {
    const url = 'https://smba.trafficmanager.net/emea/v3/attachments/0-abc/views/original';
    assert.deepEqual(
      imageOf({
        serviceUrl: SERVICE,
        attachments: [{ contentType: 'image/png', contentUrl: url, name: 'a.png' }],
      }),
      { url, name: 'a.png', withToken: true },
    );
  });

  it('an image attachment anywhere else: fetched without the token', () => {
    const url = 'https://example.com/a.png';
    assert.equal(
      imageOf({ serviceUrl: SERVICE, attachments: [{ contentType: 'image/jpeg', contentUrl: url }] })
        ?.withToken,
      false,
    );
  });

  it('an attachment URL on this machine, its network or a metadata address is not fetched at all', () => {
    for (const url of [
      'http://example.com/a.png',
      'https://127.0.0.1/a.png',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/a.png',
      'https://localhost/a.png',
      'https://db.internal/a.png',
    ]) {
      assert.equal(
        imageOf({ serviceUrl: SERVICE, attachments: [{ contentType: 'image/png', contentUrl: url }] }),
        undefined,
        url,
      );
    }
  });

  it("the Emulator's attachments on its own loopback serviceUrl are read", () => {
    const local = 'http://127.0.0.1:5001/';
    const url = 'http://127.0.0.1:5001/v3/attachments/1/views/original';
    assert.equal(
      imageOf({ serviceUrl: local, attachments: [{ contentType: 'image/png', contentUrl: url }] })?.url,
      url,
    );
  });

  it('a picture file sent in personal chat: its pre-authenticated link, no token; other files are not images', () => {
    const file = (fileType: string) => ({
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: `shot.${fileType}`,
      content: { downloadUrl: `https://contoso.sharepoint.com/shot.${fileType}?tempauth=x`, fileType },
    });
    assert.deepEqual(imageOf({ serviceUrl: SERVICE, attachments: [file('png')] }), {
      url: 'https://contoso.sharepoint.com/shot.png?tempauth=x',
      name: 'shot.png',
      withToken: false,
    });
    assert.equal(imageOf({ serviceUrl: SERVICE, attachments: [file('pdf')] }), undefined);
  });

  it('an inline <img> of the message HTML only when it points at the Bot Connector', () => {
    const html = (src: string) => ({
      contentType: 'text/html',
      content: `<p>see <img src="${src}" alt="image"></p>`,
    });
    const onConnector = 'https://smba.trafficmanager.net/emea/v3/attachments/0-xyz/views/original';
    assert.equal(imageOf({ serviceUrl: SERVICE, attachments: [html(onConnector)] })?.url, onConnector);
    assert.equal(
      imageOf({ serviceUrl: SERVICE, attachments: [html('https://evil.example/x.png')] }),
      undefined,
    );
  });
});

describe('connectorAuth', () => {
  const contextWith = (credentials: object | undefined) => {
    const key = Symbol('ConnectorClient');
    return {
      adapter: { ConnectorClientKey: key },
      turnState: new Map([[key, credentials && { credentials }]]),
    } as unknown as TurnContext;
  };

  it("sends the bot's token from the adapter's app credentials", async () => {
    assert.deepEqual(await connectorAuth(contextWith({ appId: 'app', getToken: async () => 'bot-token' })), {
      Authorization: 'Bearer bot-token',
    });
  });

  it('sends nothing without an app id (the Emulator)', async () => {
    assert.deepEqual(await connectorAuth(contextWith({ appId: '', getToken: async () => 'unused' })), {});
    assert.deepEqual(await connectorAuth(contextWith(undefined)), {});
  });
});
