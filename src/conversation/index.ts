/** The shared conversation logic: route a message to an intent, answer it as a Reply. */
export type * from './types.js';
export { BUILTIN_INTENTS } from './types.js';
export { respond, MAX_KEPT_QUERY_CHARS } from './respond.js';
export { articleFormatsText, agoText, progressText } from './format.js';
export {
  routeIntent,
  intentLoadProblems,
  getDefaultRouter,
  loadIntents,
  parseIntentFile,
  normalizeMessage,
  IntentRouter,
  DEFAULT_INTENTS_DIR,
  FALLBACK_INTENT,
  type IntentDefinition,
  type IntentProblem,
  type Route,
} from './intents.js';
export { directKb, statsOf, articleCard } from './direct-kb.js';
export { actionPayload, turnFromAction, type ActionPayload } from './actions.js';
