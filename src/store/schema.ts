/** The tables of the store, as Kysely sees them. See `migrations.ts` for the DDL. */
import type { ColumnType } from 'kysely';

export interface QueryTable {
  /** The caller-made query id (a uuid). */
  id: string;
  at: ColumnType<Date, Date, Date>;
  platform: string;
  conversation: string;
  /** HMAC-SHA-256 of `platform:userId` with the salt; null when the user is unknown. */
  user_hash: string | null;
  /** The paste, or only its identifiers when the keep-only-identifiers setting is on. */
  text: string;
  /** `groupingKey(text)`: alike pastes share it (content-gap report). */
  grouping_key: string;
  top_article: string | null;
  confidence: number;
  answered: boolean;
}

export interface FeedbackTable {
  /** Made by the store when the feedback was recorded (a retried write stores one row). */
  id: string;
  at: ColumnType<Date, Date, Date>;
  platform: string;
  user_hash: string | null;
  query_id: string | null;
  query_text: string;
  article_id: string;
  helpful: boolean;
}

export interface EventClaimTable {
  key: string;
  claimed_at: ColumnType<Date, Date, Date>;
}

/** A question handed over to the help desk, and its answer once a person gave one. */
export interface EscalationTable {
  id: string;
  /** One handover per key (claimKey of the caller's key). */
  key: string;
  at: ColumnType<Date, Date, Date>;
  platform: string;
  user_hash: string | null;
  query_text: string;
  /** JSON: [{id, title, confidence}]. */
  guesses: string;
  /** JSON: where the asker is (platform-specific), or null. */
  origin: string | null;
  /** JSON: where the handover was posted. */
  posts: string;
  answered_at: ColumnType<Date, Date, Date> | null;
  answered_by: string | null;
  answer_kind: string | null;
  answer_article: string | null;
  answer_text: string | null;
}

/** A paste a person answered with an article (re-ranks later pastes like it). */
export interface LearnedTable {
  id: string;
  /** sha256 of article id and paste: one pairing per paste and article. */
  pair_key: string;
  at: ColumnType<Date, Date, Date>;
  query_text: string;
  article_id: string;
  answered_by: string | null;
  escalation_id: string | null;
}

export interface Database {
  kbbot_query: QueryTable;
  kbbot_feedback: FeedbackTable;
  kbbot_event_claim: EventClaimTable;
  kbbot_escalation: EscalationTable;
  kbbot_learned: LearnedTable;
}
