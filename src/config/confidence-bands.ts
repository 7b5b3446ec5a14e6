/**
 * How sure kbbot says it is, in words, and how sure it must be to speak unasked. Whether it
 * answers at all is the matcher's `MATCH_DEFAULTS.answerThreshold`.
 */
export const CONFIDENCE_BANDS = Object.freeze({
  /**
   * At or above: "high" on the cards (render/view.ts). Also the least a passive answer needs (Slack,
   * nobody asked: slack/passive.ts), and the floor of an answer the help desk taught.
   */
  high: 0.8,
  /** At or above: "medium"; below it, "low". */
  medium: 0.5,
});
