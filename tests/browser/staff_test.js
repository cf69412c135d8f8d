// staff_test.js — the phone page's staff mode (issue 21) against the real
// `yijia serve --staff`, in headless Debian Chromium driven by
// playwright-core, on a 360×780 touch screen with emulated geolocation.
//
// A staff member opens the enrolment link of `yijia staff add` (the token
// leaves the address, the cookie is HttpOnly) and checks three stations,
// each from an emulated position a few metres from its township's
// representative point at ±8 m: one from the nearest list (with edits of
// amenities, opening hours, phone and a note), one with the network off
// (it waits in IndexedDB and in 「待发送」, survives a reload without
// signal, and is sent when the network is back), one picked from the list
// of all stations, its first send carrying a stale CSRF token (the page
// asks for the session again and resends once).  A position in Shanghai,
// and one kilometres from the station's township, are refused with the
// Chinese question whether this is the right station (重试, 删除).
// Then the CLI: `yijia show ID --format json` has the new lon/lat (1e-6),
// coord_precision surveyed and checked_on today (Beijing); `yijia history`
// names the staff member; `yijia undo` restores the last one.  A worker's
// page (a fresh context, no cookie) shows the two kept stations as precise,
// with Amap point navigation, and the undone one as approximate again.
// Last, `yijia staff revoke` → the staff page asks to enrol again.
// Screenshots go to OUT_DIR (test artifacts).
//
// usage: node staff_test.js YIJIA DB BASE_URL ENROLMENT_LINK NAME OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const [yijia, db, base, link, staffName, outDir] = process.argv.slice(2);
const origin = new URL(base).origin;
let failed = 0;
function check(ok, what) {
  if (!ok) {
    failed++;
    console.error(`FAIL [staff]: ${what}`);
  }
}
function cli(...args) {
  return execFileSync(yijia, ['--db', db, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function show(id) {
  const j = JSON.parse(cli('show', id, '--format', 'json'));
  return Array.isArray(j) ? j[0] : j;
}
const shot = (page, name) => page.screenshot({ path: path.join(outDir, `staff-${name}.png`) });
// today in Beijing (UTC+8, no daylight saving)
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

(async () => {
  // the stations: the first of three townships with a point, and a fourth
  // for the refusal
  const all = JSON.parse(cli('list', '--format', 'json'));
  const seen = new Set(), picks = [];
  for (const s of all) {
    if (s.coord_precision !== 'township' || seen.has(s.township)) continue;
    seen.add(s.township);
    picks.push(s);
    if (picks.length === 4) break;
  }
  const [A, B, C, D] = picks;
  // a few metres from the township's point (about 4 m east, 3 m north)
  const at = (s, k) => ({ lon: Number((s.lon + 0.00004 * k).toFixed(7)), lat: Number((s.lat + 0.00003 * k).toFixed(7)) });
  const pos = { [A.id]: at(A, 1), [B.id]: at(B, 1.5), [C.id]: at(C, 2) };
  const SHANGHAI = { lon: 121.4737, lat: 31.2304 };

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const outside = [], errors = [], checks = [];
  async function newContext(where) {
    const ctx = await browser.newContext({
      viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2,
      locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['geolocation'],
      geolocation: { longitude: where.lon, latitude: where.lat, accuracy: 8 },
    });
    ctx.setDefaultTimeout(120000); // guards for slow sanitizer builds, not assertions
    await ctx.route((url) => url.origin !== origin, (route) => {
      outside.push(route.request().url());
      return route.abort();
    });
    return ctx;
  }
  function watch(page) {
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // Chromium logs failed loads (offline; a 401 or 422 answer) as errors
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
    });
    page.on('request', (r) => {
      if (r.url() === origin + '/staff/checks' && r.method() === 'POST')
        checks.push({ body: JSON.parse(r.postData() || '{}'), headers: r.headers() });
    });
  }
  async function ready(page) {
    await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  }
  async function locate(page, where) {
    await page.context().setGeolocation({ longitude: where.lon, latitude: where.lat, accuracy: 8 });
    const seq = await page.evaluate(() => window.__yijia.seq);
    await page.click('#locate');
    await page.waitForFunction((s) => window.__yijia.seq > s &&
      document.getElementById('results').dataset.done === '1', seq, { timeout: 120000 });
  }
  async function gpsDone(page) {
    await page.waitForSelector('#gps-state[data-state="done"]', { timeout: 40000 });
    return { acc: await page.textContent('#gps-acc'), state: await page.textContent('#gps-state') };
  }
  async function layout(page, what) {
    const m = await page.evaluate(() => {
      const small = [];
      document.querySelectorAll('#staff-sheet button, #staff-sheet input, #staff-bar button, .staff-check').forEach((b) => {
        const r = b.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && (r.height < 43.5 || r.width < 43.5))
          small.push((b.textContent || b.id).trim().slice(0, 12) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
      });
      return { sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth, small };
    });
    check(m.sw <= m.cw, `${what}: no sideways scroll (${m.sw} > ${m.cw})`);
    check(m.small.length === 0, `${what}: touch targets under 44 px: ${m.small.join(', ')}`);
  }
  async function axe(page, what) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(bad.length === 0, `axe (${what}): ${bad.map((v) => v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')).join('; ')}`);
  }
  async function queue(page) {
    return page.$$eval('#staff-queue .qitem', (li) => li.map((x) => ({ station: x.dataset.station, cls: x.className, text: x.textContent })));
  }
  async function stored(page) {
    return page.evaluate(() => new Promise((ok, ko) => {
      const rq = indexedDB.open('yijia-staff');
      rq.onerror = () => ko(rq.error);
      rq.onsuccess = () => {
        const g = rq.result.transaction('checks').objectStore('checks').getAll();
        g.onsuccess = () => { ok(g.result); rq.result.close(); };
        g.onerror = () => ko(g.error);
      };
    }));
  }

  // ---- enrolment ----
  const ctx = await newContext(pos[A.id]);
  const page = await ctx.newPage();
  watch(page);
  await page.goto(link);
  await page.waitForSelector('#staff-name', { timeout: 60000 });
  check((await page.textContent('#staff-name')) === '核查模式：' + staffName, 'the bar says 核查模式：' + staffName);
  check(!page.url().includes('#staff=') && !page.url().includes('staff='), 'the token left the address: ' + page.url());
  check(!(await page.evaluate(() => document.cookie)).includes('yj_staff'), 'the cookie is HttpOnly');
  const cookies = await ctx.cookies();
  const ck = cookies.find((c) => c.name === 'yj_staff');
  check(ck && ck.httpOnly && ck.sameSite === 'Strict', 'yj_staff: HttpOnly, SameSite=Strict ' + JSON.stringify(ck));
  await ready(page);
  await shot(page, 'signed-in-360x780');

  // ---- A: from the nearest list, with edits ----
  await locate(page, pos[A.id]);
  await page.waitForSelector(`#st-${A.id} .staff-check`);
  check((await page.textContent(`#st-${A.id} .staff-check`)).includes('在此核查'), 'a card has 在此核查');
  await layout(page, 'cards in staff mode');
  await page.click(`#st-${A.id} .staff-check`);
  await page.waitForSelector('#staff-sheet');
  const g = await gpsDone(page);
  check(g.acc === '±8 米' && g.state.includes('±8 米'), 'the sheet shows the accuracy ±8 米: ' + g.acc + ' / ' + g.state);
  const on = await page.$$eval('.amen-pick .chip[aria-pressed="true"]', (b) => b.map((x) => x.dataset.amenity));
  check(on.slice().sort().join() === A.amenities.slice().sort().join(), `current amenities on: ${on} (${A.amenities})`);
  check((await page.textContent('#hours-current')).includes('未登记'), 'the current hours are shown');
  check((await page.textContent('#hours-out')).includes('不修改'), 'hours untouched: not changed');
  await page.click('.amen-pick .chip[data-amenity="toilet"]');
  // the picker: Mo-Fr 08:30-17:30 preset; Saturday on, 08:00 start, holidays off
  await page.click('#hours-rows .hrow:first-child .day[data-day="Sa"]');
  await page.fill('#h0-from', '08:00');
  await page.click('#hours-phoff');
  await page.click('#hours-add');
  for (const d of ['Sa', 'Su']) await page.click(`#hours-rows .hrow:nth-child(2) .day[data-day="${d}"]`);
  await page.fill('#h1-from', '18:00');
  await page.fill('#h1-to', '20:00');
  const hours = await page.getAttribute('#hours-out', 'data-value');
  check(hours === 'Mo-Fr 08:00-17:30; Sa 08:00-17:30,18:00-20:00; Su 18:00-20:00; PH off', 'the picker writes ' + hours);
  await page.fill('#check-phone', '0571-82712345');
  await page.fill('#check-note', '门在超市东侧');
  await shot(page, 'sheet-360x780');
  await layout(page, 'the check sheet');
  await axe(page, 'the check sheet');
  // 320 px and the phone's text at 200 %: nothing sideways
  await page.setViewportSize({ width: 320, height: 640 });
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const wide = await page.evaluate(() => {
    const d = document.getElementById('staff-sheet'), right = d.getBoundingClientRect().right, over = [];
    d.querySelectorAll('*').forEach((e) => {
      const r = e.getBoundingClientRect();
      if (r.right > right + 0.5) over.push((e.id || e.className || e.tagName) + ' ' + Math.round(r.right));
    });
    return { sw: d.scrollWidth, cw: d.clientWidth, page: document.documentElement.scrollWidth, vw: document.documentElement.clientWidth, over: over.slice(0, 5) };
  });
  check(wide.sw <= wide.cw && wide.page <= wide.vw, '320 px at 200 % text: the sheet does not scroll sideways ' + JSON.stringify(wide));
  await shot(page, 'sheet-large-text-320');
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.click('#check-submit');
  await page.waitForSelector('#staff-sheet', { state: 'detached' });
  await page.waitForFunction(() => /已提交核查/.test(document.getElementById('staff-msg').textContent), null, { timeout: 60000 });
  await page.waitForSelector('#staff-queue', { state: 'hidden', timeout: 60000 });
  check((await stored(page)).length === 0, 'A: sent, nothing waits');
  const cA = checks.find((c) => c.body.station === A.id);
  check(cA && /^[0-9a-f]{32}$/.test(cA.body.id) && cA.headers['x-csrf-token'] && /^application\/json/.test(cA.headers['content-type']),
    'A: a 32-hex id, the CSRF header, JSON ' + JSON.stringify(cA));

  // ---- B: with the network off ----
  await locate(page, pos[B.id]);
  // the service worker keeps the page, its data and staff.js
  const cached = await page.waitForFunction(async () => {
    for (const n of ['./', 'app.js', 'staff.js', 'data/stations.json'])
      if (!(await caches.match(new URL(n, location.href).href))) return false;
    return true;
  }, null, { timeout: 60000, polling: 250 }).then(() => true, () => false);
  check(cached, 'the service worker keeps staff.js');
  await ctx.setOffline(true);
  await page.click(`#st-${B.id} .staff-check`);
  await gpsDone(page);
  await page.click('#check-submit');
  await page.waitForSelector(`#staff-queue .qitem[data-station="${B.id}"]`);
  const q = await queue(page);
  check(q.length === 1 && q[0].text.includes(B.name) && q[0].text.includes('±8 米') && /\d\d:\d\d/.test(q[0].text),
    '待发送 lists B with its time and ±m: ' + JSON.stringify(q));
  check((await page.textContent('#staff-queue h2')).includes('待发送'), 'the list is called 待发送');
  await page.waitForFunction(() => document.getElementById('staff-msg').textContent.includes('没有网络'), null, { timeout: 30000 });
  const kept = await stored(page);
  check(kept.length === 1 && kept[0].station === B.id && kept[0].accuracy === 8 && kept[0].time > 0 &&
    kept[0].body.lon === pos[B.id].lon && kept[0].body.lat === pos[B.id].lat, 'B waits in IndexedDB: ' + JSON.stringify(kept));
  await shot(page, 'offline-queue-360x780');
  // the phone is put away and the page opened again, still without signal:
  // the staff mode and what waits are there
  await page.reload();
  await ready(page);
  await page.waitForSelector(`#staff-queue .qitem[data-station="${B.id}"]`, { timeout: 60000 });
  check((await page.textContent('#staff-name')) === '核查模式：' + staffName, 'offline reload: still in staff mode');
  const [sentB] = await Promise.all([
    page.waitForResponse((r) => r.url() === origin + '/staff/checks' && r.status() === 201, { timeout: 60000 }),
    ctx.setOffline(false),
  ]);
  check(sentB.request().postDataJSON().station === B.id, 'B: sent when the network is back');
  await page.waitForSelector('#staff-queue', { state: 'hidden', timeout: 60000 });
  check((await stored(page)).length === 0, 'B: sent when the network is back, removed from IndexedDB');

  // ---- C: from the list of every station; a stale CSRF token on the way ----
  const answers = [];
  const seenC = (r) => { if (r.url() === origin + '/staff/checks') answers.push(r.status()); };
  page.on('response', seenC);
  let spoiled = false;
  await page.route(origin + '/staff/checks', (route) => {
    if (spoiled) return route.continue();
    spoiled = true;
    return route.continue({ headers: Object.assign({}, route.request().headers(), { 'x-csrf-token': '0'.repeat(64) }) });
  });
  // a poor fix (±35 m): the sheet keeps watching; 不等了 takes it now
  await ctx.setGeolocation({ longitude: pos[C.id].lon, latitude: pos[C.id].lat, accuracy: 35 });
  await page.click('#staff-pick');
  await page.fill('#staff-filter', C.name);
  await page.click(`#staff-all .staff-item[data-station="${C.id}"]`);
  await page.waitForSelector('#gps-use:not([hidden])', { timeout: 20000 });
  check((await page.textContent('#gps-state')).includes('正在提高精度') && await page.isDisabled('#check-submit'),
    'a fix worse than ±20 m: still watching, 提交 waits: ' + await page.textContent('#gps-state'));
  await page.click('#gps-use');
  const poor = await gpsDone(page);
  check(poor.acc === '±35 米' && poor.state.includes('精度较差') && !(await page.isDisabled('#check-submit')),
    'taken as it is: ' + poor.acc + ' / ' + poor.state);
  await page.click('#check-submit');
  await page.waitForSelector('#staff-sheet', { state: 'detached' });
  await page.waitForFunction((n) => document.getElementById('staff-msg').textContent.includes('已提交核查：' + n), C.name, { timeout: 60000 });
  for (let i = 0; i < 100 && answers.length < 2; i++) await page.waitForTimeout(100);
  check(answers.join() === '403,201', 'a refused CSRF token: the session is asked again and the check resent once: ' + answers);
  await page.unroute(origin + '/staff/checks');
  page.off('response', seenC);

  // ---- D: a position in Shanghai is refused ----
  await ctx.setGeolocation({ longitude: SHANGHAI.lon, latitude: SHANGHAI.lat, accuracy: 8 });
  await page.click('#staff-pick');
  await page.fill('#staff-filter', D.name);
  await page.click(`#staff-all .staff-item[data-station="${D.id}"]`);
  await gpsDone(page);
  await page.click('#check-submit');
  await page.waitForSelector(`#staff-queue .qitem.refused[data-station="${D.id}"]`, { timeout: 60000 });
  const refused = (await queue(page))[0];
  check(refused.text.includes('是不是选错了驿站') && refused.text.includes(D.name) && refused.text.includes('不在萧山区范围内'),
    'the refusal asks in Chinese: ' + refused.text);
  await shot(page, 'refused-360x780');
  await layout(page, 'the refusal');
  await axe(page, 'the refusal');
  await page.click(`#staff-queue .qitem[data-station="${D.id}"] .q-delete`);
  await page.waitForSelector('#staff-queue', { state: 'hidden' });
  // inside the district, but at another township's point, kilometres away
  await ctx.setGeolocation({ longitude: A.lon, latitude: A.lat, accuracy: 8 });
  await page.click('#staff-pick');
  await page.fill('#staff-filter', D.name);
  await page.click(`#staff-all .staff-item[data-station="${D.id}"]`);
  await gpsDone(page);
  await page.click('#check-submit');
  await page.waitForSelector(`#staff-queue .qitem.refused[data-station="${D.id}"]`, { timeout: 60000 });
  let far = (await queue(page))[0];
  check(/在「.*」所在的.+外约 [\d.]+ 公里/.test(far.text) && far.text.includes('是不是选错了驿站'), 'a township far away: ' + far.text);
  // 重试 sends it again (the same answer), 删除 drops it
  const [again] = await Promise.all([
    page.waitForResponse((r) => r.url() === origin + '/staff/checks', { timeout: 60000 }),
    page.click(`#staff-queue .qitem[data-station="${D.id}"] .q-retry`),
  ]);
  check(again.status() === 422, '重试 sends it again: ' + again.status());
  await page.waitForSelector(`#staff-queue .qitem.refused[data-station="${D.id}"]`, { timeout: 60000 });
  await page.click(`#staff-queue .qitem[data-station="${D.id}"] .q-delete`);
  await page.waitForSelector('#staff-queue', { state: 'hidden' });
  check((await stored(page)).length === 0, '删除 removes it from IndexedDB');
  check(show(D.id).coord_precision === 'township', 'D: nothing written');

  // ---- the CLI ----
  for (const s of [A, B, C]) {
    const got = show(s.id), want = pos[s.id];
    check(Math.abs(got.lon - want.lon) <= 1e-6 && Math.abs(got.lat - want.lat) <= 1e-6,
      `${s.id}: position ${got.lon},${got.lat}, the phone sent ${want.lon},${want.lat}`);
    check(got.coord_precision === 'surveyed', `${s.id}: coord_precision ${got.coord_precision}`);
    check(got.checked_on === today, `${s.id}: checked_on ${got.checked_on}, today ${today}`);
    check((got.coord_source || '').includes(staffName), `${s.id}: coord_source names the checker: ${got.coord_source}`);
    const h = JSON.parse(cli('history', s.id, '--format', 'json'));
    check(h.length > 0 && h.every((r) => r.user === staffName), `${s.id}: history names ${staffName}: ${JSON.stringify(h.map((r) => r.user))}`);
  }
  check(cli('history').includes(staffName), 'yijia history names the staff member');
  check(show(A.id).coord_accuracy_m === 8 && /±8 m/.test(show(A.id).coord_source), 'A: the accuracy kept (±8 m)');
  const a = show(A.id);
  check(a.amenities.includes('toilet') && a.opening_hours === hours && a.phone === '0571-82712345' &&
    (a.notes || '').includes('门在超市东侧'), 'A: the edits: ' + JSON.stringify([a.amenities, a.opening_hours, a.phone, a.notes]));
  const b = show(B.id);
  check(b.opening_hours === B.opening_hours && b.phone === B.phone && b.amenities.join() === B.amenities.join(),
    'B: untouched fields kept: ' + JSON.stringify([b.opening_hours, b.phone, b.amenities]));
  cli('undo'); // the last change: C
  const c = show(C.id);
  check(c.coord_precision === 'township' && c.lon === C.lon && c.lat === C.lat && c.checked_on === C.checked_on,
    `undo restores ${C.id}: ${c.coord_precision} ${c.lon},${c.lat}`);

  // ---- a worker's page: precise, with point navigation ----
  {
    const wc = await newContext(pos[A.id]);
    const wp = await wc.newPage();
    watch(wp);
    await wp.goto(base);
    await ready(wp);
    check(!(await wp.$('#staff-bar')), "a worker's page has no staff mode");
    for (const s of [A, B]) {
      await locate(wp, pos[s.id]);
      const cd = await wp.$eval('#cards .card', (x) => ({ id: x.dataset.id, text: x.textContent,
        amap: x.querySelector('.nav-amap').href, kind: x.querySelector('.nav-amap').dataset.kind,
        check: !!x.querySelector('.staff-check') }));
      check(cd.id === s.id, `worker: ${s.id} first at its surveyed point (${cd.id})`);
      check(!cd.text.includes('位置仅到镇街') && !cd.text.includes('≈'), `worker: ${s.id} not approximate`);
      const u = new URL(cd.amap);
      check(u.origin + u.pathname === 'https://uri.amap.com/navigation' && cd.kind === 'point', `worker: ${s.id} Amap navigation to a point: ${cd.amap}`);
      check(!cd.check, 'worker: no 在此核查');
      if (s === A) await shot(wp, 'worker-360x780');
    }
    await locate(wp, pos[C.id]);
    const cc = await wp.$eval(`#st-${C.id}`, (x) => ({ text: x.textContent, kind: x.querySelector('.nav-amap').dataset.kind }));
    check(cc.text.includes('位置仅到镇街') && cc.kind === 'search', `worker: the undone ${C.id} is approximate again`);
    await wc.close();
  }

  // ---- a revoked credential: enrol again ----
  cli('staff', 'revoke', staffName);
  await page.reload();
  await ready(page);
  await page.waitForSelector('#staff-lost', { timeout: 60000 });
  check((await page.textContent('#staff-lost')).includes('重新'), 'revoked: asks to enrol again');
  check(!(await page.$('.staff-check')), 'revoked: no 在此核查');
  await shot(page, 'revoked-360x780');

  await ctx.close();
  check(outside.length === 0, 'no request leaves 127.0.0.1: ' + outside.slice(0, 5).join(' '));
  check(errors.length === 0, 'no script error: ' + errors.slice(0, 5).join(' | '));
  await browser.close();
  if (failed) {
    console.error(`staff_test: ${failed} failed`);
    process.exit(1);
  }
  console.log(`staff_test: ok (${A.id}, ${B.id} offline, ${C.id} undone; ${D.id} refused)`);
})().catch((e) => {
  console.error(`FAIL [staff]: ${e && e.stack || e}`);
  process.exit(1);
});
