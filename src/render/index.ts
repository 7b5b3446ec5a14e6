/** Pure renderers at the edge: a Reply → a Slack message, a Teams card, plain text. */
export {
  renderBlockKit,
  escapeMrkdwn,
  SLACK_LIMITS,
  type Block,
  type BlockKitMessage,
  type ButtonElement,
} from './block-kit.js';
export { renderLinkCard } from './adaptive-card.js';
export {
  renderAdaptiveCard,
  cardBytes,
  MAX_CARD_BYTES,
  type AdaptiveCard,
  type CardElement,
  type CardAction,
} from './adaptive-card.js';
export { renderReplyText } from './text.js';
export { buildView, confidenceText, confidenceLabel, type CardView } from './view.js';
