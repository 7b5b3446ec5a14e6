/**
 * Versioned migrations, defined in code and applied at start by Kysely's `Migrator` — the same
 * SQL on PGlite and PostgreSQL. Never edit a released migration: add the next one.
 */
import {
  Migrator,
  sql,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely';

export const MIGRATION_TABLE = 'kbbot_migration';
export const MIGRATION_LOCK_TABLE = 'kbbot_migration_lock';
/** Key of the session advisory lock held around migrating (any 64-bit number unique to kbbot). */
export const MIGRATION_ADVISORY_LOCK = 7_261_830_517_402_113n;

export const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('kbbot_query')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('conversation', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('grouping_key', 'text', (c) => c.notNull())
        .addColumn('top_article', 'text')
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('answered', 'boolean', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kbbot_query_at').on('kbbot_query').column('at').execute();
      await db.schema.createIndex('kbbot_query_user').on('kbbot_query').column('user_hash').execute();
      await db.schema
        .createIndex('kbbot_query_unanswered')
        .on('kbbot_query')
        .columns(['grouping_key', 'at'])
        .where(sql.ref('answered'), '=', false)
        .execute();

      await db.schema
        .createTable('kbbot_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text')
        .addColumn('query_id', 'text')
        .addColumn('query_text', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('helpful', 'boolean', (c) => c.notNull())
        .execute();
      // One vote per person, query and article (NULLs never collide: anonymous votes all count).
      await db.schema
        .createIndex('kbbot_feedback_vote')
        .on('kbbot_feedback')
        .columns(['user_hash', 'query_id', 'article_id'])
        .unique()
        .execute();
      await db.schema.createIndex('kbbot_feedback_at').on('kbbot_feedback').column('at').execute();
      await db.schema.createIndex('kbbot_feedback_query').on('kbbot_feedback').column('query_id').execute();
      await db.schema
        .createIndex('kbbot_feedback_article')
        .on('kbbot_feedback')
        .columns(['article_id', 'helpful'])
        .execute();

      await db.schema
        .createTable('kbbot_event_claim')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('claimed_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('kbbot_event_claim_at')
        .on('kbbot_event_claim')
        .column('claimed_at')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kbbot_event_claim').execute();
      await db.schema.dropTable('kbbot_feedback').execute();
      await db.schema.dropTable('kbbot_query').execute();
    },
  },
  '0002_escalations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('kbbot_escalation')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text')
        .addColumn('query_text', 'text', (c) => c.notNull())
        .addColumn('guesses', 'text', (c) => c.notNull())
        .addColumn('origin', 'text')
        .addColumn('posts', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'timestamptz')
        .addColumn('answered_by', 'text')
        .addColumn('answer_kind', 'text')
        .addColumn('answer_article', 'text')
        .addColumn('answer_text', 'text')
        .execute();
      await db.schema.createIndex('kbbot_escalation_at').on('kbbot_escalation').column('at').execute();
      await db.schema
        .createIndex('kbbot_escalation_user')
        .on('kbbot_escalation')
        .column('user_hash')
        .execute();

      await db.schema
        .createTable('kbbot_learned')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pair_key', 'text', (c) => c.notNull().unique())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('query_text', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull())
        .addColumn('answered_by', 'text')
        .addColumn('escalation_id', 'text')
        .execute();
      await db.schema.createIndex('kbbot_learned_article').on('kbbot_learned').column('article_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kbbot_learned').execute();
      await db.schema.dropTable('kbbot_escalation').execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Applies pending migrations. On one connection, it first takes a PostgreSQL session advisory
 * lock so that two processes starting at once migrate one after the other (Kysely's Migrator
 * also locks, but only after creating its own tables); each migration runs in a transaction.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_ADVISORY_LOCK)})`.execute(conn);
    try {
      const migrator = new Migrator({
        db: conn,
        provider,
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
      });
      const result = await migrator.migrateToLatest();
      if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
      return result;
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_ADVISORY_LOCK)})`
        .execute(conn)
        .catch(() => undefined);
    }
  });
}
