'use strict';
// rcsim teaching view: renders the server-sent ticks of /api/events and posts the controls to /api/<control>.
(function () {
  const $ = (id) => document.getElementById(id);
  const SLOTS = 16384;
  const SUMMARY_AT = 24;      // more nodes than this: one strip per distinct slot map
  const MAX_LOG = 400;
  const REDIRECTS = ['MOVED', 'ASK', 'TRYAGAIN', 'CROSSSLOT', 'CLUSTERDOWN'];
  const CAPTIONS = {
    'lost-quorum': 'A majority of the masters is killed. Watch the survivors flag them fail? (orange) but never fail (red): ' +
      'a FAIL needs reports from a majority of masters, and so does an election. Every live node turns cluster_state fail. ' +
      'Heal all restarts them (empty).',
    'minority-partition': 'master:0 is cut off the bus. On its own strip it flags the others fail? and turns cluster_state fail ' +
      '(clients get CLUSTERDOWN). Step time: the majority flags it fail and promotes its replica, so its slots change colour ' +
      'on every strip but its own. Heal all: it rejoins as a replica.',
    'stuck-resharding': 'The slot of {teach} is left MIGRATING on its owner and IMPORTING on another master, half of its keys ' +
      'moved (black marks on those two strips). Send GET {teach}:0 ... GET {teach}:9 to the owner: the moved half answers ASK; ' +
      'MGET {teach}:0 {teach}:9 gets TRYAGAIN. Heal all finishes the move as redis-cli --cluster fix does.',
    'moved-loop': 'The owner of the slot of {loop} was told (SETSLOT NODE) that another master owns it, and nobody else was. ' +
      'Its strip shows that slot in the other colour; everyone else still points at the owner. Send GET {loop} to both: ' +
      'MOVED, MOVED, ... Gossip never repairs it. Heal gives the slot back.',
    'write-loss': 'SET {acct:1}:balance 100 reached the replica; then its master was cut off and acknowledged SET ... 40 alone. ' +
      'Step time past the node timeout: the replica is promoted. Heal all: the old master rejoins as a replica, drops its ' +
      'data and the 40 is gone. Send GET {acct:1}:balance to the new master: 100.'
  };
  let first = null;             // first message: node list
  let last = null;
  let lastEventSeq = -1;
  let lastBusSeq = -1;
  const busItems = [];
  const eventItems = [];
  const redirectItems = [];
  const rows = [];

  function colour(i) {
    if (i < 0) return '#b0bec5';
    return 'hsl(' + Math.round((i * 137.508) % 360) + ',62%,' + (i % 2 ? 45 : 55) + '%)';
  }
  function name(i) {
    if (!last || i < 0 || i >= last.nodes.length) return i === -1 ? 'none' : '?';
    return last.nodes[i].name;
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function fmtTime(ms) {
    const t = (ms - (last ? last.t0 : 0)) / 1000;
    return (t < 0 ? '' : '+') + t.toFixed(1) + 's';
  }
  // node ids and addresses in event text, as the names the page uses (master:0, replica:1.0 ...)
  function names(text) {
    if (!last) return text;
    return text.replace(/\b[0-9a-f]{40}\b/g, (id) => {
      const i = last.nodes.findIndex((n) => n.id === id);
      return i >= 0 ? last.nodes[i].name : id.substring(0, 8);
    }).replace(/\b\d+\.\d+\.\d+\.\d+:\d+\b/g, (a) => {
      const i = last.nodes.findIndex((n) => n.addr === a);
      return i >= 0 ? last.nodes[i].name : a;
    });
  }

  // ------------------------------------------------------------------ controls
  function post(action, params) {
    const result = $('result');
    result.className = 'result';
    result.textContent = action + ' …';
    return fetch('/api/' + action, {
      method: 'POST',
      headers: { 'X-Rcsim': '1', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params || {})
    }).then((r) => r.json()).then((j) => {
      result.className = j.ok ? 'result' : 'result error';
      result.textContent = action + ': ' + j.result;
    }).catch((e) => {
      result.className = 'result error';
      result.textContent = action + ': ' + e;
    });
  }

  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('button');
    if (!b) return;
    if (b.dataset.step) post('step', { ms: b.dataset.step });
    else if (b.id === 'play') post(last && last.playing ? 'pause-clock' : 'play');
    else if (b.dataset.scenario) {
      $('caption').textContent = CAPTIONS[b.dataset.scenario];
      post('scenario', { name: b.dataset.scenario });
    } else if (b.id === 'heal-all') post('heal');
    else if (b.dataset.action) post(b.dataset.action, { node: b.dataset.node });
    else if (b.id === 'partition') {
      const picked = [...document.querySelectorAll('#partition-nodes input:checked')].map((c) => c.value);
      post('partition', { nodes: picked.join(',') });
    } else if (b.id === 'latency') post('latency', { node: $('lat-node').value, ms: $('lat-ms').value, kind: $('lat-kind').value });
    else if (b.id === 'mig-start') post('migrate-start', { slot: $('mig-slot').value, to: $('mig-to').value });
    else if (b.id === 'mig-keys') post('migrate-keys', { slot: $('mig-slot').value, count: '10' });
    else if (b.id === 'mig-finish') post('migrate-finish', { slot: $('mig-slot').value });
    else if (b.id === 'cmd') post('command', { node: $('cmd-node').value, line: $('cmd-line').value });
    else if (b.id === 'run-script') post('script', { text: $('script').value });
  });

  function setupControls(m) {
    for (const sel of document.querySelectorAll('.node-select')) {
      sel.textContent = '';
      m.nodes.forEach((n) => {
        const o = el('option', '', n.name + '  ' + n.addr);
        o.value = n.addr;
        sel.appendChild(o);
      });
    }
    if (m.nodes.length > 1) $('mig-to').selectedIndex = 1;
    const box = $('partition-nodes');
    box.textContent = '';
    m.nodes.forEach((n) => {
      const l = el('label');
      const c = el('input');
      c.type = 'checkbox';
      c.value = n.addr;
      c.dataset.name = n.name;
      l.appendChild(c);
      l.appendChild(document.createTextNode(' ' + n.name));
      box.appendChild(l);
    });
    for (const c of document.querySelectorAll('#bus-filter input, #bus-node')) c.addEventListener('input', redrawBus);
    $('event-filter').addEventListener('input', redrawEvents);
  }

  // ------------------------------------------------------------------ nodes and strips
  function flaggedBy(v) {
    const seen = {};
    if (v) for (const o of v.others) seen[o[0]] = o;
    return seen;
  }

  function drawStrip(strip, runs, seen, v) {
    const parts = [];
    const owners = [];
    strip.textContent = '';
    for (let k = 0; k < runs.length; k += 3) {
      const s = runs[k], e = runs[k + 1], o = runs[k + 2];
      const d = el('div', 'run');
      d.style.left = (100 * s / SLOTS) + '%';
      d.style.width = (100 * (e - s + 1) / SLOTS) + '%';
      let flag = '';
      if (o < 0) {
        d.classList.add('unassigned');
      } else {
        d.style.backgroundColor = colour(o);
        const f = seen[o];
        if (f && /(^|,)fail(,|$)/.test(f[1])) flag = 'fail';
        else if (f && f[1].indexOf('fail?') >= 0) flag = 'pfail';
        if (flag) d.classList.add('owner-' + flag);
      }
      d.title = s + '-' + e + ' owned by ' + name(o) + (flag ? ' (' + flag + ' in this view)' : '');
      strip.appendChild(d);
      owners.push(s + '-' + e + ':' + name(o) + (flag ? ':' + flag : ''));
    }
    if (v) {
      for (const [list, verb, arrow] of [[v.mig, 'MIGRATING to', '->'], [v.imp, 'IMPORTING from', '<-']]) {
        for (const [slot, other] of list) {
          const mk = el('div', 'mark');
          mk.style.left = (100 * slot / SLOTS) + '%';
          mk.title = 'slot ' + slot + ' ' + verb + ' ' + name(other);
          strip.appendChild(mk);
          parts.push(slot + arrow + name(other));
        }
      }
    }
    strip.dataset.owners = owners.join(' ');
    strip.dataset.open = parts.join(' ');
  }

  function makeRow(i, n) {
    const row = el('div', 'node-row');
    row.id = 'node-' + i;
    row.dataset.name = n.name;
    row.dataset.addr = n.addr;
    const head = el('div', 'node-head');
    head.appendChild(el('span', 'name', n.name));
    head.appendChild(el('span', 'addr', n.addr));
    const badges = el('span', 'badges');
    head.appendChild(badges);
    const actions = el('span', 'actions');
    for (const [a, label] of [['kill', 'Kill'], ['restart', 'Restart'], ['pause', 'Pause'], ['failover', 'Failover'], ['heal', 'Heal']]) {
      const b = el('button', 'act-' + a, label);
      b.dataset.action = a;
      b.dataset.node = n.addr;
      actions.appendChild(b);
    }
    head.appendChild(actions);
    row.appendChild(head);
    const seen = el('div', 'seen-list');
    row.appendChild(seen);
    const strip = el('div', 'strip');
    row.appendChild(strip);
    const details = el('div', 'details');
    row.appendChild(details);
    return { row, badges, actions, seen, strip, details };
  }

  function updateRow(r, n, m) {
    const v = n.v;
    // redraw only what changed: offsets move with every write, the strip and flags rarely
    const key = n.running + '|' + n.stale + '|' + (v ? [v.state, v.epoch, v.cfg, v.flags, v.master, JSON.stringify(v.others),
      JSON.stringify(v.mig), JSON.stringify(v.imp), m.maps[v.map].join(',')].join('|') : '') + '|' + (last ? last.nodes.length : 0);
    if (r.key === key) {
      updateDetails(r, n);
      return;
    }
    r.key = key;
    r.row.classList.toggle('down', !n.running);
    r.row.classList.toggle('stale', !!n.stale);
    r.row.dataset.running = n.running;
    r.row.dataset.state = v ? v.state : '';
    r.row.dataset.flags = v ? v.flags : '';
    r.badges.textContent = '';
    if (!n.running) {
      r.badges.appendChild(el('span', 'badge down', 'down'));
    } else if (v) {
      const role = v.flags.indexOf('master') >= 0 ? 'master' : 'slave';
      r.badges.appendChild(el('span', 'badge ' + role, role === 'master' ? 'master' : 'replica of ' + name(v.master)));
      r.badges.appendChild(el('span', 'badge ' + (v.state === 'ok' ? 'ok' : 'fail'), 'cluster_state:' + (v.state || '-')));
      r.badges.appendChild(el('span', 'badge', 'flags ' + v.flags));
      r.badges.appendChild(el('span', 'badge', 'epoch ' + v.epoch + ' / config ' + v.cfg));
      if (n.stale) r.badges.appendChild(el('span', 'badge fail', 'not answering'));
    }
    const master = v && v.flags.indexOf('master') >= 0;
    r.actions.querySelector('.act-kill').disabled = !n.running;
    r.actions.querySelector('.act-restart').disabled = n.running;
    r.actions.querySelector('.act-pause').disabled = !n.running;
    r.actions.querySelector('.act-failover').disabled = !n.running || master !== false;
    r.seen.textContent = '';
    const seen = flaggedBy(v);
    if (v) {
      for (const o of v.others) {
        let cls = 'seen-link';
        if (/(^|,)fail(,|$)/.test(o[1])) cls = 'seen-fail';
        else if (o[1].indexOf('fail?') >= 0) cls = 'seen-pfail';
        else if (o[1].indexOf('handshake') >= 0) cls = 'seen-handshake';
        else if (o[1].indexOf('noaddr') >= 0) cls = 'seen-noaddr';
        const chip = el('span', 'seen ' + cls, name(o[0]) + ' ' + o[1].replace(/^(master|slave),?/, '') + (o[2] ? '' : ' link down'));
        chip.dataset.about = name(o[0]);
        r.seen.appendChild(chip);
        r.seen.appendChild(document.createTextNode(' '));
      }
    }
    if (n.running && v) {
      drawStrip(r.strip, m.maps[v.map], seen, v);
    } else {
      r.strip.textContent = '';
      r.strip.dataset.owners = '';
    }
    updateDetails(r, n);
  }

  function updateDetails(r, n) {
    const v = n.v;
    let text;
    if (n.running && v) {
      const red = REDIRECTS.filter((k) => n.redirects[k]).map((k) => k + ' ' + n.redirects[k]).join(' ');
      text = 'repl offset ' + v.offset + (v.lag ? ' lag ' + v.lag + ' B / ' + v.lagMs + ' ms' : '') +
        ' · knows ' + v.known + ' nodes' + (red ? ' · served ' + red : '');
    } else {
      text = n.running ? '' : 'killed: its port is closed, its bus silent';
    }
    if (r.details.textContent !== text) r.details.textContent = text;
  }

  function renderNodes(m) {
    const box = $('nodes');
    const summary = m.nodes.length > SUMMARY_AT;
    box.classList.toggle('summary', summary);
    if (!summary) {
      $('summary-note').textContent = '';
      m.nodes.forEach((n, i) => {
        if (!rows[i]) {
          rows[i] = makeRow(i, n);
          box.appendChild(rows[i].row);
        }
        updateRow(rows[i], n, m);
      });
      return;
    }
    renderSummary(box, m);
  }

  // Many nodes: one tile per node, one strip per distinct slot map, rows only for nodes worth a look.
  function renderSummary(box, m) {
    box.textContent = '';
    rows.length = 0;
    const tiles = el('div', 'summary-tiles');
    const byMap = new Map();
    const odd = [];
    m.nodes.forEach((n, i) => {
      const t = el('span');
      t.title = n.name + ' ' + n.addr;
      if (!n.running) t.className = 'down';
      else if (n.v && n.v.state !== 'ok') t.className = 'fail';
      if (n.v && n.v.others.length) t.classList.add('flagging');
      tiles.appendChild(t);
      if (n.running && n.v) {
        if (!byMap.has(n.v.map)) byMap.set(n.v.map, []);
        byMap.get(n.v.map).push(i);
        if (n.v.state !== 'ok' || n.v.others.length) odd.push(i);
      } else odd.push(i);
    });
    box.appendChild(tiles);
    $('summary-note').textContent = m.nodes.length + ' nodes: ' + byMap.size + ' distinct slot map(s)';
    for (const [map, holders] of byMap) {
      const row = el('div', 'node-row map-row');
      row.appendChild(el('div', 'node-head', holders.length + ' node(s) hold this map: ' +
        holders.slice(0, 12).map(name).join(', ') + (holders.length > 12 ? ', …' : '')));
      const strip = el('div', 'strip');
      drawStrip(strip, m.maps[map], {}, null);
      row.appendChild(strip);
      box.appendChild(row);
    }
    odd.slice(0, SUMMARY_AT).forEach((i) => {
      const r = makeRow(i, m.nodes[i]);
      updateRow(r, m.nodes[i], m);
      box.appendChild(r.row);
    });
  }

  let legendKey = null;
  function renderLegend(m) {
    const owners = new Set();
    for (const runs of m.maps) for (let k = 2; k < runs.length; k += 3) if (runs[k] >= 0) owners.add(runs[k]);
    const key = [...owners].join(',');
    if (key === legendKey) return;
    legendKey = key;
    const lg = $('legend');
    lg.textContent = '';
    const shown = [...owners].sort((a, b) => a - b);
    if (shown.length > 64) lg.appendChild(el('span', 'note', shown.length + ' owners, the first 64:'));
    shown.slice(0, 64).forEach((o) => {
      const s = el('span');
      const i = el('i');
      i.style.backgroundColor = colour(o);
      s.appendChild(i);
      s.appendChild(document.createTextNode(name(o)));
      lg.appendChild(s);
    });
    const u = el('span', '', 'hatched orange: owner is fail? in that view; red: fail; grey: no owner');
    u.className = 'note';
    lg.appendChild(u);
  }

  // ------------------------------------------------------------------ logs
  let busTypes = null;       // the ticked types, read once per tick or filter change
  function busVisible(b) {
    if (!busTypes) busTypes = new Set([...document.querySelectorAll('#bus-filter input[type=checkbox]:checked')].map((c) => c.value));
    if (!busTypes.has(b[4])) return false;
    const f = $('bus-node').value.trim();
    if (!f) return true;
    const a = name(b[2]) + ' ' + name(b[3]) + ' ' + addr(b[2]) + ' ' + addr(b[3]);
    return a.indexOf(f) >= 0;
  }
  function addr(i) {
    return last && i >= 0 && i < last.nodes.length ? last.nodes[i].addr : '?';
  }
  function busLine(b) {
    const li = el('li', b[5]);
    li.appendChild(document.createTextNode(fmtTime(b[1]) + ' '));
    li.appendChild(el('span', 'ty', b[4]));
    li.appendChild(document.createTextNode(' ' + name(b[2]) + ' → ' + name(b[3]) + (b[6] >= 0 ? ' about ' + name(b[6]) : '') +
      (b[5] === 'delivered' ? '' : ' [' + b[5] + ']')));
    return li;
  }
  function redrawBus() {
    busTypes = null;
    const ol = $('bus');
    ol.textContent = '';
    busItems.filter(busVisible).slice(-MAX_LOG).forEach((b) => ol.appendChild(busLine(b)));
    ol.scrollTop = ol.scrollHeight;
  }
  function eventLine(e) {
    const li = el('li', 'ev-' + e[3]);
    li.textContent = fmtTime(e[1]) + ' ' + names(e[2]) + ' ' + e[3] + ' ' + names(e[4]);
    li.title = e[1] + ' ' + e[2] + ' ' + e[3] + ' ' + e[4];
    return li;
  }
  // a control clicked again and again (step +100 ms) shows as one line with a count
  let lastControl = null;
  function appendEvent(e) {
    const ol = $('events');
    if (e[3] === 'CONTROL' && lastControl && lastControl.detail === e[4] && ol.lastChild === lastControl.li) {
      lastControl.count++;
      lastControl.li.textContent = fmtTime(e[1]) + ' ui CONTROL ' + e[4] + ' (x' + lastControl.count + ')';
      return;
    }
    const li = eventLine(e);
    lastControl = e[3] === 'CONTROL' ? { detail: e[4], li: li, count: 1 } : null;
    append(ol, li);
  }
  function eventVisible(e) {
    const f = $('event-filter').value.trim().toLowerCase();
    return !f || (e[2] + ' ' + e[3] + ' ' + e[4]).toLowerCase().indexOf(f) >= 0;
  }
  function redrawEvents() {
    const ol = $('events');
    ol.textContent = '';
    lastControl = null;
    eventItems.filter(eventVisible).slice(-MAX_LOG).forEach(appendEvent);
    ol.scrollTop = ol.scrollHeight;
  }
  function append(ol, li) {
    const stick = ol.scrollTop + ol.clientHeight >= ol.scrollHeight - 4;
    ol.appendChild(li);
    while (ol.childElementCount > MAX_LOG) ol.removeChild(ol.firstChild);
    if (stick) ol.scrollTop = ol.scrollHeight;
  }
  function trim(a, n) {
    if (a.length > n) a.splice(0, a.length - n);
  }

  function renderLogs(m) {
    for (const e of m.events) {
      if (e[0] <= lastEventSeq) continue;
      lastEventSeq = e[0];
      if (REDIRECTS.indexOf(e[3]) >= 0) {
        redirectItems.push(e);
        append($('redirects'), eventLine(e));
      } else {
        eventItems.push(e);
        if (eventVisible(e)) appendEvent(e);
      }
    }
    trim(eventItems, 2000);
    trim(redirectItems, 200);
    for (const b of m.bus) {
      if (b[0] <= lastBusSeq) continue;
      lastBusSeq = b[0];
      busItems.push(b);
      if (busVisible(b)) append($('bus'), busLine(b));
    }
    trim(busItems, 3000);
    $('bus-counts').textContent = Object.entries(m.busCounts).map(([k, v]) => k + ' ' + v).join(' · ') +
      (m.busSkipped ? ' (' + m.busSkipped + ' not shown)' : '');
    const t = $('redirect-counts');
    const key = JSON.stringify(m.nodes.map((n) => n.redirects));
    if (t.dataset.key === key) return;
    t.dataset.key = key;
    t.textContent = '';
    const h = el('tr');
    h.appendChild(el('th', '', 'node'));
    REDIRECTS.forEach((k) => h.appendChild(el('th', '', k)));
    t.appendChild(h);
    m.nodes.forEach((n) => {
      if (!REDIRECTS.some((k) => n.redirects[k])) return;
      const tr = el('tr');
      tr.appendChild(el('td', '', n.name));
      REDIRECTS.forEach((k) => tr.appendChild(el('td', '', String(n.redirects[k] || 0))));
      t.appendChild(tr);
    });
  }

  // ------------------------------------------------------------------ ticks
  function render(m) {
    last = m;
    if (!first) {
      first = m;
      setupControls(m);
    }
    document.body.dataset.t = m.t;
    $('clock-t').textContent = 't=' + fmtTime(m.t);
    $('clock-mode').textContent = m.sim ? (m.playing ? 'simulated clock, playing' : 'simulated clock, paused') : 'real time';
    for (const b of document.querySelectorAll('#time-controls button')) b.disabled = !m.sim;
    $('play').textContent = m.playing ? 'Pause' : 'Play';
    $('step-nt').textContent = '+node timeout (' + (m.nodeTimeout / 1000) + ' s)';
    renderLegend(m);
    renderNodes(m);
    renderLogs(m);
    document.body.dataset.faults = m.faults.join('; ');
  }

  const es = new EventSource('/api/events');
  es.addEventListener('tick', (e) => {
    $('conn').textContent = 'live';
    $('conn').className = '';
    render(JSON.parse(e.data));
  });
  es.addEventListener('error', () => {
    $('conn').textContent = 'disconnected, retrying…';
    $('conn').className = 'down';
  });
}());
