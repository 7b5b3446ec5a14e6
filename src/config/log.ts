/**
 * What kbbot's parts log through: pino's call shape (a pino `Logger` is one), so the store, the
 * match pool, the help desk and content reloads take the server's logger, and tests a silent one.
 */
export interface Log {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

/** A `Log` that also takes debug lines (the Teams adapter's turn-by-turn detail). */
export interface DebugLog extends Log {
  debug(o: object, msg?: string): void;
}
