/* staff.js — the phone page's staff mode (issue 21): union staff standing at
 * a station's door correct its position (the phone's GPS, WGS84), its
 * amenities, opening hours, phone and a note.  Loaded by app.js only once a
 * phone is signed in (an enrolment link of `yijia staff add`, served by
 * `yijia serve --staff`): a worker's phone never fetches it.
 *
 * Every check gets an id (32 hex from crypto.getRandomValues) and is written
 * to IndexedDB (`yijia-staff`, store `checks`) BEFORE it is sent, so a
 * check made without signal waits on the phone: it is sent on the `online`
 * event, when the page loads and every 30 s while anything waits.  The
 * server applies an id once (a resend answers 200 duplicate), so sending
 * twice is harmless.  What waits is listed on the page (「待发送」). */
'use strict';
window.yijiaStaff = (function () {
  var P = null, S, $, el, icon, say;
  var me = { name: '', csrf: null, signedIn: false };
  var started = false;
  var DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
  var DAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
  var GOOD_M = 20, WAIT_S = 30, RESEND_MS = 30000;

  function bind(page) {
    P = page; S = page.S; $ = page.$; el = page.el; icon = page.icon; say = page.say;
  }

  /* ---- the queue: IndexedDB, or memory where the browser has none ---- */
  var dbp = null, memory = {};
  function db() {
    if (dbp) return dbp;
    dbp = new Promise(function (ok, ko) {
      if (!window.indexedDB) { ko(new Error('no IndexedDB')); return; }
      var rq = indexedDB.open('yijia-staff', 1);
      rq.onupgradeneeded = function () {
        if (!rq.result.objectStoreNames.contains('checks'))
          rq.result.createObjectStore('checks', { keyPath: 'id' });
      };
      rq.onsuccess = function () { ok(rq.result); };
      rq.onerror = function () { ko(rq.error); };
    });
    dbp.catch(function () {});
    return dbp;
  }
  function tx(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (ok, ko) {
        var t = d.transaction('checks', mode), store = t.objectStore('checks'), out;
        var rq = fn(store);
        if (rq) rq.onsuccess = function () { out = rq.result; };
        t.oncomplete = function () { ok(out); };
        t.onerror = t.onabort = function () { ko(t.error); };
      });
    });
  }
  function qPut(rec) {
    return tx('readwrite', function (s) { return s.put(rec); })
      .catch(function () { memory[rec.id] = rec; });
  }
  function qDel(id) {
    delete memory[id];
    return tx('readwrite', function (s) { return s.delete(id); }).catch(function () {});
  }
  function qAll() {
    return tx('readonly', function (s) { return s.getAll(); }).then(function (list) {
      return (list || []).concat(Object.keys(memory).map(function (k) { return memory[k]; }));
    }, function () { return Object.keys(memory).map(function (k) { return memory[k]; }); })
      .then(function (list) { return list.sort(function (a, b) { return a.time - b.time; }); });
  }

  function newId() {
    var b = new Uint8Array(16), s = '';
    crypto.getRandomValues(b);
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function timeText(ms) {
    var d = new Date(ms), now = new Date();
    var hm = pad2(d.getHours()) + ':' + pad2(d.getMinutes());
    return d.toDateString() === now.toDateString() ? '今天 ' + hm : (d.getMonth() + 1) + '月' + d.getDate() + '日 ' + hm;
  }
  function metres(m) { return '±' + Math.round(m) + ' 米'; }

  /* ---- the session ---- */
  function session() {
    return fetch('staff/session', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (r.status === 200 && j.name) {
          me.name = j.name; me.csrf = j.csrf; me.signedIn = true;
          P.signedIn(j.name);
          drawBar();
          return j.csrf;
        }
        if (r.status === 401) { lost(); return null; }
        return null;
      });
    }, function () { return null; });
  }
  function csrf() { return me.csrf ? Promise.resolve(me.csrf) : session(); }
  /* the credential was revoked, or the cookie is gone: the queue stays */
  function lost() {
    me.signedIn = false; me.csrf = null;
    P.signedOut();
    drawBar();
  }

  /* ---- the bar: 「核查模式：NAME」, the queue, a station list ----
   * Built once; a renewed session redraws only its first row, so the
   * status line and 「待发送」 never blink away. */
  var shownAs = null; /* what the first row says: the name, or '' signed out */
  function drawBar() {
    var bar = $('staff-bar');
    if (!bar) {
      bar = el('section', { id: 'staff-bar', class: 'staff-bar', 'aria-label': '核查模式', tabindex: '-1' }, [
        el('div', { class: 'staff-row', id: 'staff-row' }),
        el('p', { id: 'staff-msg', class: 'staff-msg', role: 'status', 'aria-live': 'polite', hidden: 'hidden' }),
        el('div', { id: 'staff-all', class: 'staff-all', hidden: 'hidden' }),
        el('section', { id: 'staff-queue', class: 'staff-queue', hidden: 'hidden', 'aria-labelledby': 'staff-queue-title' }),
      ]);
      var main = $('main');
      main.insertBefore(bar, main.firstChild);
      shownAs = null;
    }
    var now = me.signedIn ? me.name : '';
    if (shownAs !== now) {
      shownAs = now;
      var row = $('staff-row');
      row.textContent = '';
      if (me.signedIn) {
        row.appendChild(el('p', { class: 'staff-who' }, [el('strong', { id: 'staff-name', text: '核查模式：' + me.name })]));
        var pick = el('button', { type: 'button', id: 'staff-pick', class: 'btn ghost', 'aria-expanded': 'false', 'aria-controls': 'staff-all' }, ['选驿站核查']);
        pick.addEventListener('click', togglePicker);
        row.appendChild(pick);
        var out = el('button', { type: 'button', id: 'staff-logout', class: 'btn ghost' }, ['退出']);
        out.addEventListener('click', logout);
        row.appendChild(out);
      } else {
        $('staff-all').hidden = true;
        row.appendChild(el('p', { class: 'staff-who warn', id: 'staff-lost', role: 'alert',
          text: '核查身份已失效（可能已被撤销）。请向管理员要新的登记链接并重新打开；本机未发送的核查会保留，登记后自动发送。' }));
      }
    }
    S.staffCard = me.signedIn ? addButton : null;
    return drawQueue();
  }
  /* the staff mode's own status line (the page's clears with each answer) */
  function tell(text, kind) {
    var m = $('staff-msg');
    if (!m) { say(text, kind); return; }
    m.textContent = text || '';
    m.className = 'staff-msg msg' + (kind ? ' ' + kind : '');
    m.hidden = !text;
  }
  function addButton(li, h) {
    var b = el('button', { type: 'button', class: 'btn staff-check', 'data-station': h.id }, [icon('locate'), '在此核查']);
    b.addEventListener('click', function () { openSheet(h, b); });
    li.appendChild(b);
  }
  function togglePicker() {
    var box = $('staff-all'), btn = $('staff-pick');
    var open = box.hidden;
    box.hidden = !open;
    btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (!open) return;
    box.textContent = '';
    var f = el('input', { id: 'staff-filter', type: 'search', 'aria-label': '按名称或地址筛选驿站', placeholder: '驿站名称或地址', autocomplete: 'off' });
    var list = el('ul', { class: 'staff-list', 'aria-label': '全部驿站' });
    box.appendChild(el('label', { for: 'staff-filter', class: 'hint', text: '不在身边列表里的驿站（包括还没有坐标的）：' }));
    box.appendChild(f);
    box.appendChild(list);
    var fill = function () {
      var q = f.value.trim();
      list.textContent = '';
      (S.data.stations || []).filter(function (s) {
        return !s.closed_on && (!q || s.name.indexOf(q) >= 0 || (s.address || '').indexOf(q) >= 0 || s.id === q);
      }).forEach(function (s) {
        var b = el('button', { type: 'button', class: 'btn ghost staff-item', 'data-station': s.id },
                   [el('span', { text: s.name }), el('span', { class: 'small', text: (s.township || '') + (s.lon === null ? ' · 暂无坐标' : '') })]);
        b.addEventListener('click', function () {
          box.hidden = true;
          btn.setAttribute('aria-expanded', 'false');
          openSheet(P.stationHit(s.id) || s, btn);
        });
        list.appendChild(el('li', null, [b]));
      });
    };
    P.load('stations').then(fill, function () { list.textContent = '驿站数据读取失败。'; });
    f.addEventListener('input', fill);
  }
  function logout() {
    var done = function () {
      me.signedIn = false; me.csrf = null;
      P.signedOut();
      S.staffCard = null;
      var bar = $('staff-bar');
      if (bar) bar.remove();
      Array.prototype.forEach.call(document.querySelectorAll('.staff-check'), function (b) { b.remove(); });
      qAll().then(function (l) {
        say(l.length ? '已退出核查模式。还有 ' + l.length + ' 条核查未发送，保存在本机，重新登记后自动发送。' : '已退出核查模式。', 'ok');
      });
    };
    fetch('staff/logout', { method: 'POST', credentials: 'same-origin',
      headers: me.csrf ? { 'X-CSRF-Token': me.csrf } : {} }).then(done, done);
  }

  /* ---- what waits ---- */
  var STATE = {
    waiting: '等待网络，联网后自动发送',
    sending: '正在发送……',
  };
  function drawQueue() {
    var box = $('staff-queue');
    if (!box) return Promise.resolve();
    return qAll().then(function (list) {
      box.textContent = '';
      box.hidden = !list.length;
      box.dataset.count = String(list.length);
      if (!list.length) return;
      box.appendChild(el('h2', { id: 'staff-queue-title', text: '待发送（' + list.length + '）' }));
      var ul = el('ul', { class: 'qlist' });
      list.forEach(function (r) {
        var li = el('li', { class: 'qitem ' + r.status, 'data-id': r.id, 'data-station': r.station }, [
          el('strong', { text: r.name }),
          el('span', { class: 'qmeta', text: timeText(r.time) + ' · ' + metres(r.accuracy) }),
        ]);
        if (r.status === 'refused') {
          li.appendChild(el('p', { class: 'qwhy', role: 'alert', text: r.message }));
          if (r.detail) li.appendChild(el('p', { class: 'small', lang: 'en', text: '服务器说明：' + r.detail }));
          var again = el('button', { type: 'button', class: 'btn ghost q-retry' }, ['重试']);
          again.addEventListener('click', function () {
            r.status = 'waiting'; delete r.message; delete r.detail;
            qPut(r).then(drawQueue).then(flush);
          });
          var drop = el('button', { type: 'button', class: 'btn ghost q-delete' }, ['删除']);
          drop.addEventListener('click', function () { qDel(r.id).then(drawQueue); });
          li.appendChild(el('div', { class: 'qbtns' }, [again, drop]));
        } else {
          li.appendChild(el('span', { class: 'qstate', text: me.signedIn ? STATE[r.status] || STATE.waiting : '等待重新登记' }));
        }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
  }

  /* ---- sending ---- */
  var flushing = null, timer = 0;
  function flush() {
    if (flushing) return flushing;
    clearTimeout(timer);
    flushing = qAll().then(function (list) {
      var todo = list.filter(function (r) { return r.status === 'waiting'; });
      var i = 0;
      var next = function () {
        if (i >= todo.length) return null;
        return send(todo[i++], false).then(function (go) { return go ? next() : null; });
      };
      return next();
    }).then(function () { return drawQueue(); }, function () { return drawQueue(); }).then(function () {
      flushing = null;
      return qAll();
    }).then(function (list) {
      /* every 30 s while anything waits to be sent */
      if (list.some(function (r) { return r.status === 'waiting'; }))
        timer = setTimeout(flush, RESEND_MS);
    });
    return flushing;
  }
  /* one check; resolves true to go on with the next, false to stop */
  function send(r, retried) {
    return csrf().then(function (token) {
      if (!token) return false; /* offline, or no session */
      return fetch('staff/checks', {
        method: 'POST', credentials: 'same-origin', cache: 'no-store',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
        body: JSON.stringify(r.body),
      }).then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (j) { return answer(r, resp.status, j, retried); });
      }, function () {
        tell('没有网络：核查已保存在本机（见「待发送」），联网后自动发送。', 'warn');
        return false; /* network: it waits */
      });
    });
  }
  function refuse(r, message, detail) {
    r.status = 'refused';
    r.message = message;
    r.detail = detail || '';
    tell('「' + r.name + '」的核查没有被接受，请看下面「待发送」里的说明。', 'warn');
    return qPut(r).then(function () { return true; });
  }
  var FIELD = { amenities: '服务设施', opening_hours: '开放时间', phone: '电话', note: '备注',
                lon: '经度', lat: '纬度', accuracy_m: '定位精度', measured_at: '定位时间', station: '驿站', id: '编号' };
  function fieldOf(desc) {
    for (var f in FIELD) if ((desc || '').indexOf(f) >= 0) return FIELD[f];
    return '';
  }
  function answer(r, status, j, retried) {
    var desc = j && j.description || '';
    if (status === 201 || status === 200) {
      return qDel(r.id).then(function () {
        if (j.station && j.station.id) updateStation(j.station);
        tell('已提交核查：' + r.name + '（' + metres(r.accuracy) + (j.duplicate ? '，之前已收到' : '') + '）。', 'ok');
        return true;
      });
    }
    if (status === 422) {
      /* the library's refusal, said in Chinese: outside the district, or
       * N km outside the station's township */
      var far = /([\d.]+) km outside (.+?):/.exec(desc), out = /outside (.+?):/.exec(desc);
      var where = far ? '这个位置在「' + r.name + '」所在的' + far[2] + '外约 ' + far[1] + ' 公里'
        : out ? '这个位置不在' + (out[1] === 'the district' ? '本区' : out[1]) + '范围内'
        : '这个位置离「' + r.name + '」登记的镇街太远';
      return refuse(r, '服务器没有接受：' + where + '。是不是选错了驿站？请确认您就在这个驿站门口：选错了就「删除」，在正确的驿站重新核查。', desc);
    }
    if (status === 401) { lost(); return false; }
    if (status === 403 && j.code === 'bad_csrf_token' && !retried) {
      me.csrf = null;
      return session().then(function (t) { return t ? send(r, true) : false; });
    }
    if (status === 403)
      return refuse(r, '服务器拒绝了这次提交（安全检查未通过）。请从登记链接重新打开本页后「重试」。', desc);
    if (status === 400) {
      var f = fieldOf(desc);
      return refuse(r, (f ? '「' + f + '」' : '填写的内容') + '没有通过检查，服务器没有接受。请「删除」后重新核查并改正。', desc);
    }
    if (status === 404) return refuse(r, '服务器上没有这个驿站（可能已撤销）。', desc);
    if (status === 413) return refuse(r, '内容太长，服务器没有接受。请「删除」后把备注写短些再核查。', desc);
    if (status === 409) return refuse(r, '这次核查的编号已用于另一个驿站，服务器没有接受。请「删除」后重新核查。', desc);
    /* 429, 503, 5xx: later */
    return Promise.resolve(false);
  }
  function updateStation(st) {
    var list = S.data.stations || [];
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === st.id) {
        for (var f in st) list[i][f] = st[f];
        break;
      }
    }
    P.rerender();
  }

  /* ---- opening hours: rows of weekdays and times → opening_hours ---- */
  /* days [bool×7] as "Mo-Fr", "Sa,Su", "Mo,We-Fr" */
  function dayText(days) {
    var out = [], i = 0;
    while (i < 7) {
      if (!days[i]) { i++; continue; }
      var j = i;
      while (j + 1 < 7 && days[j + 1]) j++;
      if (j - i >= 2) out.push(DAYS[i] + '-' + DAYS[j]);
      else for (var k = i; k <= j; k++) out.push(DAYS[k]);
      i = j + 1;
    }
    return out.join(',');
  }
  function span(from, to) {
    if (!/^\d\d:\d\d$/.test(from) || !/^\d\d:\d\d$/.test(to)) return null;
    if (to === '00:00') to = '24:00';
    return from + '-' + to;
  }
  /* {allDay, phOff, rows: [{days, from, to}]} → the syntax ("" when it says nothing) */
  function hoursText(h) {
    var rules = [];
    if (h.allDay) rules.push('24/7');
    else {
      /* each day's spans; days with the same spans make one rule, so the
       * rows add up (a later rule for the same day would replace it) */
      var per = [[], [], [], [], [], [], []];
      h.rows.forEach(function (r) {
        var s = span(r.from, r.to);
        if (!s) return;
        r.days.forEach(function (on, d) { if (on && per[d].indexOf(s) < 0) per[d].push(s); });
      });
      var seen = {};
      per.forEach(function (spans, d) {
        if (!spans.length) return;
        spans.sort();
        var key = spans.join(',');
        if (seen[key]) { seen[key].days[d] = true; return; }
        seen[key] = { days: [false, false, false, false, false, false, false], spans: key };
        seen[key].days[d] = true;
        rules.push(seen[key]);
      });
      rules = rules.map(function (r) { return dayText(r.days) + ' ' + r.spans; });
    }
    if (h.phOff && rules.length) rules.push('PH off');
    return rules.join('; ');
  }
  /* the picker's own forms back into rows; null when the value is beyond it */
  function parseHours(v) {
    var h = { allDay: false, phOff: false, rows: [] };
    v = (v || '').trim();
    if (!v) return h;
    var rules = v.split(/\s*;\s*/), used = [false, false, false, false, false, false, false];
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (r === '24/7') { h.allDay = true; continue; }
      if (r === 'PH off' || r === 'PH closed') { h.phOff = true; continue; }
      var m = /^((?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?(?:\s*,\s*(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?)*)\s+(\d\d:\d\d-\d\d:\d\d(?:\s*,\s*\d\d:\d\d-\d\d:\d\d)*)$/.exec(r);
      if (!m) return null;
      var days = [false, false, false, false, false, false, false];
      var ok = m[1].split(/\s*,\s*/).every(function (part) {
        var ab = part.split('-'), a = DAYS.indexOf(ab[0]), b = ab.length > 1 ? DAYS.indexOf(ab[1]) : a;
        if (a < 0 || b < 0) return false;
        for (var d = a; ; d = (d + 1) % 7) { days[d] = true; if (d === b) break; }
        return true;
      });
      if (!ok) return null;
      /* a later rule for the same day replaces it: not rows that add up */
      for (var u = 0; u < 7; u++) { if (days[u] && used[u]) return null; used[u] = used[u] || days[u]; }
      m[2].split(/\s*,\s*/).forEach(function (t) {
        var ft = t.split('-');
        h.rows.push({ days: days.slice(), from: ft[0], to: ft[1] === '24:00' ? '00:00' : ft[1] });
      });
      if (h.rows.some(function (x) { return +x.to.slice(0, 2) > 24 || +x.from.slice(0, 2) > 23; })) return null;
    }
    return h;
  }

  /* ---- the sheet: check a station on site ---- */
  var sheet = null;
  function openSheet(h, opener) {
    closeSheet();
    var cur = {
      amenities: (h.amenities || []).slice(),
      hours: h.opening_hours || '',
      phone: h.phone || '',
    };
    var T = { h: h, opener: opener, best: null, watch: null, tick: 0, t0: 0, state: 'idle',
              amen: cur.amenities.slice(), touched: false };
    sheet = T;
    var back = el('div', { class: 'sheet-back', id: 'staff-sheet-back' });
    var dlg = el('div', { class: 'sheet', id: 'staff-sheet', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'sheet-title', 'data-station': h.id });
    back.appendChild(dlg);
    T.back = back;

    var head = el('div', { class: 'sheet-head' }, [
      el('h2', { id: 'sheet-title', tabindex: '-1', text: '核查：' + h.name }),
    ]);
    var x = el('button', { type: 'button', class: 'btn ghost sheet-close', 'aria-label': '关闭，不提交' }, ['关闭']);
    x.addEventListener('click', closeSheet);
    head.appendChild(x);
    dlg.appendChild(head);
    dlg.appendChild(el('p', { class: 'small', text: (h.address || '地址未登记') + (h.township ? ' · ' + h.township : '') }));

    /* GPS */
    var gps = el('section', { class: 'gps', 'aria-labelledby': 'gps-title' }, [
      el('h3', { id: 'gps-title', text: '① 站在驿站门口定位' }),
    ]);
    T.accEl = el('p', { class: 'acc', id: 'gps-acc', text: '—' });
    T.gpsEl = el('p', { class: 'gps-state', id: 'gps-state', role: 'status', 'aria-live': 'polite' });
    T.farEl = el('p', { class: 'small', id: 'gps-far' });
    var again = el('button', { type: 'button', class: 'btn ghost', id: 'gps-again' }, [icon('locate'), '重新定位']);
    again.addEventListener('click', startGps);
    /* in a hurry: stop waiting for ±20 m and take the best fix so far */
    T.useNow = el('button', { type: 'button', class: 'btn ghost', id: 'gps-use', hidden: 'hidden' }, ['不等了，用当前位置']);
    T.useNow.addEventListener('click', function () { if (T.best) done(T); });
    gps.appendChild(T.accEl);
    gps.appendChild(T.gpsEl);
    gps.appendChild(T.farEl);
    gps.appendChild(el('div', { class: 'hbtns' }, [again, T.useNow]));
    dlg.appendChild(gps);

    /* amenities */
    var fa = el('fieldset', { class: 'amen-pick' }, [el('legend', { text: '② 服务设施（有的点亮）' })]);
    var chips = el('div', { class: 'pick-chips' });
    Object.keys(P.AMENITY).forEach(function (code) {
      var on = T.amen.indexOf(code) >= 0;
      var b = el('button', { type: 'button', class: 'chip', 'aria-pressed': on ? 'true' : 'false', 'data-amenity': code },
                 [icon(code), P.AMENITY[code]]);
      b.addEventListener('click', function () {
        var i = T.amen.indexOf(code);
        if (i < 0) T.amen.push(code); else T.amen.splice(i, 1);
        b.setAttribute('aria-pressed', i < 0 ? 'true' : 'false');
      });
      chips.appendChild(b);
    });
    (cur.amenities).forEach(function (code) {
      if (P.AMENITY[code]) return; /* a code the page has no word for: kept */
      chips.appendChild(el('span', { class: 'chip', text: code }));
    });
    fa.appendChild(chips);
    dlg.appendChild(fa);

    /* opening hours */
    var fh = el('fieldset', { class: 'hours-pick' }, [el('legend', { text: '③ 开放时间' })]);
    var curEl = el('p', { class: 'small', id: 'hours-current', text: '现在登记的：' + (cur.hours || '未登记（开放时间未知）') });
    fh.appendChild(curEl);
    var allDay = el('button', { type: 'button', class: 'chip', id: 'hours-allday', 'aria-pressed': 'false' }, ['全天（24 小时）']);
    var phOff = el('button', { type: 'button', class: 'chip', id: 'hours-phoff', 'aria-pressed': 'false' }, ['节假日休息']);
    var rowsBox = el('div', { class: 'hrows', id: 'hours-rows' });
    var add = el('button', { type: 'button', class: 'btn ghost', id: 'hours-add' }, ['＋ 再加一段时间']);
    var reset = el('button', { type: 'button', class: 'btn ghost', id: 'hours-reset' }, ['不修改']);
    T.outEl = el('p', { class: 'hours-out', id: 'hours-out', 'aria-live': 'polite' });
    fh.appendChild(el('div', { class: 'pick-chips' }, [allDay, phOff]));
    fh.appendChild(rowsBox);
    fh.appendChild(el('div', { class: 'hbtns' }, [add, reset]));
    fh.appendChild(T.outEl);
    dlg.appendChild(fh);

    var model = null;
    function fromCurrent() {
      model = parseHours(cur.hours);
      T.parsed = !!model;
      if (!model) curEl.textContent = '现在登记的：' + cur.hours + '（写法较复杂，这里改动会整条重写）';
      if (!model) model = { allDay: false, phOff: false, rows: [] };
      if (!model.rows.length) model.rows.push({ days: [true, true, true, true, true, false, false], from: '08:30', to: '17:30' });
      T.touched = false;
      drawRows();
    }
    function touch() { T.touched = true; showOut(); }
    function showOut() {
      allDay.setAttribute('aria-pressed', model.allDay ? 'true' : 'false');
      phOff.setAttribute('aria-pressed', model.phOff ? 'true' : 'false');
      rowsBox.hidden = model.allDay;
      add.hidden = model.allDay;
      T.hoursValue = hoursText(model);
      if (!T.touched) T.outEl.textContent = '不修改开放时间。';
      else if (!T.hoursValue) T.outEl.textContent = '还没有选星期几：开放时间不修改。';
      else T.outEl.textContent = '将登记为：' + T.hoursValue;
      T.outEl.dataset.value = T.touched ? T.hoursValue : '';
    }
    function drawRows() {
      rowsBox.textContent = '';
      model.rows.forEach(function (r, n) {
        var g = el('div', { class: 'hrow', role: 'group', 'aria-label': '第 ' + (n + 1) + ' 段开放时间' });
        var days = el('div', { class: 'days' });
        DAY_ZH.forEach(function (zh, d) {
          var b = el('button', { type: 'button', class: 'day', 'aria-pressed': r.days[d] ? 'true' : 'false',
                                 'aria-label': '星期' + zh, 'data-day': DAYS[d] }, [zh]);
          b.addEventListener('click', function () {
            r.days[d] = !r.days[d];
            b.setAttribute('aria-pressed', r.days[d] ? 'true' : 'false');
            touch();
          });
          days.appendChild(b);
        });
        g.appendChild(days);
        var id = 'h' + n;
        var from = el('input', { type: 'time', id: id + '-from', class: 'h-from', value: r.from, step: '60' });
        var to = el('input', { type: 'time', id: id + '-to', class: 'h-to', value: r.to, step: '60' });
        from.addEventListener('input', function () { r.from = from.value; touch(); });
        to.addEventListener('input', function () { r.to = to.value; touch(); });
        var times = el('div', { class: 'times' }, [
          el('span', { class: 'tfield' }, [el('label', { for: id + '-from', text: '从' }), from]),
          el('span', { class: 'tfield' }, [el('label', { for: id + '-to', text: '到' }), to]),
        ]);
        if (model.rows.length > 1) {
          var del = el('button', { type: 'button', class: 'btn ghost h-del', 'aria-label': '删去第 ' + (n + 1) + ' 段' }, ['删去']);
          del.addEventListener('click', function () { model.rows.splice(n, 1); drawRows(); touch(); });
          times.appendChild(del);
        }
        g.appendChild(times);
        rowsBox.appendChild(g);
      });
      showOut();
    }
    allDay.addEventListener('click', function () { model.allDay = !model.allDay; touch(); });
    phOff.addEventListener('click', function () { model.phOff = !model.phOff; touch(); });
    add.addEventListener('click', function () {
      model.rows.push({ days: [false, false, false, false, false, false, false], from: '14:00', to: '18:00' });
      drawRows();
      touch();
    });
    reset.addEventListener('click', fromCurrent);
    fromCurrent();

    /* phone, note */
    var phone = el('input', { type: 'tel', id: 'check-phone', autocomplete: 'off', inputmode: 'tel', value: cur.phone });
    var note = el('textarea', { id: 'check-note', rows: '3', maxlength: '500' });
    dlg.appendChild(el('div', { class: 'field' }, [el('label', { for: 'check-phone', text: '④ 电话（没有可空着）' }), phone]));
    dlg.appendChild(el('div', { class: 'field' }, [el('label', { for: 'check-note', text: '⑤ 备注（选填，例如“在超市东侧入口”）' }), note]));

    var submit = el('button', { type: 'button', class: 'btn big', id: 'check-submit', disabled: 'disabled' }, ['提交']);
    var cancel = el('button', { type: 'button', class: 'btn ghost', id: 'check-cancel' }, ['取消']);
    cancel.addEventListener('click', closeSheet);
    T.submit = submit;
    T.submitNote = el('p', { class: 'small', id: 'check-submit-note', text: '定位完成后才能提交。' });
    dlg.appendChild(el('div', { class: 'sheet-actions' }, [submit, cancel]));
    dlg.appendChild(T.submitNote);
    submit.addEventListener('click', function () {
      if (!T.best || T.best.accuracy > 1000) return;
      var amenChanged = T.amen.slice().sort().join(';') !== cur.amenities.slice().sort().join(';');
      var ph = phone.value.trim();
      var nt = note.value.trim();
      var hv = T.touched && T.hoursValue ? T.hoursValue : null;
      var id = newId();
      var rec = {
        id: id, station: h.id, name: h.name, time: Date.now(), accuracy: T.best.accuracy, status: 'waiting',
        body: {
          id: id, station: h.id, lon: T.best.lon, lat: T.best.lat, accuracy_m: T.best.accuracy,
          measured_at: T.best.at,
          amenities: amenChanged ? T.amen.slice() : null,
          opening_hours: hv !== null && hv !== cur.hours ? hv : null,
          phone: ph !== cur.phone ? ph : null,
          note: nt || null,
        },
      };
      submit.disabled = true;
      qPut(rec).then(function () {
        closeSheet(true);
        tell('核查已保存在本机，正在发送：' + h.name + '。', 'busy');
        return drawQueue().then(function () {
          /* what was saved, and whether it went: the bar at the top */
          var bar = $('staff-bar');
          if (bar) { bar.scrollIntoView({ block: 'start', behavior: 'instant' }); bar.focus({ preventScroll: true }); }
        });
      }).then(flush);
    });

    document.body.appendChild(back);
    document.body.classList.add('sheet-open');
    back.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { e.preventDefault(); closeSheet(); }
    });
    $('sheet-title').focus();
    startGps();
  }
  function closeSheet(submitted) {
    if (!sheet) return;
    var T = sheet;
    sheet = null;
    stopGps(T);
    T.back.remove();
    document.body.classList.remove('sheet-open');
    if (submitted !== true && T.opener && document.contains(T.opener)) T.opener.focus();
  }

  /* GPS: watch until ±20 m or 30 s, then keep the best fix */
  function stopGps(T) {
    if (T.watch !== null && navigator.geolocation) navigator.geolocation.clearWatch(T.watch);
    T.watch = null;
    clearInterval(T.tick);
  }
  function startGps() {
    var T = sheet;
    if (!T) return;
    stopGps(T);
    T.best = null;
    T.t0 = Date.now();
    T.state = 'watching';
    if (!navigator.geolocation) { T.state = 'failed'; T.why = '这个浏览器不能定位。'; drawGps(); return; }
    T.watch = navigator.geolocation.watchPosition(function (pos) {
      if (sheet !== T || T.state !== 'watching') return;
      var c = pos.coords;
      if (!T.best || c.accuracy < T.best.accuracy)
        T.best = { lon: c.longitude, lat: c.latitude, accuracy: c.accuracy, at: Math.round(pos.timestamp || Date.now()) };
      if (T.best.accuracy <= GOOD_M) done(T);
      else drawGps();
    }, function (err) {
      if (sheet !== T || T.state !== 'watching') return;
      if (err.code === 1) {
        T.why = '没有定位权限：请在浏览器设置里允许本网页使用位置，再点「重新定位」。';
        T.state = 'failed';
        stopGps(T);
      }
      drawGps();
    }, { enableHighAccuracy: true, maximumAge: 0 });
    T.tick = setInterval(function () {
      if (sheet !== T) return;
      if (Date.now() - T.t0 >= WAIT_S * 1000) done(T); else drawGps();
    }, 1000);
    drawGps();
  }
  function done(T) {
    stopGps(T);
    T.state = T.best ? 'done' : 'failed';
    if (!T.best && !T.why) T.why = '30 秒内没有取得定位（可能在室内或 GPS 关着）。请到室外再点「重新定位」。';
    drawGps();
  }
  function drawGps() {
    var T = sheet;
    if (!T) return;
    var left = Math.max(0, WAIT_S - Math.floor((Date.now() - T.t0) / 1000));
    var b = T.best;
    T.accEl.textContent = b ? metres(b.accuracy) : '—';
    T.accEl.className = 'acc' + (b ? b.accuracy <= GOOD_M ? ' good' : ' poor' : '');
    var text, ok = false;
    if (T.state === 'watching')
      text = b ? '正在提高精度……目前 ' + metres(b.accuracy) + '，最多再等 ' + left + ' 秒' : '正在定位……最多再等 ' + left + ' 秒';
    else if (T.state === 'done' && b.accuracy <= GOOD_M) { text = '定位完成：精度 ' + metres(b.accuracy) + '，可以提交。'; ok = true; }
    else if (T.state === 'done' && b.accuracy <= 1000) { text = '精度较差（' + metres(b.accuracy) + '）。最好到门口空旷处「重新定位」；也可以照样提交。'; ok = true; }
    else if (T.state === 'done') text = '精度太差（' + metres(b.accuracy) + '），不能提交。请到室外「重新定位」。';
    else text = T.why || '没有取得定位。';
    T.gpsEl.textContent = text;
    T.gpsEl.dataset.state = T.state;
    T.farEl.textContent = '';
    if (b && T.h.lon !== null && T.h.lon !== undefined && window.yijiaCore) {
      var m = window.yijiaCore.measure({ lon: b.lon, lat: b.lat }, { lon: T.h.lon, lat: T.h.lat });
      if (isFinite(m.distance))
        T.farEl.textContent = '离原来登记的位置' + (T.h.approximate || T.h.coord_precision === 'township' ? '（镇街中心）' : '') +
          '约 ' + window.yijiaCore.distanceText(m.distance) + '。';
    }
    T.useNow.hidden = !(T.state === 'watching' && b && b.accuracy <= 1000);
    T.submit.disabled = !ok;
    T.submitNote.textContent = ok ? '提交后先保存在本机，有网络就发送。' : '定位完成后才能提交。';
  }

  /* ---- start ---- */
  function start(page, who) {
    bind(page);
    me.name = who.name;
    me.csrf = who.csrf || null;
    me.signedIn = true;
    drawBar();
    P.rerender();
    if (started) { flush(); return; }
    started = true;
    /* kept for a start without signal: the service worker stores this file */
    if ('serviceWorker' in navigator && window.isSecureContext !== false)
      navigator.serviceWorker.ready.then(function (reg) {
        if (reg.active) reg.active.postMessage({ keep: 'staff.js' });
      }, function () {});
    window.addEventListener('online', function () { flush(); });
    flush();
  }
  /* the cookie no longer works (revoked): say so, keep what waits */
  function expired(page) {
    bind(page);
    me.signedIn = false;
    drawBar();
  }
  return { start: start, expired: expired, hoursText: hoursText, parseHours: parseHours, dayText: dayText, flush: flush };
})();
