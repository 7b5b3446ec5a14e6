import type { CodeKind, CodeReading } from './types.js';
import { codeTable } from './table.js';
import { parseCodeInput } from './parse.js';
import { aliasesOf, hex8, hexShort, readCode } from './read.js';

/** How each kind is named to a person. */
export const KIND_LABELS: Record<CodeKind, string> = {
  win32: 'Win32 error',
  hresult: 'HRESULT',
  ntstatus: 'NTSTATUS',
  bugcheck: 'Bug check (STOP code)',
};

export interface DecodedCode {
  input: string;
  value?: number;
  readings: CodeReading[];
}

/** Puts the readings of the kinds the input named first, keeping the rest in their order. */
function preferKinds(readings: CodeReading[], kinds: readonly CodeKind[]): CodeReading[] {
  if (kinds.length === 0) return readings;
  const rank = (r: CodeReading) => {
    const i = kinds.indexOf(r.kind);
    return i < 0 ? kinds.length : i;
  };
  return readings
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/**
 * A pasted code in any notation: a literal (`0x2741`, `10049`, `-2147467259`), a symbolic name
 * (`WSAEADDRNOTAVAIL`) or a phrase (`STOP 0x0000007B`, `error 5`, `HRESULT 0x80004005`).
 * A phrase's word puts the readings of its kind first; a symbolic name keeps only the readings of its own tables.
 */
export function decodeCode(input: string): DecodedCode {
  const parsed = parseCodeInput(input);
  if (parsed.value === undefined) return { input, readings: [] };
  let readings = readCode(parsed.value);
  if (parsed.symbol) {
    const own = readings.filter((r) => parsed.kinds.includes(r.kind));
    if (own.length > 0) readings = own;
  }
  return { input, value: parsed.value, readings: preferKinds(readings, parsed.kinds) };
}

function messageOf(r: CodeReading): string | undefined {
  // Windows formats 0x8007xxxx with the Win32 text; an NTSTATUS without a text of its own borrows its Win32 one.
  if (r.kind === 'hresult') return r.win32?.message ?? r.message;
  return r.message ?? r.win32?.message;
}

function win32Part(w: CodeReading): string {
  return w.name ? `${w.value}, ${w.name}` : `${w.value}`;
}

/** One reading as a card line. */
export function formatReadingLine(r: CodeReading): string {
  let head: string;
  switch (r.kind) {
    case 'win32':
      head = `${hexShort(r.value)} = ${r.value}${r.name ? ` = ${r.name}` : ''}`;
      break;
    case 'hresult':
      head = `${r.hex} = ${r.name ?? 'HRESULT'}${r.win32 ? ` (Win32 ${win32Part(r.win32)})` : ''}`;
      break;
    case 'ntstatus':
      head = `${r.hex} = ${r.name ?? 'NTSTATUS'}${r.win32 ? ` (maps to Win32 ${win32Part(r.win32)})` : ''}`;
      break;
    case 'bugcheck':
      head = `STOP ${r.hex}${r.name ? ` = ${r.name}` : ''}`;
      break;
  }
  const message = messageOf(r);
  return message ? `${head}: ${message}` : head;
}

/**
 * One line for a card: `0x2741 = 10049 = WSAEADDRNOTAVAIL: The requested address is not valid in its context.`
 * Uses the most likely reading, or the reading of `kind` when given; undefined when the number is unknown.
 */
export function formatCodeLine(value: number, kind?: CodeKind): string | undefined {
  const readings = readCode(value);
  const r = kind ? readings.find((x) => x.kind === kind) : readings[0];
  return r ? formatReadingLine(r) : undefined;
}

function describeReading(r: CodeReading): string {
  const label = KIND_LABELS[r.kind];
  const where = r.kind === 'win32' ? `${label} ${r.value} (${hexShort(r.value)})` : `${label} ${r.hex}`;
  const aliases = aliasesOf(r);
  const name =
    r.name ??
    (r.kind === 'hresult' && r.win32
      ? `HRESULT_FROM_WIN32(${r.win32.name ?? r.win32.value})`
      : '(no symbolic name)');
  let line = `- ${where}: ${name}`;
  if (aliases.length > 0)
    line += ` (also ${aliases.slice(0, 3).join(', ')}${aliases.length > 3 ? ', ...' : ''})`;
  if (r.message) line += ` — ${r.message}`;
  if (r.win32) {
    const w = r.win32;
    const how = r.kind === 'ntstatus' ? 'Windows reports it as Win32 error' : 'It carries Win32 error';
    line += `\n    ${how} ${w.value} (${hexShort(w.value)})${w.name ? `, ${w.name}` : ''}${w.message ? ` — ${w.message}` : ''}`;
  }
  return line;
}

/** What an unknown number looks like, when its shape says something (a failure HRESULT's facility). */
function shapeHint(v: number): string | undefined {
  if (v < 0x10000) return undefined;
  const severe = (v & 0x80000000) !== 0;
  const customer = (v & 0x20000000) !== 0;
  if (customer) return 'It has the customer bit (0x20000000) set: an application-defined code.';
  const facility = (v >>> 16) & 0x1fff;
  const top = v >>> 28;
  if (top === 0xc || top === 0x4) {
    return `It has the shape of an NTSTATUS (severity ${top === 0xc ? 'error' : 'informational'}, facility 0x${facility.toString(16).toUpperCase()}, code 0x${(v & 0xffff).toString(16).toUpperCase()}).`;
  }
  if (severe) {
    const name = codeTable().facilities.get(facility & 0x7ff);
    return `It has the shape of a failure HRESULT (facility ${facility & 0x7ff}${name ? ` = ${name}` : ''}, code 0x${(v & 0xffff).toString(16).toUpperCase()}).`;
  }
  return undefined;
}

/** What `kbbot code <code>` prints: every reading, labelled by kind, or a clear "unknown code" line. */
export function formatCodeReport(input: string): string {
  const decoded = decodeCode(input);
  const shown = input.trim();
  if (decoded.value === undefined) {
    return (
      `Unknown code: "${shown}" is not a Windows error code kbbot can read. ` +
      'Give a number (0x80070005, 10049, -2147467259), a name (WSAEADDRNOTAVAIL, E_ACCESSDENIED) or "STOP 0x7B".'
    );
  }
  const v = decoded.value;
  const numbers = `${hex8(v)} = ${v}${v >= 0x80000000 ? ` = ${(v | 0).toString()}` : ''}`;
  if (decoded.readings.length === 0) {
    const hint = shapeHint(v);
    return `Unknown code: ${numbers} is not in kbbot's Windows error-code table.${hint ? ` ${hint}` : ''}`;
  }
  const n = decoded.readings.length;
  const lines = [`${numbers}: ${n === 1 ? 'one reading' : `${n} readings`}`];
  for (const r of decoded.readings) lines.push(describeReading(r));
  if (n > 1 && decoded.readings.slice(1).some((r) => r.kind === 'bugcheck')) {
    lines.push(
      '(The bug-check reading applies only when the number came from a blue screen or a "STOP" line.)',
    );
  }
  return lines.join('\n');
}
