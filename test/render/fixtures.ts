/** Replies of every kind, built by hand (no corpus needed), for the renderer tests. */
import type { Answer, AnswerArticle } from '../../src/answer/types.js';
import { decodeCode } from '../../src/codes/index.js';
import type { Reply } from '../../src/conversation/types.js';

export const ARTICLE: AnswerArticle = {
  id: 'Q214864',
  title: 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4',
  appliesTo: ['Microsoft Windows NT Server version 4.0 SP4', 'Microsoft Exchange Server, versions 5.0, 5.5'],
  url: 'https://support.microsoft.com/kb/214864',
  symptomExcerpt: 'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741.',
  cause:
    'Windows NT 4.0 Service Pack 4 causes NDISWAN Services to return IP addresses in the order in which they are bound.',
  resolution: {
    intro: 'To resolve this problem:',
    steps: [
      { text: 'Obtain the latest service pack.' },
      { text: 'Restart the <Exchange> services & check the log.' },
    ],
    text: '…',
  },
};

export const ANSWER: Answer = {
  query: 'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741',
  answered: true,
  confidence: 0.97,
  article: ARTICLE,
  why: [
    { kind: 'code', detail: 'error 0x2741 (10049)' },
    { kind: 'phrase', detail: '100% of the message’s wording' },
  ],
  alternatives: [
    {
      id: 'RB-LDAP-636',
      title: 'LDAPS listener does not start because port 636 is already in use',
      confidence: 0.62,
    },
    { id: 'Q811406', title: 'Event ID 4283, MTA May Stop Accepting Incoming Connections', confidence: 0.55 },
  ],
  codes: decodeCode('0x2741').readings.slice(0, 1),
};

export const NOT_CONFIDENT: Answer = {
  ...ANSWER,
  query: 'pop3 broken',
  answered: false,
  confidence: 0.31,
  codes: [],
};
export const NOTHING: Answer = {
  query: 'printer spooler crashed',
  answered: false,
  confidence: 0,
  why: [],
  alternatives: [],
  codes: [],
};

const huge = 'word '.repeat(4000);
export const HUGE: Answer = {
  ...ANSWER,
  query: 'x'.repeat(1_000_000),
  article: {
    ...ARTICLE,
    title: 'T'.repeat(400),
    appliesTo: Array.from({ length: 60 }, (_, i) => `Product ${i} ${'v'.repeat(40)}`),
    symptomExcerpt: huge,
    cause: huge,
    resolution: {
      intro: huge,
      steps: Array.from({ length: 120 }, (_, i) => ({ text: `step ${i} ${huge.slice(0, 3000)}` })),
      text: huge,
    },
    workaround: huge,
  },
  why: Array.from({ length: 40 }, (_, i) => ({
    kind: 'terms' as const,
    detail: `reason ${i} ${'r'.repeat(100)}`,
  })),
  alternatives: Array.from({ length: 30 }, (_, i) => ({
    id: `Q${100000 + i}`,
    title: 'A'.repeat(300),
    confidence: 0.1,
  })),
  codes: decodeCode('0x80070005').readings.slice(0, 3),
};

/** One reply of every kind, and the edge cases of "answer". */
export const REPLIES: Array<[string, Reply]> = [
  ['a confident answer', { kind: 'answer', answer: ANSWER }],
  ['an answer that is not confident', { kind: 'answer', answer: NOT_CONFIDENT }],
  ['an answer with nothing found', { kind: 'answer', answer: NOTHING }],
  [
    'a refused paste',
    {
      kind: 'answer',
      answer: { ...NOTHING, query: '', notice: 'The message was empty: paste an error message.' },
    },
  ],
  ['a huge answer', { kind: 'answer', answer: HUGE }],
  ['an article opened by id', { kind: 'article', id: 'KB214864', article: ARTICLE }],
  ['an id with no article', { kind: 'article', id: 'KB999999' }],
  [
    'help',
    {
      kind: 'help',
      text: 'Paste an error.\n• more — other matches',
      examples: ['error 0x2741', 'open KB214864'],
    },
  ],
  ['a greeting', { kind: 'greeting', text: 'Hello!' }],
  [
    'about',
    {
      kind: 'about',
      text: 'kbbot 1.0. I know 3 articles.',
      version: '1.0',
      corpus: {
        articles: 3,
        byFormat: { 'web-kb': 2, markdown: 1 },
        problems: [],
        problemCount: 0,
        loadedAt: '2026-04-17T10:00:00.000Z',
        contentDir: '/srv/kb',
        fromSnapshot: false,
      },
    },
  ],
  [
    'a decoded code',
    { kind: 'code', input: '0x2741', value: 0x2741, readings: decodeCode('0x2741').readings, text: '…' },
  ],
  [
    'an unknown code',
    { kind: 'code', input: 'banana', readings: [], text: '"banana" is not a Windows error code I know.' },
  ],
  [
    'other matches',
    { kind: 'more', query: ANSWER.query, alternatives: ANSWER.alternatives, text: 'Other matches for "…":' },
  ],
  ['no other matches', { kind: 'more', query: 'x', alternatives: [], text: 'No other article comes close.' }],
  [
    'a feedback acknowledgement',
    { kind: 'feedback-ack', helpful: true, articleId: 'Q214864', text: 'Thanks, noted that Q214864 helped.' },
  ],
  ['a text', { kind: 'text', text: 'I am still loading the knowledge base.' }],
];
