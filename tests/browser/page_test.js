// page_test.js — the workers' phone page (web/, issue 17) in headless
// Debian Chromium driven by playwright-core, in one of its two homes:
//   served:  by `yijia serve` (the page asks the JSON API);
//   static:  `yijia export --format site` on a plain static file server
//            (static_server.js, started and stopped here): no API, the
//            page ranks in the browser from data/*.json.
// The expected answers come from the tool itself (test_page.sh runs
// `yijia nearest ... --format json` and passes them in EXPECTED.json).
//
// Checked: emulated geolocation at the given places → the cards list the
// tool's stations in the tool's order, with its distances; denied
// permission → a Chinese message and the search fallback; a typed place,
// pasted coordinates (Chinese comma) and an Amap share link → results; the
// amenity and 「现在开放」 filters; a shared station URL (?s=) opens its
// card; an approximate station's hand-off is a search by name (and
// address), a precise one's a point in each app's CRS (decoded, compared
// with the tool's links); the map zooms with a two-finger pinch (pointer
// events) and a tap on a marker opens the card; touch targets ≥ 44 px,
// base font ≥ 16 px, no sideways scroll at 320 px, also with the system
// font at 200 %; axe-core finds no serious or critical violation; after
// the first visit the page answers offline (service worker); installable
// (CDP Page.getInstallabilityErrors); no request leaves 127.0.0.1.
// Measured and printed (not asserted): the transfer of a first visit and
// the first answer after the tap with CPU ×4 and "Slow 4G".
// Screenshots at 360×780 and 1280×800 go to OUT_DIR (test artifacts).
//
// usage: node page_test.js served URL EXPECTED.json OUT_DIR [ACCESS_LOG]
//        node page_test.js static SITE_DIR EXPECTED.json OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const staticServer = require('./static_server');

const [mode, where, expectedFile, outDir, accessLog] = process.argv.slice(2);
const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
const tag = mode === 'served' ? 'served' : 'static';
let failed = 0;
function check(ok, what) {
  if (!ok) {
    failed++;
    console.error(`FAIL [${tag}]: ${what}`);
  }
}
function shot(page, name) {
  return page.screenshot({ path: path.join(outDir, `${tag}-${name}.png`) });
}

// Slow 4G as DevTools defines it (SDK.NetworkManager.Slow4GConditions):
// 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180000, uploadThroughput: 84375 };

(async () => {
  let server = null, base = where;
  if (mode === 'static') {
    server = await staticServer.start(where);
    base = server.url;
  }
  const origin = new URL(base).origin;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const outside = [];
  const errors = [];
  async function newContext(opts, measured) {
    const ctx = await browser.newContext(Object.assign({
      viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true,
      deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    }, opts || {}));
    ctx.setDefaultTimeout(120000); // guards for slow sanitizer builds, not assertions
    // nothing may leave this machine's page server (routing turns the
    // HTTP cache off: not for the context whose transfer is measured)
    if (!measured)
      await ctx.route((url) => url.origin !== origin, (route) => {
        outside.push(route.request().url());
        return route.abort();
      });
    ctx.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin + '/') && !u.startsWith('data:')) outside.push(u);
    });
    return ctx;
  }
  function watch(page) {
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      // Chromium logs failed loads as errors: a static host has no /api/
      // (the page's probe gets its 404), and offline the network fails
      // before the kept copy answers
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
    });
  }
  async function ready(page) {
    await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  }
  // Start a search and wait for its final answer (the API's when served).
  async function answer(page, start) {
    const seq = await page.evaluate(() => window.__yijia.seq);
    await start();
    await page.waitForFunction((s) => window.__yijia.seq > s &&
      document.getElementById('results').dataset.done === '1', seq, { timeout: 120000 });
    return page.$$eval('#cards .card', (cs) => cs.map((c) => ({
      id: c.dataset.id, distance: c.dataset.distance === undefined ? NaN : Number(c.dataset.distance),
      text: c.textContent,
    })));
  }
  function same(cards, want, what) {
    const got = cards.map((c) => c.id).join(' '), exp = want.map((h) => h.id).join(' ');
    check(got === exp, `${what}: cards ${got} — the tool says ${exp}`);
    if (got !== exp) return;
    want.forEach((h, i) => {
      check(Math.abs(cards[i].distance - h.distance_m) <= 0.15,
        `${what}: ${h.id} at ${cards[i].distance} m, the tool says ${h.distance_m}`);
      if (h.distance_m >= 10) check(cards[i].text.includes('往' + h.direction), `${what}: ${h.id} direction ${h.direction}`);
    });
  }
  async function axe(page, what) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(bad.length === 0, `axe (${what}): ${bad.map((v) => v.id + ' ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')).join('; ')}`);
  }
  async function layout(page, what) {
    const m = await page.evaluate(() => {
      const small = [];
      document.querySelectorAll('button, a.btn, .chip, .sugg li, .by-addr a').forEach((b) => {
        const r = b.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && (r.height < 43.5 || r.width < 43.5)) small.push(b.textContent.trim().slice(0, 12) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));
      });
      document.querySelectorAll('#map .mk .tap').forEach((c) => {
        const r = c.getBoundingClientRect();
        if (r.width > 0 && r.width < 43.5) small.push('marker ' + Math.round(r.width));
      });
      return { sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
               font: parseFloat(getComputedStyle(document.body).fontSize), small };
    });
    check(m.sw <= m.cw, `${what}: no sideways scroll (${m.sw} > ${m.cw})`);
    check(m.small.length === 0, `${what}: touch targets under 44 px: ${m.small.join(', ')}`);
    return m;
  }

  const P = expected.places;

  // ---- first visit: geolocation at each place ----
  const ctx = await newContext({ geolocation: { longitude: P[0].lon, latitude: P[0].lat, accuracy: 25 },
                                 permissions: ['geolocation'] });
  const page = await ctx.newPage();
  watch(page);
  await page.goto(base);
  await ready(page);
  await shot(page, 'first-360x780');
  check((await layout(page, 'first screen')).font >= 16, 'base font ≥ 16 px');
  await axe(page, 'first screen');
  check(await page.isVisible('#locate') && (await page.textContent('#locate')).includes('找最近的驿站'), 'the big button');

  for (let i = 0; i < P.length; i++) {
    await ctx.setGeolocation({ longitude: P[i].lon, latitude: P[i].lat, accuracy: 25 });
    const cards = await answer(page, () => page.click('#locate'));
    same(cards, P[i].hits, `geolocation ${P[i].lon},${P[i].lat}`);
    if (mode === 'served') check(await page.getAttribute('#results', 'data-source') === 'api', 'served: the final answer is the API\'s');
    if (i === 0) {
      check((await page.textContent('#summary')).includes('定位精度约 ±30 米'), 'the accuracy is shown: ' + await page.textContent('#summary'));
      await shot(page, 'results-360x780');
      await layout(page, 'results');
      await axe(page, 'results');
    }
  }

  // ---- hand-off links: approximate → a search by name; precise → a point ----
  {
    await ctx.setGeolocation({ longitude: P[0].lon, latitude: P[0].lat, accuracy: 25 });
    await answer(page, () => page.click('#locate'));
    const a = expected.approximate;
    const first = await page.$eval('#cards .card', (c) => ({
      id: c.dataset.id, amap: c.querySelector('.nav-amap').href, baidu: c.querySelector('.nav-baidu').href,
      geo: c.querySelector('.nav-geo').getAttribute('href'), amapAddr: c.querySelector('.addr-amap') && c.querySelector('.addr-amap').href,
      kind: c.querySelector('.nav-amap').dataset.kind, text: c.textContent }));
    check(first.id === a.id, `the approximate station ${a.id} comes first (${first.id})`);
    const am = new URL(first.amap), bm = new URL(first.baidu);
    check(am.origin + am.pathname === 'https://uri.amap.com/search' && am.searchParams.get('keyword') === a.name,
      'approximate: Amap searches the name: ' + first.amap);
    check(bm.origin + bm.pathname === 'https://api.map.baidu.com/place/search' && bm.searchParams.get('query') === a.name &&
      bm.searchParams.get('output') === 'html', 'approximate: Baidu searches the name: ' + first.baidu);
    check(first.amapAddr && new URL(first.amapAddr).searchParams.get('keyword') === a.address, 'approximate: a search by address too');
    check(first.kind === 'search' && first.text.includes('位置仅到镇街') && first.text.includes('≈'), 'approximate: 位置仅到镇街 and ≈');

    const pr = expected.precise;
    await ctx.setGeolocation({ longitude: pr.from.lon, latitude: pr.from.lat, accuracy: 10 });
    const cards = await answer(page, () => page.click('#locate'));
    same(cards, pr.hits, 'near the precise station');
    const c = await page.$eval('#cards .card', (c) => ({ id: c.dataset.id, amap: c.querySelector('.nav-amap').href,
      baidu: c.querySelector('.nav-baidu').href, geo: c.querySelector('.nav-geo').getAttribute('href'),
      text: c.textContent }));
    check(c.id === pr.id, `the precise station ${pr.id} first (${c.id})`);
    const u = new URL(c.amap);
    const to = (u.searchParams.get('to') || '').split(',');
    check(u.origin + u.pathname === 'https://uri.amap.com/navigation', 'precise: Amap navigation ' + c.amap);
    check(Math.abs(Number(to[0]) - pr.gcj.lon) <= 1.01e-6 && Math.abs(Number(to[1]) - pr.gcj.lat) <= 1.01e-6 &&
      to.slice(2).join(',') === pr.name, `precise: Amap's point is the tool's GCJ-02 ${pr.gcj.lon},${pr.gcj.lat} (${to})`);
    const b = new URL(c.baidu);
    const dest = /latlng:([-\d.]+),([-\d.]+)\|name:(.*)$/.exec(b.searchParams.get('destination') || '');
    check(b.origin + b.pathname === 'https://api.map.baidu.com/direction' && b.searchParams.get('coord_type') === 'bd09ll' && dest,
      'precise: Baidu direction in bd09ll ' + c.baidu);
    if (dest) check(Math.abs(Number(dest[1]) - pr.bd.lat) <= 1.01e-6 && Math.abs(Number(dest[2]) - pr.bd.lon) <= 1.01e-6 && dest[3] === pr.name,
      `precise: Baidu's point is the tool's BD-09 ${pr.bd.lat},${pr.bd.lon} (${dest && dest.slice(1)})`);
    const g = /^geo:([-\d.]+),([-\d.]+)\?q=/.exec(c.geo);
    check(g && Number(g[1]) === pr.wgs.lat && Number(g[2]) === pr.wgs.lon, 'precise: geo: in WGS84 ' + c.geo);
    check(!c.text.includes('位置仅到镇街'), 'precise: not marked approximate');
  }

  // ---- filters ----
  {
    await ctx.setGeolocation({ longitude: P[0].lon, latitude: P[0].lat, accuracy: 25 });
    await answer(page, () => page.click('#locate'));
    let cards = await answer(page, () => page.click('.chip[data-amenity="toilet"]'));
    same(cards, expected.toilet, 'amenity 卫生间');
    cards = await answer(page, () => page.click('.chip[data-amenity="toilet"]'));
    same(cards, P[0].hits, 'amenity off');
    cards = await answer(page, () => page.click('#open-now'));
    same(cards, expected.open_now, '现在开放');
    cards.forEach((c) => check(/开放/.test(c.text) && !/开放时间未知/.test(c.text.split('步行')[0]), '现在开放: ' + c.id + ' says open'));
    await answer(page, () => page.click('#open-now'));
  }

  // ---- typed place, pasted coordinates, an Amap link ----
  {
    await page.click('#show-search');
    check(await page.isVisible('#q'), 'the search box opens');
    await page.fill('#q', '');
    await page.type('#q', expected.near.text);
    await page.waitForSelector('#sugg li');
    const first = await page.textContent('#sugg li');
    check(first.includes(expected.near.place), `suggestions lead with ${expected.near.place}: ${first}`);
    await layout(page, 'suggestions');
    await axe(page, 'search');
    let cards = await answer(page, () => page.press('#q', 'Enter'));
    same(cards, expected.near.hits, `typed place ${expected.near.text}`);
    for (const t of expected.typed) {
      await page.fill('#q', t.text);
      if (t.crs) await page.selectOption('#crs', t.crs);
      cards = await answer(page, () => page.press('#q', 'Enter'));
      same(cards, t.hits, `typed ${t.text}`);
    }
    // a township from the list
    await page.click('#towns summary');
    const town = expected.township;
    cards = await answer(page, () => page.click(`#town-list button:text-is("${town.name}")`));
    same(cards, town.hits, `township ${town.name}`);
  }

  // ---- the map: pinch, drag, tap a station ----
  {
    await page.click('#toggle-map');
    await page.waitForSelector('#map .mk');
    await layout(page, 'map');
    await axe(page, 'map');
    await shot(page, 'map-360x780');
    const before = Number(await page.getAttribute('#map', 'data-scale'));
    await page.evaluate(() => {
      const svg = document.getElementById('map'), r = svg.getBoundingClientRect();
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      const ev = (type, id, x) => svg.dispatchEvent(new PointerEvent(type, {
        pointerId: id, pointerType: 'touch', isPrimary: id === 11, clientX: x, clientY: cy,
        bubbles: true, cancelable: true }));
      ev('pointerdown', 11, cx - 30);
      ev('pointerdown', 12, cx + 30);
      for (let k = 1; k <= 5; k++) {
        ev('pointermove', 11, cx - 30 - 12 * k);
        ev('pointermove', 12, cx + 30 + 12 * k);
      }
      ev('pointerup', 11, cx - 90);
      ev('pointerup', 12, cx + 90);
    });
    const after = Number(await page.getAttribute('#map', 'data-scale'));
    check(after > before * 2.5 && after < before * 3.5, `pinch zoom: scale ${before} → ${after} (fingers 60 → 180 px apart)`);
    // tap a marker → its card
    const ids = await page.evaluate(() => {
      const mk = document.querySelector('#map .mk.hit') || document.querySelector('#map .mk');
      const r = mk.querySelector('.tap').getBoundingClientRect();
      const o = { pointerId: 21, pointerType: 'touch', isPrimary: true, clientX: r.left + r.width / 2,
                  clientY: r.top + r.height / 2, bubbles: true, cancelable: true };
      mk.querySelector('.tap').dispatchEvent(new PointerEvent('pointerdown', o));
      mk.querySelector('.tap').dispatchEvent(new PointerEvent('pointerup', o));
      return mk.dataset.ids.split(',');
    });
    await page.waitForSelector('#picked:not([hidden]) .card');
    const picked = await page.$$eval('#picked .card', (cs) => cs.map((c) => c.dataset.id));
    check(picked.join() === ids.join(), `a tapped marker opens its cards (${ids} → ${picked})`);
    await shot(page, 'map-picked-360x780');
    await page.click('#toggle-map');
  }

  // ---- narrow and large text ----
  {
    await page.setViewportSize({ width: 320, height: 640 });
    await layout(page, '320 px');
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
      font: parseFloat(getComputedStyle(document.body).fontSize) }));
    check(m.sw <= m.cw && m.font >= 32, `320 px at 200 % text: no sideways scroll (${m.sw}/${m.cw}), text ${m.font} px`);
    await shot(page, 'large-text-320');
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    await page.setViewportSize({ width: 360, height: 780 });
  }

  // ---- offline after the first visit ----
  {
    const cached = await page.waitForFunction(async () => {
      if (!navigator.serviceWorker || !navigator.serviceWorker.controller && !(await navigator.serviceWorker.getRegistration())) return false;
      await navigator.serviceWorker.ready;
      const names = ['./', 'app.js', 'data/stations.json', 'data/places.json', 'data/schedule.json', 'data/outlines.json'];
      for (const n of names) if (!(await caches.match(new URL(n, location.href).href))) return false;
      return true;
    }, null, { timeout: 60000, polling: 250 }).then(() => true, () => false);
    check(cached, 'the service worker keeps the page and its data');
    await ctx.setOffline(true);
    await page.reload();
    await shot(page, 'offline-360x780');
    await ready(page);
    await ctx.setGeolocation({ longitude: P[1].lon, latitude: P[1].lat, accuracy: 25 });
    const cards = await answer(page, () => page.click('#locate'));
    same(cards, P[1].hits, 'offline, after a reload');
    check(await page.getAttribute('#results', 'data-source') === 'local', 'offline: ranked in the page');
    await page.goto(base + '?s=' + expected.shared);
    await ready(page);
    check(await page.isVisible(`#shared-${expected.shared}`), `offline: a shared link ?s=${expected.shared} opens its card`);
    await shot(page, 'offline-shared-360x780');
    await ctx.setOffline(false);
  }

  // ---- installable: asked of a browser profile that is not incognito ----
  {
    const dir = fs.mkdtempSync(path.join(outDir, 'profile-'));
    const pc = await chromium.launchPersistentContext(dir, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'],
      viewport: { width: 360, height: 780 } });
    await pc.route((url) => url.origin !== origin, (route) => { outside.push(route.request().url()); return route.abort(); });
    const pp = pc.pages()[0] || await pc.newPage();
    watch(pp);
    await pp.goto(base);
    await ready(pp);
    await pp.waitForFunction(async () => !!(await navigator.serviceWorker.ready), null, { timeout: 60000 });
    const cdp = await pc.newCDPSession(pp);
    const inst = await cdp.send('Page.getInstallabilityErrors').catch((e) => ({ error: String(e) }));
    const instErrors = (inst.installabilityErrors || []).map((e) => e.errorId);
    console.log(`page_test [${tag}]: installability errors: ${instErrors.length ? instErrors.join(', ') : 'none'}`);
    check(!inst.error && instErrors.length === 0, 'installable: ' + JSON.stringify(inst));
    await pc.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // ---- permission denied → the fallback ----
  {
    const c2 = await newContext({ permissions: [] });
    const p2 = await c2.newPage();
    watch(p2);
    await p2.goto(base);
    await ready(p2);
    await p2.click('#locate');
    await p2.waitForSelector('#msg:not([hidden])');
    await p2.waitForFunction(() => !document.getElementById('msg').classList.contains('busy'), null, { timeout: 30000 });
    const msg = await p2.textContent('#msg');
    check(msg.includes('没有定位权限') && msg.includes('输入地点'), 'denied: a Chinese message: ' + msg);
    check(await p2.isVisible('#q') && await p2.evaluate(() => document.activeElement.id === 'q'), 'denied: the search box, focused');
    await shot(p2, 'denied-360x780');
    await axe(p2, 'denied');
    await c2.close();
  }

  // ---- WeChat's browser (no service worker) and a page opened from a file ----
  {
    const c5 = await newContext({ serviceWorkers: 'block', geolocation: { longitude: P[3].lon, latitude: P[3].lat, accuracy: 25 },
      permissions: ['geolocation'],
      userAgent: 'Mozilla/5.0 (Linux; Android 13; V2220A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47' });
    const p5 = await c5.newPage();
    watch(p5);
    await p5.goto(base);
    await ready(p5);
    const cards = await answer(p5, () => p5.click('#locate'));
    same(cards, P[3].hits, 'without a service worker (WeChat)');
    check(!(await p5.isVisible('#msg')), 'without a service worker: nothing said broken');
    await c5.close();
    if (mode === 'static') {
      const c6 = await browser.newContext({ viewport: { width: 360, height: 780 } });
      await c6.route((url) => url.protocol !== 'file:', (route) => { outside.push(route.request().url()); return route.abort(); });
      const p6 = await c6.newPage();
      const fileErrors = [];
      p6.on('pageerror', (e) => fileErrors.push(String(e)));
      await p6.goto('file://' + path.resolve(where, 'index.html'));
      await p6.waitForSelector('#msg:not([hidden])');
      const msg = await p6.textContent('#msg');
      check(msg.includes('请用网址打开'), 'from file://: says how to open it: ' + msg);
      check(fileErrors.length === 0, 'from file://: no script error: ' + fileErrors.join(' | '));
      await shot(p6, 'file-360x780');
      await c6.close();
    }
  }

  // ---- a wide screen ----
  {
    const c3 = await newContext({ viewport: { width: 1280, height: 800 }, hasTouch: false, isMobile: false, deviceScaleFactor: 1,
      geolocation: { longitude: P[0].lon, latitude: P[0].lat, accuracy: 25 }, permissions: ['geolocation'] });
    const p3 = await c3.newPage();
    watch(p3);
    await p3.goto(base);
    await ready(p3);
    const cards = await answer(p3, () => p3.click('#locate'));
    same(cards, P[0].hits, '1280 px');
    await p3.waitForSelector('#map .mk');
    // the mouse wheel zooms too
    const before = Number(await p3.getAttribute('#map', 'data-scale'));
    const box = await p3.locator('#map').boundingBox();
    await p3.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await p3.mouse.wheel(0, -400);
    await p3.waitForFunction((b) => Number(document.getElementById('map').dataset.scale) > b, before);
    await p3.evaluate(() => window.scrollTo(0, 0));
    await p3.click('#zoom-fit');
    await shot(p3, 'results-1280x800');
    await layout(p3, '1280 px');
    await axe(p3, '1280 px');
    await c3.close();
  }
  await ctx.close();

  // ---- a first visit on a mid-range phone: CPU ×4, Slow 4G ----
  {
    const logLines = accessLog && fs.existsSync(accessLog) ? fs.readFileSync(accessLog, 'utf8').split('\n').length : 0;
    if (server) server.sent = 0;
    const c4 = await newContext({ geolocation: { longitude: P[2].lon, latitude: P[2].lat, accuracy: 25 },
                                  permissions: ['geolocation'] }, true);
    const p4 = await c4.newPage();
    watch(p4);
    const cdp = await c4.newCDPSession(p4);
    await cdp.send('Network.enable');
    let pageBytes = 0;
    cdp.on('Network.loadingFinished', (e) => { pageBytes += e.encodedDataLength; });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const t0 = Date.now();
    await p4.goto(base);
    await ready(p4);
    const loadMs = Date.now() - t0;
    // the service worker's copy of everything (its own requests)
    await p4.waitForFunction(async () => !!(await caches.match(new URL('data/outlines.json', location.href).href)),
      null, { timeout: 120000, polling: 250 }).catch(() => {});
    const cards = await answer(p4, () => p4.click('#locate'));
    same(cards, P[2].hits, 'throttled');
    const timing = await p4.evaluate(() => window.__yijia.timing);
    let transfer = pageBytes, how = 'page requests, CDP encodedDataLength';
    if (server) {
      transfer = server.sent;
      how = 'bytes the static server sent, service worker included';
    } else if (accessLog && fs.existsSync(accessLog)) {
      const lines = fs.readFileSync(accessLog, 'utf8').split('\n').slice(logLines - 1);
      transfer = lines.reduce((n, l) => {
        const m = /" \d{3} (\d+) "/.exec(l);
        return n + (m ? Number(m[1]) : 0);
      }, 0);
      how = 'bytes of the bodies yijia serve sent (access log), service worker and API included';
    }
    console.log(`page_test [${tag}]: first visit transfer ${(transfer / 1024).toFixed(1)} KiB (${how}); page requests ${(pageBytes / 1024).toFixed(1)} KiB`);
    console.log(`page_test [${tag}]: CPU x4 + Slow 4G: page ready in ${loadMs} ms; after the tap, first answer in ${timing.first.toFixed(0)} ms` +
      (timing.api ? `, the API's answer in ${timing.api.toFixed(0)} ms` : ''));
    check(transfer <= 150 * 1024, `transfer ${transfer} bytes ≤ 150 KiB`);
    await c4.close();
  }

  check(outside.length === 0, 'no request leaves 127.0.0.1: ' + outside.slice(0, 5).join(' '));
  check(errors.length === 0, 'no script error: ' + errors.slice(0, 5).join(' | '));
  await browser.close();
  if (server) await server.close();
  if (failed) {
    console.error(`page_test [${tag}]: ${failed} failed`);
    process.exit(1);
  }
  console.log(`page_test [${tag}]: ok`);
})().catch((e) => {
  console.error(`FAIL [${tag}]: ${e && e.stack || e}`);
  process.exit(1);
});
