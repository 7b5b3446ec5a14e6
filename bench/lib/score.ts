/** The benchmark scores every engine with the scorer `kbbot eval` uses, so the two can never disagree. */
export { scoreQueries } from '../../src/cli/eval.js';
