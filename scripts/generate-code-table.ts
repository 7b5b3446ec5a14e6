/**
 * Builds src/codes/data/codes.json, the Windows error-code table kbbot decodes pasted codes with.
 *
 * It reads local copies of public sources (CI has no network: this script is for regeneration,
 * the JSON it writes is committed). See src/codes/data/SOURCES.md for where each input comes from.
 *
 *   node --import tsx scripts/generate-code-table.ts \
 *     --mingw-include /usr/share/mingw-w64/include \
 *     --wine-src /tmp/wine-10.0 \
 *     [--ms-win32-docs /tmp/msdocs-win32] [--ms-driver-docs /tmp/msdocs-drivers] \
 *     [--version mingw=10.0.0-3 --version wine=10.0~repack-6 ...] \
 *     [--out src/codes/data/codes.json]
 *
 * Inputs (each may also come from an environment variable, named in brackets):
 *   --mingw-include DIR   MinGW-w64 headers: winerror.h, ntstatus.h, bugcodes.h, wininet.h  [KBBOT_MINGW_INCLUDE]
 *   --wine-src DIR        unpacked Wine source tree; reads dlls/kernelbase/winerror.mc,
 *                         dlls/wininet/winineterror.mc and dlls/ntdll/error.h               [KBBOT_WINE_SRC]
 *   --wine-mc FILE        a Wine message file to read (repeatable; default: the two above)   [KBBOT_WINE_MC, ':'-separated]
 *   --wine-status-map FILE  Wine's NTSTATUS -> Win32 table (default: dlls/ntdll/error.h)      [KBBOT_WINE_STATUS_MAP]
 *   --ms-win32-docs DIR   export of MicrosoftDocs/win32 (desktop-src/Debug, desktop-src/com)  [KBBOT_MS_WIN32_DOCS]
 *   --ms-driver-docs DIR  export of MicrosoftDocs/windows-driver-docs (windows-driver-docs-pr/debugger) [KBBOT_MS_DRIVER_DOCS]
 *   --version NAME=TEXT   recorded in the table's "sources" (e.g. the package version or commit)
 *   --out FILE            default src/codes/data/codes.json
 *
 * Only names, numbers and message texts are extracted; no source file is copied.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Kind = 'win32' | 'hresult' | 'ntstatus' | 'bugcheck';
const KINDS: Kind[] = ['win32', 'hresult', 'ntstatus', 'bugcheck'];

/** Where a name or message came from; a lower rank wins the primary name and the message. */
const RANK = { msdocs: 0, wine: 1, mingw: 2 } as const;
type Origin = keyof typeof RANK;

interface Entry {
  value: number;
  names: { name: string; rank: number; order: number }[];
  message?: { text: string; rank: number };
  /** NTSTATUS only: the Win32 code Windows maps it to. */
  win32?: number;
}

// ---------------------------------------------------------------- arguments

interface Options {
  mingwInclude: string;
  wineSrc?: string;
  wineMc: string[];
  wineStatusMap?: string;
  msWin32Docs?: string;
  msDriverDocs?: string;
  versions: Record<string, string>;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const here = dirname(fileURLToPath(import.meta.url));
  const opts: Options = {
    mingwInclude: process.env.KBBOT_MINGW_INCLUDE ?? '',
    wineSrc: process.env.KBBOT_WINE_SRC,
    wineMc: process.env.KBBOT_WINE_MC ? process.env.KBBOT_WINE_MC.split(':').filter(Boolean) : [],
    wineStatusMap: process.env.KBBOT_WINE_STATUS_MAP,
    msWin32Docs: process.env.KBBOT_MS_WIN32_DOCS,
    msDriverDocs: process.env.KBBOT_MS_DRIVER_DOCS,
    versions: {},
    out: resolve(here, '../src/codes/data/codes.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--mingw-include':
        opts.mingwInclude = next();
        break;
      case '--wine-src':
        opts.wineSrc = next();
        break;
      case '--wine-mc':
        opts.wineMc.push(next());
        break;
      case '--wine-status-map':
        opts.wineStatusMap = next();
        break;
      case '--ms-win32-docs':
        opts.msWin32Docs = next();
        break;
      case '--ms-driver-docs':
        opts.msDriverDocs = next();
        break;
      case '--out':
        opts.out = resolve(next());
        break;
      case '--version': {
        const [k, ...rest] = next().split('=');
        opts.versions[k] = rest.join('=');
        break;
      }
      case '--help':
      case '-h':
        process.stdout.write(`${readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0]}*/\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg} (try --help)`);
    }
  }
  if (!opts.mingwInclude) throw new Error('--mingw-include DIR is required (or KBBOT_MINGW_INCLUDE)');
  if (opts.wineSrc) {
    if (opts.wineMc.length === 0) {
      for (const rel of ['dlls/kernelbase/winerror.mc', 'dlls/wininet/winineterror.mc']) {
        const p = join(opts.wineSrc, rel);
        if (existsSync(p)) opts.wineMc.push(p);
      }
    }
    opts.wineStatusMap ??= join(opts.wineSrc, 'dlls/ntdll/error.h');
    const versionFile = join(opts.wineSrc, 'VERSION');
    if (!opts.versions.wine && existsSync(versionFile))
      opts.versions.wine = readFileSync(versionFile, 'utf8').trim();
  }
  if (opts.wineMc.length === 0)
    throw new Error('--wine-src DIR or --wine-mc FILE is required (or KBBOT_WINE_SRC / KBBOT_WINE_MC)');
  return opts;
}

// ---------------------------------------------------------------- the table being built

const tables: Record<Kind, Map<number, Entry>> = {
  win32: new Map(),
  hresult: new Map(),
  ntstatus: new Map(),
  bugcheck: new Map(),
};
let nameOrder = 0;
const counts: Record<string, number> = {};
function count(what: string): void {
  counts[what] = (counts[what] ?? 0) + 1;
}

function entry(kind: Kind, value: number): Entry {
  const v = value >>> 0;
  let e = tables[kind].get(v);
  if (!e) {
    e = { value: v, names: [] };
    tables[kind].set(v, e);
  }
  return e;
}

function addName(kind: Kind, value: number, name: string, origin: Origin): void {
  const e = entry(kind, value);
  const have = e.names.find((n) => n.name === name);
  if (have) {
    have.rank = Math.min(have.rank, RANK[origin]);
    return;
  }
  e.names.push({ name, rank: RANK[origin], order: nameOrder++ });
}

function addMessage(kind: Kind, value: number, text: string, origin: Origin): void {
  const clean = cleanText(text);
  if (!clean) return;
  const e = entry(kind, value);
  if (!e.message || RANK[origin] < e.message.rank) e.message = { text: clean, rank: RANK[origin] };
}

function cleanText(text: string): string {
  return (
    text
      .replace(/<br\s*\/?>/gi, ' ')
      // Markup tags only: "<domain name>\\<user name>" in a message is text.
      .replace(
        /<\/?(?:span|br|dl|dt|dd|p|b|i|em|strong|code|a|sup|sub|div|ul|ol|li|table|tr|td|th)\b[^>]*>/gi,
        '',
      )
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .replace(/(^|\s)\*(\w[^*]*?)\*(?=[\s.,;:)]|$)/g, '$1$2')
      .replace(/\\([_*\\[\]()#<>|`-])/g, '$1')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

// ---------------------------------------------------------------- MinGW-w64 headers

/** Names that are header plumbing, not codes. */
function isPlumbing(name: string): boolean {
  return (
    /^_/.test(name) ||
    /^(FACILITY|SEVERITY|STATUS_SEVERITY|ERROR_SEVERITY)_/.test(name) ||
    /_(FIRST|LAST|BASE|MASK|BIT)$/.test(name) ||
    /^(WSABASEERR|INTERNET_ERROR_BASE|INTERNET_ERROR_LAST|APPLICATION_ERROR_MASK|NOERROR)$/.test(name)
  );
}

function readMingwWinerror(file: string, facilities: Map<number, string>): void {
  const text = readFileSync(file, 'utf8');
  const bases: Record<string, number> = {};
  const aliases: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^#define\s+([A-Za-z_][A-Za-z0-9_]*)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [, name, body] = m;
    let r: RegExpExecArray | null;
    if ((r = /^FACILITY_([A-Z0-9_]+)$/.exec(name)) && /^\d+$/.test(body)) {
      const n = Number(body);
      if (!facilities.has(n)) facilities.set(n, r[1]);
      continue;
    }
    if (/^(WSABASEERR|INTERNET_ERROR_BASE)$/.test(name) && /^\d+$/.test(body)) {
      bases[name] = Number(body);
      continue;
    }
    if (isPlumbing(name)) continue;
    let value: number | undefined;
    let kind: Kind | undefined;
    if ((r = /^__MSABI_LONG\((\d+)\)$/.exec(body)) || (r = /^(\d+)L?$/.exec(body))) {
      value = Number(r[1]);
      kind = value < 0x10000 ? 'win32' : 'hresult';
    } else if (
      (r = /^(?:__MSABI_LONG\(|_HRESULT_TYPEDEF_\(|\(\(HRESULT\))(0x[0-9A-Fa-f]+)L?\)+$/.exec(body))
    ) {
      value = parseInt(r[1], 16) >>> 0;
      kind = /^_HRESULT_TYPEDEF_|^\(\(HRESULT\)/.test(body) || value >= 0x10000 ? 'hresult' : 'win32';
    } else if ((r = /^\((WSABASEERR|INTERNET_ERROR_BASE)\s*\+\s*(\d+)\)$/.exec(body)) && r[1] in bases) {
      value = bases[r[1]] + Number(r[2]);
      kind = 'win32';
    } else if (/^[A-Z][A-Z0-9_]+$/.test(body)) {
      aliases.push([name, body]);
      continue;
    } else {
      continue;
    }
    addName(kind, value, name, 'mingw');
    count(`mingw ${kind}`);
  }
  resolveAliases(aliases, ['win32', 'hresult']);
}

/** `#define A B`: A gets B's value, in B's table. */
function resolveAliases(aliases: [string, string][], kinds: Kind[]): void {
  for (let pass = 0; pass < 3; pass++) {
    for (const [alias, target] of aliases) {
      for (const kind of kinds) {
        for (const e of tables[kind].values()) {
          if (e.names.some((n) => n.name === target) && !e.names.some((n) => n.name === alias)) {
            addName(kind, e.value, alias, 'mingw');
          }
        }
      }
    }
  }
}

function readMingwWininet(file: string): void {
  const text = readFileSync(file, 'utf8');
  let base = 12000;
  for (const line of text.split('\n')) {
    const m = /^#define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [, name, body] = m;
    if (name === 'INTERNET_ERROR_BASE' && /^\d+$/.test(body)) base = Number(body);
    if (!/^ERROR_(INTERNET|HTTP|FTP|GOPHER)_/.test(name) || isPlumbing(name)) continue;
    const r = /^\(INTERNET_ERROR_BASE\s*\+\s*(\d+)\)$/.exec(body);
    if (!r) continue;
    addName('win32', base + Number(r[1]), name, 'mingw');
    count('mingw win32 (wininet)');
  }
}

function readMingwNtstatus(file: string): void {
  const text = readFileSync(file, 'utf8');
  const aliases: [string, string][] = [];
  for (const line of text.split('\n')) {
    const m = /^#define\s+([A-Z_][A-Z0-9_]*)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const [, name, body] = m;
    if (isPlumbing(name)) continue;
    const r = /^\(\(NTSTATUS\)\s*(0x[0-9A-Fa-f]+)L?\)$/.exec(body);
    if (r) {
      addName('ntstatus', parseInt(r[1], 16), name, 'mingw');
      count('mingw ntstatus');
    } else if (/^[A-Z][A-Z0-9_]+$/.test(body)) {
      aliases.push([name, body]);
    }
  }
  resolveAliases(aliases, ['ntstatus']);
}

function readMingwBugcodes(file: string): void {
  const text = readFileSync(file, 'utf8');
  let pendingMessage: string | undefined;
  for (const line of text.split('\n')) {
    const msg = /^\/\* Approximate msg: (.*?)\s*\*\/\s*$/.exec(line);
    if (msg) {
      pendingMessage = msg[1];
      continue;
    }
    const m = /^#define\s+([A-Z_][A-Z0-9_]*)\s+\(\(ULONG\)(0x[0-9A-Fa-f]+)\)/.exec(line);
    if (!m) continue;
    const value = parseInt(m[2], 16) >>> 0;
    const message = pendingMessage;
    pendingMessage = undefined;
    // 0x4000xxxx / 0x8000xxxx ids in this message file are boot-screen strings, not bug checks.
    if (value >= 0x40000000) continue;
    addName('bugcheck', value, m[1], 'mingw');
    count('mingw bugcheck');
    // Many "messages" just repeat the name, and some are ReactOS jokes: keep only plain sentences.
    if (message && message !== m[1] && !/ReactOS|%/.test(message) && /\s/.test(message)) {
      addMessage('bugcheck', value, message, 'mingw');
    }
  }
}

// ---------------------------------------------------------------- Wine

/** A Wine message-compiler file: MessageId/Severity/Facility/SymbolicName and an ENU text ending in a lone ".". */
function readWineMc(file: string): void {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const severities: Record<string, number> = { Success: 0, Informational: 1, Warning: 2, Error: 3 };
  const facilities: Record<string, number> = { Null: 0, System: 0 };
  const header = lines.join('\n');
  for (const block of header.matchAll(/(SeverityNames|FacilityNames)=\(([^)]*)\)/g)) {
    for (const part of block[2].matchAll(/(\w+)=(0x[0-9a-fA-F]+|\d+)/g)) {
      (block[1] === 'SeverityNames' ? severities : facilities)[part[1]] = Number(part[2]);
    }
  }
  // Facilities Wine names in winerror.mc without declaring them in this file's header.
  facilities.Dxgi ??= 0x87a;
  let id: number | undefined;
  let severity = 0;
  let facility = 0;
  let symbol: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if ((m = /^MessageId=(\S+)/.exec(line))) {
      id = Number(m[1]);
      severity = 0;
      facility = 0;
      symbol = undefined;
    } else if ((m = /^Severity=(\w+)/.exec(line))) {
      severity = severities[m[1]] ?? 0;
    } else if ((m = /^Facility=(\w+)/.exec(line))) {
      if (!(m[1] in facilities)) throw new Error(`${file}: unknown facility ${m[1]}`);
      facility = facilities[m[1]];
    } else if ((m = /^SymbolicName=(\w+)/.exec(line))) {
      symbol = m[1];
    } else if (/^Language=/.test(line) && id !== undefined) {
      const text: string[] = [];
      while (++i < lines.length && lines[i] !== '.') text.push(lines[i]);
      const value = (((severity & 3) << 30) | (facility << 16) | id) >>> 0;
      const kind: Kind = severity === 0 && facility === 0 && value < 0x10000 ? 'win32' : 'hresult';
      if (symbol) addName(kind, value, symbol, 'wine');
      addMessage(kind, value, text.join(' '), 'wine');
      count(`wine ${kind}`);
      id = undefined;
    }
  }
}

/** Wine's RtlNtStatusToDosError table: lines `ERROR_X, /* c0000022 (STATUS_Y) *\/`. */
function readWineStatusMap(file: string): void {
  const win32ByName = new Map<string, number>();
  for (const e of tables.win32.values()) for (const n of e.names) win32ByName.set(n.name, e.value);
  const hresultNames = new Set<string>();
  for (const e of tables.hresult.values()) for (const n of e.names) hresultNames.add(n.name);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(
    /^\s*([A-Z_][A-Za-z0-9_]*|\d+),\s*\/\*\s*([0-9a-fA-F]{8})\s*\((\w+)\)\s*\*\//gm,
  )) {
    const [, target, hex, statusName] = m;
    const status = parseInt(hex, 16) >>> 0;
    // The same function also maps some HRESULTs (SEC_E_*, CRYPT_E_*): those rows are not NTSTATUS codes.
    if (hresultNames.has(statusName) || !/^(STATUS|DBG|RPC_NT|EPT_NT)_/.test(statusName)) {
      count('wine status map: not an NTSTATUS name');
      continue;
    }
    const win32 = /^\d+$/.test(target) ? Number(target) : win32ByName.get(target);
    addName('ntstatus', status, statusName, 'wine');
    if (win32 === undefined) {
      count('wine status map: maps to a non-Win32 code');
      continue;
    }
    if (win32 === 317 /* ERROR_MR_MID_NOT_FOUND: "no mapping" */) continue;
    entry('ntstatus', status).win32 = win32;
    count('wine ntstatus -> win32');
  }
}

// ---------------------------------------------------------------- Microsoft documentation (CC BY 4.0)

function listMarkdown(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function unescapeName(s: string): string {
  return s.replace(/\\/g, '').trim();
}

/** desktop-src/Debug/system-error-codes--*.md: blocks of `**NAME**`, `N (0xN)`, message. */
function readMsSystemErrorCodes(dir: string): void {
  for (const file of listMarkdown(join(dir, 'desktop-src/Debug'), /^system-error-codes--.*\.md$/)) {
    const text = readFileSync(file, 'utf8');
    const blocks = text.split(/^(?=<span id=")/m).slice(1);
    for (const block of blocks) {
      const name = /\*\*([A-Za-z0-9_\\]+)\*\*/.exec(block);
      const num = /^\s*(\d+) \(0x([0-9A-Fa-f]+)\)\s*$/m.exec(block);
      if (!name || !num) continue;
      const value = Number(num[1]);
      if (value !== parseInt(num[2], 16)) throw new Error(`${file}: ${num[0]} disagrees with itself`);
      const after = block.slice(num.index + num[0].length);
      // The message is the paragraphs after the number, up to the page's next heading or table.
      const message = after
        .split(/^\s*(?:#|\|)/m)[0]
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .join(' ');
      addName('win32', value, unescapeName(name[1]), 'msdocs');
      addMessage('win32', value, message, 'msdocs');
      count('msdocs win32');
    }
  }
}

/** desktop-src/com/com-error-codes-*.md: table rows `<dt>**NAME**</dt> <dt>0x80004005</dt> ... | message |`. */
function readMsComErrorCodes(dir: string): void {
  for (const file of listMarkdown(join(dir, 'desktop-src/com'), /^com-error-codes(-\d+)?\.md$/)) {
    const text = readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      const m = /<dt>\*\*([A-Za-z0-9_\\]+)\*\*<\/dt>\s*<dt>(0x[0-9A-Fa-f]{1,8})L?<\/dt>.*?\|(.*)\|\s*$/.exec(
        line,
      );
      if (!m) continue;
      const value = parseInt(m[2], 16) >>> 0;
      const name = unescapeName(m[1]);
      // A few rows list Win32 codes (ERROR_*) by their small numbers: those belong to the Win32 table.
      const kind: Kind = value < 0x10000 && !/^(S_|E_|CO_|RPC_|OLE_|DISP_)/.test(name) ? 'win32' : 'hresult';
      addName(kind, value, name, 'msdocs');
      addMessage(kind, value, m[3], 'msdocs');
      count(`msdocs ${kind} (com)`);
    }
  }
}

/** windows-driver-docs-pr/debugger/bug-check-code-reference2.md and the page each row links to. */
function readMsBugChecks(dir: string): void {
  const base = join(dir, 'windows-driver-docs-pr/debugger');
  const ref = join(base, 'bug-check-code-reference2.md');
  if (!existsSync(ref)) throw new Error(`${ref} not found`);
  for (const m of readFileSync(ref, 'utf8').matchAll(
    /^\|\s*(0x[0-9A-Fa-f]{1,8})\s*\|\s*\[\*\*([A-Za-z0-9_\\]+)\*\*\]\(([^)]+)\)/gm,
  )) {
    const value = parseInt(m[1], 16) >>> 0;
    addName('bugcheck', value, unescapeName(m[2]), 'msdocs');
    count('msdocs bugcheck');
    const page = join(base, m[3]);
    if (!existsSync(page)) continue;
    const summary = bugCheckSummary(readFileSync(page, 'utf8'));
    if (summary) {
      addMessage('bugcheck', value, summary, 'msdocs');
      count('msdocs bugcheck message');
    }
  }
}

/** "The X bug check has a value of 0x… This bug check indicates that Y." -> "Y." */
function bugCheckSummary(page: string): string | undefined {
  const body = page.replace(/^---[\s\S]*?\n---\n/, '');
  const para = body
    .split(/\n\s*\n/)
    .map((p) => cleanText(p))
    .find((p) => /bug check has a value of/i.test(p));
  if (!para) return undefined;
  const m = /\bindicates? that (.+?\.)(?=\s|$)/i.exec(para) ?? /\bindicates (.+?\.)(?=\s|$)/i.exec(para);
  if (!m) return undefined;
  const s = m[1].trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------- output

type Row = [number, string] | [number, string, string | null] | [number, string, string | null, number];

function rows(kind: Kind): Row[] {
  const out: Row[] = [];
  for (const e of [...tables[kind].values()].sort((a, b) => a.value - b.value)) {
    // A row whose every name went to another number (see the duplicate check) is not trusted.
    if (e.names.length === 0) continue;
    // Best source first; within one source the plain COM names (S_OK over its alias SEC_E_OK), then header order.
    const plain = (n: string) => (/^[SE]_/.test(n) ? 0 : 1);
    const names = [...e.names]
      .sort((a, b) => a.rank - b.rank || plain(a.name) - plain(b.name) || a.order - b.order)
      .map((n) => n.name);
    const nameField = names.join('|');
    if (e.win32 !== undefined) out.push([e.value, nameField, e.message?.text ?? null, e.win32]);
    else if (e.message) out.push([e.value, nameField, e.message.text]);
    else out.push([e.value, nameField]);
  }
  return out;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const facilities = new Map<number, string>();
  const inc = (f: string) => join(opts.mingwInclude, f);

  readMingwWinerror(inc('winerror.h'), facilities);
  if (existsSync(inc('wininet.h'))) readMingwWininet(inc('wininet.h'));
  readMingwNtstatus(inc('ntstatus.h'));
  readMingwBugcodes(inc('bugcodes.h'));
  for (const mc of opts.wineMc) readWineMc(mc);
  if (opts.msWin32Docs) {
    readMsSystemErrorCodes(opts.msWin32Docs);
    readMsComErrorCodes(opts.msWin32Docs);
  }
  if (opts.msDriverDocs) readMsBugChecks(opts.msDriverDocs);
  // After every Win32 name is known, so the map's targets resolve.
  if (opts.wineStatusMap && existsSync(opts.wineStatusMap)) readWineStatusMap(opts.wineStatusMap);

  // A name must mean one number (it may name that number in two tables, e.g. a bug check that is an
  // NTSTATUS): report, and drop from the later table, any name claimed by two numbers.
  const seen = new Map<string, number>();
  for (const kind of KINDS) {
    for (const e of tables[kind].values()) {
      e.names = e.names.filter((n) => {
        const key = n.name.toUpperCase();
        const prev = seen.get(key);
        if (prev !== undefined && prev !== e.value) {
          count('dropped duplicate name');
          if (process.env.KBBOT_VERBOSE) {
            console.warn(
              `name ${n.name}: 0x${prev.toString(16)} and ${kind} 0x${e.value.toString(16)}; keeping the first`,
            );
          }
          return false;
        }
        seen.set(key, e.value);
        return true;
      });
    }
  }

  const sources = [
    {
      id: 'mingw',
      what: 'MinGW-w64 headers winerror.h, wininet.h, ntstatus.h, bugcodes.h (names and numbers; bug-check texts)',
      version: opts.versions.mingw ?? null,
      licence:
        'public domain (as the headers state); bugcodes.h: ReactOS text offered for use in the public domain',
    },
    {
      id: 'wine',
      what: 'Wine dlls/kernelbase/winerror.mc, dlls/wininet/winineterror.mc (message texts), dlls/ntdll/error.h (NTSTATUS to Win32 map)',
      version: opts.versions.wine ?? null,
      licence: 'LGPL-2.1-or-later; the extracted message texts and numbers are data',
    },
  ];
  if (opts.msWin32Docs) {
    sources.push({
      id: 'ms-win32-docs',
      what: 'Microsoft Learn "System Error Codes" and "COM Error Codes" pages (MicrosoftDocs/win32)',
      version: opts.versions['ms-win32-docs'] ?? null,
      licence:
        'CC-BY-4.0, (c) Microsoft Corporation; names, numbers and message texts extracted, markup removed',
    });
  }
  if (opts.msDriverDocs) {
    sources.push({
      id: 'ms-driver-docs',
      what: 'Microsoft Learn "Bug Check Code Reference" and bug-check pages (MicrosoftDocs/windows-driver-docs)',
      version: opts.versions['ms-driver-docs'] ?? null,
      licence:
        'CC-BY-4.0, (c) Microsoft Corporation; names, numbers and the "indicates that" sentence extracted',
    });
  }

  const table = {
    format: 1,
    note: 'Generated by scripts/generate-code-table.ts; see SOURCES.md. Rows: [value, "NAME|ALIAS...", message?, win32?].',
    sources,
    facilities: Object.fromEntries(
      [...facilities.entries()].sort((a, b) => a[0] - b[0]).map(([n, s]) => [String(n), s]),
    ),
    win32: rows('win32'),
    hresult: rows('hresult'),
    ntstatus: rows('ntstatus'),
    bugcheck: rows('bugcheck'),
  };
  // One row a line: compact, yet a regeneration diffs line by line.
  const json =
    '{\n' +
    Object.entries(table)
      .map(([k, v]) =>
        Array.isArray(v) && k !== 'sources'
          ? `${JSON.stringify(k)}: [\n${v.map((r) => JSON.stringify(r)).join(',\n')}\n]`
          : `${JSON.stringify(k)}: ${JSON.stringify(v)}`,
      )
      .join(',\n') +
    '\n}\n';
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, json);

  const summary = KINDS.map((k) => `${k} ${table[k].length}`).join(', ');
  console.log(`wrote ${opts.out}: ${Buffer.byteLength(json)} bytes; ${summary}`);
  for (const [k, v] of Object.entries(counts).sort()) console.log(`  ${k}: ${v}`);
}

main();
