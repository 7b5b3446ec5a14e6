/**
 * Whose code a number is. "Error code = 8464" from the Exchange MTA is the MTA's own code, not
 * ERROR_DS_DRA_INCOMPATIBLE_PARTIAL_SET; a Jet error is the database engine's. When the paste or
 * the article says so, a card gives the Windows meaning only as what the number would be as a
 * Windows error. The words that name an owner are listed here, and only here.
 */
const OWNERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bMSExchangeMTA\b|\bmessage transfer agent\b|\bMTA\b/, 'the Exchange MTA'],
  [/\bJET_err\w*|\bJet (?:database )?(?:engine |error)|\bESENT\b|\bJet\b/, 'the Jet database engine'],
  [
    /\bapplication[- ]specific (?:error )?code\b|\b(?:its|the application's) own (?:error )?code\b|\binternal error code\b/i,
    'the application',
  ],
];

/** The owner the text names, if any ("the Exchange MTA"). */
export function codeOwner(text: string): string | undefined {
  for (const [re, owner] of OWNERS) if (re.test(text)) return owner;
  return undefined;
}
