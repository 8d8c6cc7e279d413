// The preview's editor: a textarea over a coloured copy of its text, the problems from the
// server (the same as `kehoach check`) underlined and listed, hovers (a date's weekday, a
// column's label) beside the mouse and for the caret in the status line, keys on Ctrl+Space,
// Ctrl+S to save. The text is kept in the page (localStorage) until it is saved, so a lost
// connection loses nothing.
const src = document.getElementById('src');
const hl = document.getElementById('hl');
const gutter = document.getElementById('gutter');
const list = document.getElementById('problems');
const status = document.getElementById('status');
const state = document.getElementById('state');
const menu = document.getElementById('completions');
const tip = document.getElementById('tip');
let base = null, file = '', problems = [], timer = null, key = 'kehoach:' + location.pathname;

const post = (path, body, headers) => fetch(path, {
  method: 'POST', body, headers: Object.assign({ 'X-Kehoach-Token': TOKEN }, headers || {}),
});
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Colours per character: keys, comments, dates, quoted text; then the problems' underlines.
function paint() {
  const lines = src.value.split('\n');
  gutter.textContent = lines.map((_, i) => i + 1).join('\n') + '\n';
  const out = lines.map((line, i) => {
    const cls = new Array(line.length).fill('');
    const mark = (re, c, group) => {
      for (const m of line.matchAll(re)) {
        const start = m.index + (group ? m[0].indexOf(m[group]) : 0);
        const len = group ? m[group].length : m[0].length;
        for (let k = start; k < start + len; k++) cls[k] = c;
      }
    };
    mark(/"[^"]*"|'[^']*'/g, 's');
    mark(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, 'd');
    mark(/^(\s*(?:-\s+)?)([A-Za-z_]+)(?=:)/g, 'k', 2);
    mark(/(^|\s)#.*$/g, 'c');
    const under = new Array(line.length).fill('');
    for (const p of problems) {
      if (p.file !== file || i + 1 < p.line || i + 1 > p.end_line) continue;
      const from = i + 1 === p.line ? p.column - 1 : 0;
      let to = i + 1 === p.end_line ? p.end_column - 1 : line.length;
      if (to <= from) to = Math.min(line.length, from + 1);
      for (let k = from; k < to; k++) under[k] = p.severity === 'error' ? 'err' : 'wrn';
    }
    let html = '', run = '', last = null;
    for (let k = 0; k <= line.length; k++) {
      const c = k < line.length ? (cls[k] + ' ' + under[k]).trim() : null;
      if (c !== last) {
        if (run) html += last ? '<span class="' + last + '">' + esc(run) + '</span>' : esc(run);
        run = '';
        last = c;
      }
      if (k < line.length) run += line[k];
    }
    return html;
  });
  hl.innerHTML = out.join('\n') + '\n';
  hl.scrollTop = src.scrollTop; hl.scrollLeft = src.scrollLeft; gutter.scrollTop = src.scrollTop;
}

function show(items) {
  problems = items;
  list.innerHTML = '';
  const mine = items.filter((p) => p.file === file);
  if (!items.length) { list.innerHTML = '<li>' + esc(L.clean) + '</li>'; }
  for (const p of items) {
    const li = document.createElement('li');
    li.className = p.severity === 'error' ? 'e' : 'w';
    li.textContent = p.file + ':' + p.line + ':' + p.column + ' ' + p.code + ': ' + p.message;
    li.onclick = () => goto(p.line, p.column);
    list.appendChild(li);
  }
  paint();
  return mine;
}

async function check() {
  try {
    const r = await post('/plan/' + PLAN + '/check', src.value);
    if (r.ok) { const j = await r.json(); file = j.file; show(j.problems); }
  } catch (e) { status.textContent = L.offline; }
}

function caret() {
  const before = src.value.slice(0, src.selectionStart).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function goto(line, column) {
  const lines = src.value.split('\n');
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  at += Math.max(0, (column || 1) - 1);
  src.focus();
  src.setSelectionRange(at, at);
  src.scrollTop = Math.max(0, (line - 5) * 20);
  paint();
}

// What the language server's hover says at a line and column (a date's weekday, a column
// key's label), as plain text; '' where it says nothing.
async function hoverAt(c) {
  try {
    const r = await post('/plan/' + PLAN + '/hover', JSON.stringify({ text: src.value, line: c.line, column: c.column }));
    const j = r.ok ? await r.json() : null;
    return j && j.contents ? String(j.contents.value || '').replace(/[*`]/g, '') : '';
  } catch (e) { return ''; /* a hover is a help, not a need */ }
}

async function hover() { status.textContent = await hoverAt(caret()); }

// The mouse over the text: the character under it (the font is monospaced, lines 20px, the
// padding 6px), its hover in a tip beside the pointer after a short rest.
let charWidth = 0, tipTimer = null;
function under(e) {
  if (!charWidth) {
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = getComputedStyle(src).font;
    charWidth = ctx.measureText('0000000000').width / 10 || 8.4;
  }
  const box = src.getBoundingClientRect();
  const line = Math.floor((e.clientY - box.top - 6 + src.scrollTop) / 20) + 1;
  const column = Math.floor((e.clientX - box.left - 6 + src.scrollLeft) / charWidth) + 1;
  const text = src.value.split('\n')[line - 1];
  return text !== undefined && column >= 1 && column <= text.length ? { line, column } : null;
}
src.addEventListener('mousemove', (e) => {
  clearTimeout(tipTimer);
  tip.hidden = true;
  const c = under(e);
  if (!c) return;
  tipTimer = setTimeout(async () => {
    const said = await hoverAt(c);
    if (!said) return;
    tip.textContent = said;
    tip.style.left = (e.pageX + 12) + 'px';
    tip.style.top = (e.pageY + 16) + 'px';
    tip.hidden = false;
  }, 300);
});
src.addEventListener('mouseleave', () => { clearTimeout(tipTimer); tip.hidden = true; });

async function complete() {
  const c = caret();
  const r = await post('/plan/' + PLAN + '/complete', JSON.stringify({ text: src.value, line: c.line, column: c.column }));
  const items = r.ok ? await r.json() : [];
  menu.innerHTML = '';
  if (!Array.isArray(items) || !items.length) { menu.hidden = true; return; }
  for (const it of items) {
    const d = document.createElement('div');
    d.textContent = it.label + (it.detail ? ' — ' + it.detail : '');
    d.onmousedown = (e) => { e.preventDefault(); insert(it.label); };
    menu.appendChild(d);
  }
  menu.firstChild.classList.add('on');
  const box = src.getBoundingClientRect();
  menu.style.left = (box.left + 40) + 'px';
  menu.style.top = (box.top + window.scrollY + Math.min(box.height - 40, (c.line - 1) * 20 - src.scrollTop + 26)) + 'px';
  menu.hidden = false;
}

function insert(label) {
  const at = src.selectionStart;
  const start = src.value.slice(0, at).search(/[A-Za-z_]*$/);
  src.setRangeText(label + ': ', start, at, 'end');
  menu.hidden = true;
  edited();
}

function edited() {
  localStorage.setItem(key, JSON.stringify({ text: src.value, base }));
  state.textContent = L.unsaved;
  paint();
  clearTimeout(timer);
  timer = setTimeout(check, 250);
}

async function save(force) {
  state.textContent = L.saving;
  try {
    const r = await post('/plan/' + PLAN + '/save', src.value, { 'X-Kehoach-Base': base || '' });
    const j = await r.json().catch(() => ({}));
    if (r.status === 409) {
      if (force || confirm(L.changed)) { base = j.base; return save(true); }
      state.textContent = L.unsaved;
      return;
    }
    if (!r.ok) { state.textContent = r.status + ''; return; }
    base = j.base;
    localStorage.removeItem(key);
    state.textContent = L.saved;
  } catch (e) { state.textContent = L.offline; }
}

src.addEventListener('input', edited);
src.addEventListener('scroll', paint);
src.addEventListener('click', () => { menu.hidden = true; hover(); });
src.addEventListener('keyup', (e) => { if (!e.key.startsWith('Arrow') || menu.hidden) hover(); });
src.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); save(false); return; }
  if (e.ctrlKey && e.key === ' ') { e.preventDefault(); complete(); return; }
  if (!menu.hidden) {
    const items = [...menu.children];
    const on = items.findIndex((d) => d.classList.contains('on'));
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[on].classList.remove('on');
      items[(on + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].classList.add('on');
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      insert(items[on].textContent.split(' — ')[0]);
    } else if (e.key === 'Escape') { menu.hidden = true; }
  } else if (e.key === 'Tab') {
    e.preventDefault();
    src.setRangeText('  ', src.selectionStart, src.selectionEnd, 'end');
    edited();
  }
});
document.getElementById('save').onclick = () => save(false);
document.getElementById('new').onclick = async () => {
  const name = prompt(L.name, 'ke-hoach-moi');
  if (!name) return;
  const r = await post('/new', JSON.stringify({ name }), { 'Content-Type': 'application/json' });
  if (r.ok) { const j = await r.json(); location.href = '/plan/' + j.plan + '/edit'; }
  else { alert(await r.text()); }
};
window.addEventListener('beforeunload', (e) => { if (state.textContent === L.unsaved) e.preventDefault(); });

// The pages follow saves; a click on a page puts the caret on the line it was written at.
const events = new EventSource('/plan/' + PLAN + '/events');
events.addEventListener('changed', async () => {
  const r = await fetch('/plan/' + PLAN + '/content');
  if (r.ok) document.getElementById('content').innerHTML = await r.text();
});
document.addEventListener('click', (e) => {
  const page = e.target.closest('.page');
  if (!page) return;
  const box = page.getBoundingClientRect();
  const scale = box.width / Number(page.dataset.width);
  const y = (e.clientY - box.top) / scale;
  let hit = null;
  for (const a of JSON.parse(page.dataset.anchors)) { if (a.y <= y + 6) hit = a; }
  if (!hit) return;
  const m = /:(\d+)$/.exec(hit.source);
  if (m && hit.source.split(':')[0] === file) goto(Number(m[1]), 1);
  else status.textContent = hit.source;
});

// The page comes with the file's text and its problems (FIRST); unsaved text kept from last
// time is offered back.
base = FIRST.base;
file = FIRST.file;
src.value = FIRST.text;
show(FIRST.problems);
const kept = JSON.parse(localStorage.getItem(key) || 'null');
if (kept && kept.text !== FIRST.text && (kept.base === FIRST.base || confirm(L.changed))) {
  src.value = kept.text;
  status.textContent = L.restored;
  state.textContent = L.unsaved;
  check();
}
