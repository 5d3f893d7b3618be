// The live cluster dashboard: polls /cluster (every node's status as the serving node sees it) once a
// second and updates the page in place. Peer data is only ever set as text, never parsed as HTML.
import * as f from './fields.js';
import { Rates } from './history.js';
import { sparkline, draw } from './sparkline.js';

const POLL_MS = 1000;
const ANSWER_TIMEOUT_MS = 5000;
const COLUMNS = ['node', 'state', 'in_view', 'quorum', 'link', 'links', 'buckets', 'connections', 'requests',
  'handoffs_out', 'handoffs_in', 'rehandoffs', 'p50', 'p99', 'view', 'config', 'reload'];
/** Counters whose rates are shown, read from one node's status. */
const COUNTERS = {
  requests: (s) => f.total(s, 'rule_hits'),
  handoffs_out: (s) => f.number(s, 'handoffs_out'),
  handoffs_in: (s) => f.number(s, 'handoffs_in'),
  rehandoffs: (s) => f.number(s, 'rehandoffs'),
};
const rates = new Rates();
const rows = new Map(); // node id -> <tr>
const $ = (id) => document.getElementById(id);

function problem(message) {
  $('problem').hidden = message === null;
  $('problem').textContent = message ?? '';
}

window.addEventListener('error', (e) => problem(`dashboard error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => problem(`dashboard error: ${e.reason}`));

async function poll() {
  const started = Date.now();
  let cluster = null;
  try {
    const res = await fetch('cluster', { cache: 'no-store', signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    cluster = await res.json();
  } catch (e) {
    problem(`no answer from ${location.host}/cluster (${e.message}); the figures below are from its last answer`);
  }
  if (cluster !== null) {
    try {
      render(cluster, Date.now() - started);
      problem(null);
    } catch (e) {
      problem(`dashboard error: ${e.message}`);
    }
  }
  setTimeout(poll, Math.max(0, POLL_MS - (Date.now() - started)));
}

function isUp(status) {
  return status !== null && typeof status === 'object' && !Array.isArray(status) && !('error' in status);
}

function render(cluster, answerMs) {
  const nodes = f.object(cluster, 'nodes') ?? {};
  const selfId = f.text(cluster, 'self');
  const self = isUp(nodes[selfId]) ? nodes[selfId] : null;
  const t = f.number(cluster, 'time_ms') ?? Date.now();
  const ids = Object.keys(nodes);
  const sums = { connections: null, requests: null, handoffs_out: null, handoffs_in: null, rehandoffs: null };
  const add = (key, v) => { if (v !== null) sums[key] = (sums[key] ?? 0) + v; };
  for (const id of ids) {
    const s = isUp(nodes[id]) ? nodes[id] : null;
    const r = {};
    const readAt = f.number(cluster, ['read_ms', id]) ?? t; // when the serving node read this status
    for (const [key, read] of Object.entries(COUNTERS)) r[key] = rates.count(`${id}/${key}`, readAt, s === null ? null : read(s));
    for (const key of Object.keys(COUNTERS)) add(key, r[key]);
    add('connections', s === null ? null : f.number(s, 'active_connections'));
    renderRow(row(id), id, id === selfId, s, nodes[id], self, r, t);
  }
  for (const [id, tr] of rows) if (!ids.includes(id)) { tr.remove(); rows.delete(id); }
  for (const key of Object.keys(COUNTERS)) rates.point(`cluster/${key}`, t, sums[key]);
  renderTiles(ids.filter((id) => isUp(nodes[id])).length, ids.length, self, nodes, sums);
  renderRules(ids.filter((id) => isUp(nodes[id])), nodes, cluster, t);
  $('seen').textContent = `as seen by ${selfId ?? '?'} at ${new Date(t).toLocaleTimeString()} (answer in ${answerMs} ms)`;
}

function row(id) {
  let tr = rows.get(id);
  if (tr) return tr;
  tr = document.createElement('tr');
  tr.dataset.node = id;
  for (const c of COLUMNS) {
    const td = document.createElement('td');
    td.dataset.field = c;
    td.append(document.createElement('span'));
    if (c === 'requests' || c === 'handoffs_out') td.append(sparkline(`${id} ${c === 'requests' ? 'requests' : 'hand-offs out'}/s`));
    tr.append(td);
  }
  $('nodes').tBodies[0].append(tr);
  rows.set(id, tr);
  return tr;
}

/** Sets one cell: its text, an optional chip class (ok, bad, warn), a tooltip and a machine-readable value. */
function cell(tr, name, content, { chip = null, title = '', value = null, differs = false } = {}) {
  const td = tr.querySelector(`td[data-field="${name}"]`);
  const span = td.firstChild;
  span.textContent = content;
  span.className = chip ? `chip ${chip}` : differs ? 'differs' : '';
  td.title = title;
  if (value === null) delete td.dataset.value;
  else td.dataset.value = String(value);
}

function yesNo(v) {
  return v === null ? [f.NONE, null] : v ? ['yes', 'ok'] : ['no', 'bad'];
}

function renderRow(tr, id, isSelf, s, answer, self, r, t) {
  tr.classList.toggle('down', s === null);
  const nodeCell = tr.querySelector('td[data-field="node"] span');
  nodeCell.textContent = id;
  if (isSelf) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = 'this page';
    nodeCell.append(tag);
  }
  const error = f.text(answer, 'error') ?? 'no status';
  cell(tr, 'state', s === null ? 'down' : 'up', { chip: s === null ? 'bad' : 'ok', title: s === null ? error : '' });
  const members = f.list(self, 'members');
  const [inView, inViewChip] = yesNo(members === null ? null : members.includes(id));
  cell(tr, 'in_view', inView, { chip: inViewChip });
  const [quorum, quorumChip] = yesNo(f.bool(s, 'quorum'));
  cell(tr, 'quorum', quorum, { chip: quorumChip });
  const link = isSelf ? 'self' : f.text(self, ['peer_links', id]);
  cell(tr, 'link', link ?? f.NONE, { chip: link === null || isSelf ? null : link === 'up' ? 'ok' : 'bad' });
  const links = f.object(s, 'peer_links');
  if (links === null) cell(tr, 'links', f.NONE);
  else {
    const states = Object.entries(links);
    const up = states.filter(([, v]) => v === 'up').length;
    cell(tr, 'links', `${up}/${states.length} up`, { chip: up === states.length ? 'ok' : 'bad',
      title: states.map(([peer, v]) => `${peer}: ${v}`).join('\n') });
  }
  const buckets = f.number(s, 'owned_buckets');
  cell(tr, 'buckets', f.count(buckets), { value: buckets });
  const conns = f.number(s, 'active_connections');
  cell(tr, 'connections', f.count(conns), { value: conns });
  for (const key of Object.keys(COUNTERS)) cell(tr, key, f.rate(r[key]), { value: r[key] });
  for (const svg of tr.querySelectorAll('td svg')) draw(svg, rates.series(`${id}/${svg.parentElement.dataset.field}`));
  const none = f.number(s, 'handoff_latency_us.count') === 0;
  const p50 = none ? null : f.number(s, 'handoff_latency_us.p50');
  const p99 = none ? null : f.number(s, 'handoff_latency_us.p99');
  cell(tr, 'p50', f.micros(p50), { value: p50 });
  cell(tr, 'p99', f.micros(p99), { value: p99, title: `max ${f.micros(f.number(s, 'handoff_latency_us.max'))}` });
  const view = f.number(s, 'table_version');
  cell(tr, 'view', view === null ? f.NONE : `#${view}`, { title: f.text(s, 'view_id') ?? '',
    differs: view !== null && view !== f.number(self, 'table_version') });
  const config = f.text(s, 'config_version');
  cell(tr, 'config', config ?? f.NONE, { differs: config !== null && config !== f.text(self, 'config_version') });
  const reloadError = f.field(s, 'last_reload_error');
  if (s === null || reloadError === undefined) cell(tr, 'reload', f.NONE);
  else if (reloadError === null) cell(tr, 'reload', 'ok', { chip: 'ok' });
  else cell(tr, 'reload', `refused: ${reloadError}`, { chip: 'warn', title: String(reloadError) });
}

function renderTiles(up, all, self, nodes, sums) {
  $('t-up').textContent = `${up} / ${all}`;
  const members = f.list(self, 'members');
  const quorum = f.bool(self, 'quorum');
  $('t-view').textContent = members === null ? ''
    : `view #${f.number(self, 'table_version') ?? '?'}: ${[...members].sort().join(', ')}${quorum === false ? ' (no quorum)' : ''}`;
  $('t-conns').textContent = f.count(sums.connections);
  $('t-requests').textContent = f.rate(sums.requests);
  $('t-handoffs').textContent = `${f.rate(sums.handoffs_out)} \u00b7 ${f.rate(sums.handoffs_in)}`;
  $('t-rehandoffs').textContent = f.rate(sums.rehandoffs);
  tileSpark('t-requests-spark', 'cluster/requests', 'requests/s, all nodes');
  tileSpark('t-handoffs-spark', 'cluster/handoffs_out', 'hand-offs out/s, all nodes');
  const versions = [...new Set(Object.values(nodes).map((s) => (isUp(s) ? f.text(s, 'config_version') : null)).filter((v) => v !== null))];
  $('t-config').textContent = versions.length === 0 ? f.NONE : versions.length === 1 ? versions[0] : `${versions.length} versions`;
  $('t-config').className = versions.length > 1 ? 'big differs' : 'big';
  const refused = Object.entries(nodes).filter(([, s]) => isUp(s) && typeof f.field(s, 'last_reload_error') === 'string');
  $('t-reload').textContent = versions.length > 1 ? versions.join(', ')
    : refused.length > 0 ? `last reload refused on ${refused.map(([id]) => id).join(', ')}` : 'last reload: ok';
}

function tileSpark(holder, key, label) {
  const box = $(holder);
  if (box.firstChild === null) box.append(sparkline(label));
  draw(box.firstChild, rates.series(key));
}

/** One row per rule index, one column per answering node: hits/s (total hits in the tooltip). */
function renderRules(ids, nodes, cluster, t) {
  const rules = Math.max(0, ...ids.map((id) => (f.list(nodes[id], 'rule_hits') ?? []).length));
  const head = document.createElement('tr');
  for (const h of ['rule', ...ids, 'all nodes']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  const body = [];
  for (let i = 0; i < rules; i++) {
    const tr = document.createElement('tr');
    tr.dataset.rule = String(i);
    const name = document.createElement('td');
    name.textContent = `#${i}`;
    tr.append(name);
    let sum = null;
    for (const id of ids) {
      const hits = f.number(nodes[id], ['rule_hits', i]);
      const r = rates.count(`${id}/rule/${i}`, f.number(cluster, ['read_ms', id]) ?? t, hits);
      if (r !== null) sum = (sum ?? 0) + r;
      const td = document.createElement('td');
      td.textContent = f.rate(r);
      td.title = `${f.count(hits)} hits since the rules were loaded`;
      tr.append(td);
    }
    const all = document.createElement('td');
    all.textContent = f.rate(sum);
    tr.append(all);
    body.push(tr);
  }
  $('rules').tHead.replaceChildren(head);
  $('rules').tBodies[0].replaceChildren(...body);
}

poll();
