/** Runs the kbbot CLI from source, for the CLI tests: `node --import tsx test/cli/run-cli.ts <command> ...`. */
import { main } from '../../src/cli/main.js';

main().catch((err: unknown) => {
  process.stderr.write(`kbbot: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
