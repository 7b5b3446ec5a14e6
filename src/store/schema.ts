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

export interface Database {
  kbbot_query: QueryTable;
  kbbot_feedback: FeedbackTable;
  kbbot_event_claim: EventClaimTable;
}
