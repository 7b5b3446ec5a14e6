/** A content file that cannot be read as an article: reported with its line, the rest still load. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ParseError';
  }
}
