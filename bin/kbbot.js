#!/usr/bin/env node
// The CLI runs the compiled build (npm ci builds it through the prepare script).
import { main } from '../dist/src/cli/main.js';

main().catch((err) => {
  process.stderr.write(`kbbot: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
