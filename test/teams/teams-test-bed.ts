import type { MountContext } from '../../src/platform/mount.js';
import { mountTeams, type TeamsMountContext } from '../../src/teams/mount.js';
import { startTestServer, tempContent, type TestServer } from '../helpers/http.js';
import { startFakeConnector, type FakeConnector } from './fake-connector.js';

/** The app with Teams mounted over a copy of the seed content, and a fake Connector on 127.0.0.1. */
export interface TeamsTestBed {
  server: TestServer;
  connector: FakeConnector;
  close(): Promise<void>;
}

/**
 * The setup the Teams tests share: Teams without credentials (the Emulator's mode), the test
 * server's deps, logger and store, and whatever a test changes (`options`).
 */
export async function startTeamsTestBed(
  options: (ctx: MountContext, connector: FakeConnector) => Partial<TeamsMountContext> = () => ({}),
): Promise<TeamsTestBed> {
  const connector = await startFakeConnector();
  const content = await tempContent();
  const server = await startTestServer({
    contentDir: content.dir,
    mounts: [
      (app, ctx) =>
        void mountTeams(app, {
          deps: ctx.deps,
          logger: ctx.logger,
          settings: {},
          store: ctx.store,
          ...options(ctx, connector),
        }),
    ],
  });
  return {
    server,
    connector,
    close: async () => {
      await server.close();
      await connector.close();
      await content.remove();
    },
  };
}
