// map_test.js — yijia's offline HTML map in headless Debian Chromium,
// driven by playwright-core, with the network off (the context is offline
// and every non-file request is aborted and counted): the page loads with
// no script error and no request, a station's details open on click with
// its hours and its Amap/Baidu links, a point shared by several stations
// lists them all, the filter box hides the others, the wheel zooms.
// Screenshots are kept as test artifacts in OUT_DIR.
// usage: node map_test.js MAP.html OUT_DIR
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const [html, outDir] = process.argv.slice(2);
let failed = 0;
function check(ok, what) {
  if (!ok) {
    failed++;
    console.error('FAIL: ' + what);
  }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1400, height: 990 },
  });
  const requests = [];
  await context.route(/^(?!file:)/, (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto('file://' + path.resolve(html));
  await page.screenshot({ path: path.join(outDir, 'map.png') });
  check(await page.locator('circle.station').count() === 40, '40 station markers');

  // one station alone at its point: 党湾镇卫东桥社区 (XS029, open 24 hours)
  await page.click('circle.station[data-id="XS029"]', { force: true });
  const info = await page.textContent('#info');
  check(info.includes('萧山区党湾镇卫东桥社区爱心驿家'), 'details name the station: ' + info);
  check(info.includes('24/7'), 'details give the hours');
  check(info.includes('位置仅到镇街'), 'details say the location is approximate');
  const links = await page.$$eval('#info a', (as) => as.map((a) => a.href));
  check(links.length === 2 && links[0].startsWith('https://uri.amap.com/marker?') &&
        links[1].startsWith('https://api.map.baidu.com/marker?'), 'Amap and Baidu links: ' + links);
  await page.screenshot({ path: path.join(outDir, 'map-station.png') });

  // seven stations share 城厢街道's point: all are listed
  await page.click('circle.station[data-township="城厢街道"]', { force: true });
  const group = await page.textContent('#info');
  check(group.includes('此点共 7 个驿站'), 'a shared point lists its 7 stations: ' + group.slice(0, 80));
  check(await page.locator('#info h3').count() === 7, '7 names in the details');

  // the filter box
  await page.fill('#q', '党湾');
  check(await page.locator('circle.station:not(.hidden)').count() === 1, 'text filter');
  await page.fill('#q', '');
  await page.selectOption('#amenity', 'fridge');
  check(await page.locator('circle.station:not(.hidden)').count() === 1, 'amenity filter');
  await page.selectOption('#amenity', '');

  // zoom with the wheel
  const before = await page.$eval('#yijia-map', (s) => s.viewBox.baseVal.width);
  await page.mouse.move(400, 400);
  await page.mouse.wheel(0, -300);
  const after = await page.$eval('#yijia-map', (s) => s.viewBox.baseVal.width);
  check(after < before, `wheel zooms in (${before} → ${after})`);
  await page.screenshot({ path: path.join(outDir, 'map-zoomed.png') });

  check(requests.length === 0, 'no network request: ' + requests.join(' '));
  check(errors.length === 0, 'no script error: ' + errors.join(' '));
  await browser.close();
  console.log(failed ? `map_test: ${failed} failed` : 'map_test: ok');
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
