// kbbot playground: paste an error, see the Reply as the Teams card (rendered by the
// adaptivecards library, served by kbbot itself) and as a Slack Block Kit preview. Both cards
// come from the server's pure renderers, the same ones the Slack and Teams adapters use.
// No framework, no build step, nothing from a CDN.

const $ = (sel) => document.querySelector(sel);
const form = $('#ask-form');
const paste = $('#paste');
const send = $('#send');
const teams = $('#teams-card');
const slack = $('#slack-preview');
const summary = $('#summary');
const summaryList = $('#summary-list');
const pill = $('#corpus-pill');

const EXAMPLES = {
  event4283: [
    'Log Name:      Application',
    'Source:        MSExchangeMTA',
    'Date:          17/04/2026 04:04:44',
    'Event ID:      4283',
    'Task Category: Interface',
    'Level:         Warning',
    'Computer:      EXCH01.corp.example.com',
    'Description:',
    '(POP4 POP4 UP(7) Proc 228) Bad LPIs in message Bad LPI 1-15-12 Error code = 8464',
  ].join('\n'),
};

/** The paste the shown answer is for: "more" and the feedback buttons refer to it. */
let lastQuery;
let busy = false;

// ---------------------------------------------------------------- asking

/**
 * Asks with `text`, or with a screenshot (a File or Blob) as the body when `image` is given;
 * `action` is a card button's intent and article, sent as they are.
 */
async function ask(text, refersTo, image, action) {
  if (busy) return;
  busy = true;
  document.body.dataset.busy = 'true';
  send.disabled = true;
  send.textContent = 'Sending…';
  try {
    const res = image
      ? await fetch('/api/ask', {
          method: 'POST',
          headers: { 'Content-Type': image.type || 'application/octet-stream' },
          body: image,
        })
      : await fetch('/api/ask', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text, lastQuery: refersTo, action }),
        });
    const data = await res
      .json()
      .catch(() => ({ error: 'bad-response', message: `The server answered ${res.status} without JSON.` }));
    if (!res.ok || data.error) {
      showError(data.message || `The server answered ${res.status}.`);
      return;
    }
    if (data.reply.kind === 'answer') lastQuery = data.reply.answer.query;
    // The text read from a screenshot becomes the paste: a misreading can be corrected and sent again.
    if (image && data.reply.kind === 'answer' && data.reply.answer.readFromImage)
      paste.value = data.reply.answer.readFromImage;
    showReply(data);
    if (data.reply.kind === 'answer' || data.reply.kind === 'feedback-ack') setTimeout(refreshGaps, 300);
    if (data.reply.kind === 'escalated')
      setTimeout(() => {
        refreshHelpDesk();
        refreshGaps();
      }, 300);
  } catch (e) {
    showError(`kbbot did not answer: ${e.message}. Is the server running?`);
  } finally {
    busy = false;
    document.body.dataset.busy = 'false';
    send.disabled = false;
    send.textContent = 'Send';
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = paste.value;
  if (!text.trim()) {
    paste.focus();
    return;
  }
  // Typed words refer to the last answer as a button would ("more", "helpful").
  void ask(text, lastQuery);
});

// ---------------------------------------------------------------- screenshots

/** The first image among pasted or dropped items, or undefined. */
function imageFrom(transfer) {
  if (!transfer) return undefined;
  return [...(transfer.files || [])].find((f) => f.type.startsWith('image/'));
}

function askImage(file) {
  paste.value = '';
  paste.placeholder = `Reading ${file.name || 'the screenshot'}…`;
  void ask('', undefined, file).finally(() => (paste.placeholder = PLACEHOLDER));
}

const PLACEHOLDER = paste.placeholder;

paste.addEventListener('paste', (e) => {
  const file = imageFrom(e.clipboardData);
  if (!file) return;
  e.preventDefault();
  askImage(file);
});

form.addEventListener('dragover', (e) => {
  if ([...(e.dataTransfer?.items || [])].some((i) => i.kind === 'file')) {
    e.preventDefault();
    form.dataset.drop = 'true';
  }
});
form.addEventListener('dragleave', () => delete form.dataset.drop);
form.addEventListener('drop', (e) => {
  delete form.dataset.drop;
  const file = imageFrom(e.dataTransfer);
  if (!file) return;
  e.preventDefault();
  askImage(file);
});

$('#image-file').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  if (file) askImage(file);
  e.target.value = '';
});

paste.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    form.requestSubmit();
  } else if (e.key === 'Escape') {
    paste.value = '';
  }
});

document.addEventListener('keydown', (e) => {
  const inField = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
  if (inField || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '/') {
    e.preventDefault();
    paste.focus();
    paste.select();
  } else if (/^[1-9]$/.test(e.key)) {
    const choices = teams.querySelectorAll('[data-choice="true"]');
    const button = choices[Number(e.key) - 1];
    if (button) {
      e.preventDefault();
      button.click();
    }
  }
});

for (const chip of document.querySelectorAll('[data-example]')) {
  chip.addEventListener('click', () => {
    const key = chip.dataset.example;
    paste.value = EXAMPLES[key] ?? key;
    void ask(paste.value);
    paste.focus();
  });
}

/** A pressed card button: its payload is {kbbot: 1, text, query}, the same on every platform. */
function runPayload(payload) {
  if (payload?.kbbot !== 1 || typeof payload.text !== 'string') return;
  void ask(payload.text, payload.query ?? lastQuery, undefined, payload.action);
}

// ---------------------------------------------------------------- showing

function showError(message) {
  for (const frame of [teams, slack]) {
    frame.dataset.kind = 'error';
    frame.replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
  }
  summary.hidden = true;
}

function showReply(data) {
  const kind = data.reply.kind;
  teams.dataset.kind = kind;
  slack.dataset.kind = kind;
  renderTeams(data.cards.adaptiveCard);
  renderSlack(data.cards.blockKit);
  renderSummary(data);
}

function renderSummary(data) {
  const r = data.reply;
  const rows = [['Intent', data.intent]];
  if (r.kind === 'answer') {
    const a = r.answer;
    const pct = `${a.confidence < 1 ? Math.min(99, Math.round(a.confidence * 100)) : 100}%`;
    rows.push([
      'Result',
      a.answered
        ? `${displayId(a.article.id)} — ${a.article.title}`
        : a.article
          ? `No confident match (best guess ${displayId(a.article.id)})`
          : 'No match',
    ]);
    rows.push([
      'Confidence',
      `${pct} (${a.confidence >= 0.8 ? 'high' : a.confidence >= 0.5 ? 'medium' : 'low'})${a.answered ? '' : ' — below the answer threshold'}`,
    ]);
    if (a.why.length) rows.push(['Why it matched', a.why.map((w) => w.detail).join('; ')]);
    if (a.codes.length)
      rows.push(['Codes', a.codes.map((c) => c.hex + (c.name ? ` ${c.name}` : '')).join(', ')]);
    if (a.notice) rows.push(['Note', a.notice]);
  } else if (r.kind === 'article') {
    rows.push([
      'Result',
      r.article ? `${displayId(r.article.id)} — ${r.article.title} (opened by id)` : `No article ${r.id}`,
    ]);
  }
  rows.push(['Answered in', `${data.ms} ms`]);
  summaryList.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  summary.hidden = false;
}

// ------------------------------------------------ Teams: the adaptivecards library

let markdownReady = false;

function renderTeams(json) {
  const AC = window.AdaptiveCards;
  if (!AC) {
    teams.replaceChildren(
      el('p', { class: 'error' }, 'The Adaptive Cards renderer did not load (/vendor/adaptivecards.min.js).'),
    );
    return;
  }
  if (!markdownReady) {
    // Cards use a little Markdown (**bold**, [links](https://…)); HTML in it is escaped first.
    AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
      result.outputHtml = miniMarkdown(text);
      result.didProcess = true;
    };
    markdownReady = true;
  }
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(TEAMS_HOST_CONFIG);
  card.onExecuteAction = (action) => {
    if (action instanceof AC.OpenUrlAction && /^https?:\/\//i.test(action.url))
      window.open(action.url, '_blank', 'noopener');
    else if (action instanceof AC.SubmitAction) runPayload(action.data);
  };
  card.parse(json);
  const rendered = card.render();
  if (!rendered) {
    teams.replaceChildren(el('p', { class: 'error' }, 'This card could not be rendered.'));
    return;
  }
  // Mark the suggestion buttons (an ActionSet inside the body) so keys 1–9 can press them.
  const choiceTexts = new Set(
    (json.body || []).filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions.map((a) => a.title)),
  );
  for (const b of rendered.querySelectorAll('button')) {
    if (choiceTexts.has(b.getAttribute('aria-label') || b.textContent.trim())) b.dataset.choice = 'true';
  }
  teams.replaceChildren(rendered);
}

function miniMarkdown(text) {
  const escaped = String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
  return escaped
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/\n/g, '<br>');
}

const TEAMS_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, sans-serif",
  spacing: { small: 4, default: 8, medium: 14, large: 20, extraLarge: 28, padding: 14 },
  separator: { lineThickness: 1, lineColor: '#d6d6d6' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 19, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: fg('#242424', '#616161') },
    emphasis: { backgroundColor: '#f3f3f3', foregroundColors: fg('#242424', '#616161') },
    good: { backgroundColor: '#e7f4e4', foregroundColors: fg('#1e4620', '#3b6d3c') },
    attention: { backgroundColor: '#fdf3d8', foregroundColors: fg('#4a3a00', '#6b5a1a') },
    warning: { backgroundColor: '#fde7e9', foregroundColors: fg('#6e0811', '#8a2a33') },
    accent: { backgroundColor: '#e8ebfa', foregroundColors: fg('#242424', '#616161') },
  },
  actions: {
    maxActions: 8,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 8 },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: {
      color: 'default',
      size: 'default',
      isSubtle: false,
      weight: 'bolder',
      wrap: true,
      maxWidth: 150,
    },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 8,
  },
};

function fg(text, subtle) {
  const c = (d) => ({ default: d, subtle });
  return {
    default: c(text),
    dark: c('#000000'),
    light: c('#ffffff'),
    accent: c('#4f52b2'),
    good: c('#237b4b'),
    warning: c('#c4314b'),
    attention: c('#8a5a00'),
  };
}

// ---------------------------------------------------------------- Slack: Block Kit preview

function renderSlack(message) {
  const blocks = message.blocks || [];
  const body = el('div', { class: 'slack-blocks' });
  if (!blocks.length) body.append(el('div', { class: 'sk-section' }, ...mrkdwn(message.text)));
  let choiceIndex = 0;
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        body.append(el('div', { class: 'sk-header' }, b.text.text));
        break;
      case 'section': {
        const sec = el('div', { class: 'sk-section' });
        if (b.text) sec.append(...mrkdwn(b.text.text));
        if (b.fields)
          sec.append(
            el('div', { class: 'sk-fields' }, ...b.fields.map((f) => el('div', {}, ...mrkdwn(f.text)))),
          );
        body.append(sec);
        break;
      }
      case 'context':
        body.append(
          el(
            'div',
            { class: 'sk-context' },
            ...b.elements.flatMap((x) => (x.type === 'mrkdwn' ? mrkdwn(x.text) : [x.text])),
          ),
        );
        break;
      case 'divider':
        body.append(el('hr', { class: 'sk-divider' }));
        break;
      case 'actions':
        body.append(
          el(
            'div',
            { class: 'sk-actions' },
            ...b.elements.map((e) => {
              const isChoice = e.action_id.startsWith('kbbot:choice:');
              const button = el(
                'button',
                {
                  type: 'button',
                  class: `sk-button ${e.style || ''}`,
                  title: e.url || '',
                  'data-action': e.action_id,
                },
                e.text.text,
              );
              if (isChoice) button.dataset.index = String(++choiceIndex);
              button.addEventListener('click', () => {
                if (e.url && /^https?:\/\//i.test(e.url)) window.open(e.url, '_blank', 'noopener');
                else runPayload(safeJson(e.value));
              });
              return button;
            }),
          ),
        );
        break;
    }
  }
  const now = new Date();
  slack.replaceChildren(
    el(
      'div',
      { class: 'sk-message' },
      el('div', { class: 'sk-avatar', 'aria-hidden': 'true' }, 'kb'),
      el(
        'div',
        { class: 'sk-main' },
        el(
          'div',
          { class: 'sk-meta' },
          el('strong', {}, 'kbbot'),
          el('span', { class: 'sk-app' }, 'APP'),
          el('span', { class: 'sk-time' }, now.toTimeString().slice(0, 5)),
        ),
        body,
      ),
    ),
  );
}

function safeJson(s) {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Slack mrkdwn (already escaped &amp; &lt; &gt;) → DOM nodes: ```code blocks```, *bold*, _italic_, `code`, <url|text>, line breaks. */
function mrkdwn(text) {
  const parts = String(text).split(/```\n?([\s\S]*?)\n?```/);
  // Odd parts are the insides of code blocks: lines and spaces kept.
  return parts.flatMap((part, i) =>
    i % 2
      ? [el('pre', { class: 'sk-pre' }, unescapeHtml(part))]
      : part
        ? inlineMrkdwn(part.replace(/^\n|\n$/g, ''))
        : [],
  );
}

function inlineMrkdwn(text) {
  const out = [];
  const lines = String(text).split('\n');
  lines.forEach((line, i) => {
    if (i > 0) out.push(el('br'));
    const re =
      /((?<=^|\s)\*[^*\n]+\*(?=$|[\s.,;:!?)])|(?<=^|\s)_[^_\n]+_(?=$|[\s.,;:!?)])|`[^`\n]+`|<(https?:\/\/[^|>]+)(?:\|([^>]+))?>)/g;
    let last = 0;
    let m;
    while ((m = re.exec(line))) {
      if (m.index > last) out.push(unescapeHtml(line.slice(last, m.index)));
      const tok = m[0];
      if (m[2])
        out.push(el('a', { href: m[2], target: '_blank', rel: 'noopener' }, unescapeHtml(m[3] || m[2])));
      else if (tok.startsWith('*')) out.push(el('strong', {}, unescapeHtml(tok.slice(1, -1))));
      else if (tok.startsWith('_')) out.push(el('em', {}, unescapeHtml(tok.slice(1, -1))));
      else if (tok.startsWith('`')) out.push(el('code', {}, unescapeHtml(tok.slice(1, -1))));
      else out.push(unescapeHtml(tok));
      last = m.index + tok.length;
    }
    if (last < line.length) out.push(unescapeHtml(line.slice(last)));
  });
  return out;
}

function unescapeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// ---------------------------------------------------------------- content panel

let contentVersion = '';

async function refreshContent() {
  try {
    const res = await fetch('/api/content', { cache: 'no-store' });
    const c = await res.json();
    const version = JSON.stringify([
      c.state,
      c.articles,
      c.loadedAt,
      c.problemCount,
      c.reloading,
      c.progress,
      c.watch?.reloads,
      c.watch?.lastReload,
    ]);
    if (version === contentVersion) return;
    contentVersion = version;
    showContent(c);
  } catch {
    pill.textContent = 'server unreachable';
    pill.dataset.state = 'failed';
    contentVersion = '';
  }
}

function showContent(c) {
  const facts = $('#content-facts');
  const rows = [];
  pill.dataset.state = c.state;
  if (c.state === 'ready') {
    pill.textContent = `${c.articles.toLocaleString('en')} articles${c.reloading ? ' · reloading…' : ''}`;
    rows.push(
      ['Articles', c.articles.toLocaleString('en')],
      ['Formats', c.formats],
      ['Folder', c.contentDir],
      ['Loaded', `${new Date(c.loadedAt).toLocaleTimeString()}${c.fromSnapshot ? ' (index snapshot)' : ''}`],
    );
    if (c.watch) {
      const lr = c.watch.lastReload;
      rows.push([
        'Live reload',
        `${c.watch.reloads} reload${c.watch.reloads === 1 ? '' : 's'}${lr ? ` · last ${new Date(lr.at).toLocaleTimeString()}: ${lr.files.join(', ')}${lr.ok ? '' : ` (${lr.error})`}` : ''}`,
      ]);
    }
  } else if (c.state === 'loading') {
    const p = c.progress || { phase: 'starting', done: 0, total: 0 };
    const pct = p.total ? ` ${Math.floor((p.done / p.total) * 100)}%` : '';
    pill.textContent = `loading: ${p.phase}${pct}`;
    rows.push(['State', `loading (${p.phase}${pct})`]);
  } else {
    pill.textContent = 'content failed to load';
    rows.push(['State', `failed: ${c.error}`]);
  }
  facts.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));

  const problems = c.problems || [];
  const box = $('#content-problems');
  if (!problems.length) {
    box.replaceChildren(c.state === 'ready' ? el('p', { class: 'ok' }, 'Every file loaded.') : '');
  } else {
    box.replaceChildren(
      el('h3', { class: 'problems-title' }, `Load errors (${c.problemCount})`),
      el(
        'table',
        { class: 'problems' },
        el('thead', {}, el('tr', {}, el('th', {}, 'File'), el('th', {}, 'Line'), el('th', {}, 'Reason'))),
        el(
          'tbody',
          {},
          ...problems.map((p) =>
            el(
              'tr',
              { class: p.severity },
              el('td', { class: 'file' }, p.file),
              el('td', {}, p.line ? String(p.line) : '—'),
              el('td', {}, p.reason + (p.keptPrevious ? ' — the previous version is still in service' : '')),
            ),
          ),
        ),
      ),
    );
  }
  const ip = c.intents?.problems || [];
  $('#intent-problems').replaceChildren(
    ...(ip.length
      ? [
          el('h3', { class: 'problems-title' }, `Intent files left out (${ip.length})`),
          el(
            'ul',
            { class: 'intent-problems' },
            ...ip.map((p) => el('li', {}, `${p.file}${p.line ? `:${p.line}` : ''}: ${p.reason}`)),
          ),
        ]
      : []),
  );
}

// ---------------------------------------------------------------- content gaps

let gapsVersion = '';

async function refreshGaps() {
  try {
    const res = await fetch('/api/gaps', { cache: 'no-store' });
    const g = await res.json();
    const version = JSON.stringify(g);
    if (version === gapsVersion) return;
    gapsVersion = version;
    showGaps(g);
  } catch {
    gapsVersion = '';
  }
}

function showGaps(g) {
  const body = $('#gaps-body');
  if (g.error) return body.replaceChildren(el('p', { class: 'muted' }, g.message));
  if (!g.kept)
    return body.replaceChildren(el('p', { class: 'muted' }, 'No store: queries are not kept this run.'));
  const unanswered = gapList(
    'gaps-unanswered',
    'Unanswered pastes',
    'None yet: every paste found its article.',
    g.unanswered,
    (u) => [
      u.example.length > 120 ? `${u.example.slice(0, 120)}…` : u.example,
      'Ask again',
      () => {
        paste.value = u.example;
        void ask(u.example);
      },
    ],
  );
  const notHelpful = gapList(
    'gaps-not-helpful',
    'Most often not helpful',
    'No article was marked not helpful.',
    g.notHelpful,
    (n) => [
      `${displayId(n.articleId)}${n.title ? ` ${n.title}` : ''}`,
      'Open the article',
      () => void ask(`open ${n.articleId}`),
    ],
  );
  const e = g.escalations;
  const handedOver = e
    ? [
        el('h3', { class: 'gaps-title' }, 'Handed over to the help desk'),
        el(
          'p',
          { class: e.open ? 'muted' : 'ok', id: 'gaps-escalations' },
          `${e.open} open, ${e.answered} answered${e.medianAnswerMs !== undefined && e.medianAnswerMs !== null ? `; median time to answer ${Math.round(e.medianAnswerMs / 1000)} s` : ''}`,
        ),
      ]
    : [];
  body.replaceChildren(...unanswered, ...notHelpful, ...handedOver);
}

/** A heading and a numbered list of clickable rows with their counts (or a line saying the list is empty). */
function gapList(id, heading, none, rows, describe) {
  const title = el('h3', { class: 'gaps-title' }, heading);
  if (!rows.length) return [title, el('p', { class: 'ok' }, none)];
  const items = rows.map((row) => {
    const [label, hint, onClick] = describe(row);
    const b = el('button', { type: 'button', class: 'linkish', title: hint }, label);
    b.addEventListener('click', onClick);
    return el('li', {}, b, el('span', { class: 'count' }, `×${row.count}`));
  });
  return [title, el('ol', { class: 'gap-list', id }, ...items)];
}

// ---------------------------------------------------------------- help desk (no accounts)

let helpDeskVersion = '';

async function refreshHelpDesk() {
  try {
    const [open, done, learned] = await Promise.all(
      [
        '/api/escalations?status=open&limit=10',
        '/api/escalations?status=answered&limit=5',
        '/api/learned',
      ].map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.json())),
    );
    const version = JSON.stringify([open, done, learned]);
    if (version === helpDeskVersion) return;
    helpDeskVersion = version;
    showHelpDesk(open, done, learned);
  } catch {
    helpDeskVersion = '';
  }
}

function showHelpDesk(open, done, learned) {
  const body = $('#helpdesk-body');
  if (!open.kept)
    return body.replaceChildren(el('p', { class: 'muted' }, 'No store: nothing is handed over this run.'));
  const where = open.where?.length
    ? `Also posted to ${open.where.join(', ')}.`
    : 'No Slack, Teams or webhook is set up: handovers wait here.';
  const parts = [el('p', { class: 'muted' }, where), el('h3', { class: 'gaps-title' }, 'Open')];
  if (!open.escalations.length)
    parts.push(el('p', { class: 'ok' }, 'Nothing waiting. Press "Ask the help desk" on an unsure answer.'));
  for (const e of open.escalations) parts.push(handoverRow(e));
  parts.push(el('h3', { class: 'gaps-title' }, 'Answered'));
  if (!done.escalations.length) parts.push(el('p', { class: 'muted' }, 'None yet.'));
  for (const e of done.escalations) {
    const a = e.answer;
    const what = a.kind === 'article' ? `with ${displayId(a.articleId)}` : `in words: ${a.text}`;
    parts.push(
      el(
        'div',
        { class: 'handover' },
        el('div', { class: 'done' }, `✓ ${a.by} ${what} (${Math.round((e.answerMs || 0) / 1000)} s)`),
        el('pre', {}, clipText(e.paste, 300)),
      ),
    );
  }
  parts.push(el('h3', { class: 'gaps-title' }, 'Learned from answers'));
  if (!learned.learned.length) parts.push(el('p', { class: 'muted' }, 'Nothing learned yet.'));
  for (const p of learned.learned) {
    const forget = el(
      'button',
      { type: 'button', class: 'linkish', title: 'Stop answering pastes like this with this article' },
      'Forget',
    );
    forget.addEventListener('click', async () => {
      await fetch(`/api/learned/${encodeURIComponent(p.id)}`, { method: 'DELETE' });
      void refreshHelpDesk();
    });
    parts.push(
      el(
        'div',
        { class: 'handover' },
        `${displayId(p.articleId)} by ${p.by || '?'} for `,
        el('pre', {}, clipText(p.queryText, 200)),
        forget,
      ),
    );
  }
  body.replaceChildren(...parts);
}

/** An open handover: the paste, a button per guess, and a box for any article id or words. */
function handoverRow(e) {
  const answer = async (body) => {
    const res = await fetch(`/api/escalations/${encodeURIComponent(e.id)}/answer`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ by: 'the playground', ...body }),
    });
    const data = await res.json().catch(() => ({ message: `The server answered ${res.status}.` }));
    if (!res.ok) return showError(data.message);
    // What the asker receives.
    showReply({ ...data, intent: 'help-desk answer', ms: 0 });
    void refreshHelpDesk();
    void refreshGaps();
  };
  const guesses = e.guesses.map((g) => {
    const b = el(
      'button',
      { type: 'button', class: 'chip', title: g.title },
      `Answer with ${displayId(g.id)}`,
    );
    b.addEventListener('click', () => void answer({ articleId: g.id }));
    return b;
  });
  const input = el('input', {
    type: 'text',
    placeholder: 'KB214864, or the answer in words',
    'aria-label': 'Answer',
  });
  const sendAnswer = el('button', { type: 'button' }, 'Send answer');
  sendAnswer.addEventListener('click', () => {
    const v = input.value.trim();
    if (!v) return input.focus();
    void answer(/^(?:KB|Q)?\d{3,}$|^[A-Z][A-Z0-9]*-[\w-]+$/i.test(v) ? { articleId: v } : { text: v });
  });
  return el(
    'div',
    { class: 'handover' },
    el('pre', {}, clipText(e.paste, 400)),
    el('div', { class: 'answer-row' }, ...guesses),
    el('div', { class: 'answer-row' }, input, sendAnswer),
  );
}

function clipText(t, n) {
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

// ---------------------------------------------------------------- helpers

/** KB811406 for the canonical Q811406, as the cards show it. */
function displayId(id) {
  return /^Q\d+$/.test(id) ? `KB${id.slice(1)}` : id;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== '') node.setAttribute(k, v);
  for (const c of children)
    if (c !== undefined && c !== null && c !== '') node.append(c instanceof Node ? c : String(c));
  return node;
}

void refreshContent();
setInterval(refreshContent, 2000);
void refreshGaps();
setInterval(refreshGaps, 10_000);
void refreshHelpDesk();
setInterval(refreshHelpDesk, 5_000);
