#!/usr/bin/env node
// tools/mock-geocoder/server.js — a stand-in for the Amap, Baidu, Tianditu
// and Nominatim geocoders on 127.0.0.1, for the tests of `yijia geocode`.
// EVERY ANSWER IT GIVES IS SYNTHETIC: made from a fixture the test writes,
// in each provider's documented format (../../../shared/docs/geocoding-apis.md),
// including its error codes and quirks (Amap's [] for empty fields).
//
// usage: node server.js --fixture FILE --log FILE [--scenario NAME]
//                       [--amap-secret S] [--baidu-sk S]
// Prints the port it listens on (a free one), then serves until killed.
// The fixture: {"<query>": {"gcj02": "lon,lat", "bd09": "lon,lat",
//   "wgs84": "lon,lat", "level": "门牌号"}, "poi:<name>": {...}}.
// Every request is appended to the log as one JSON line {path, query}.
// Scenarios: ok (default); fatal (invalid key); ratelimit-N (the first N
// requests get the provider's "too frequent" code, or HTTP 429); http500-N;
// slow-MS (each answer after MS ms); hang (no answer ever); malformed (not
// JSON); echo-key (the answer quotes the key back).
'use strict';
const http = require('http');
const fs = require('fs');
const crypto = require('crypto');

const args = {};
for (let i = 2; i < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const fixture = JSON.parse(fs.readFileSync(args.fixture, 'utf8'));
const scenario = args.scenario || 'ok';
let count = 0;

const md5 = (s) => crypto.createHash('md5').update(s, 'utf8').digest('hex');
// PHP urlencode / Python quote_plus: what Baidu's sn is computed over.
const quotePlus = (s) => encodeURIComponent(s).replace(/[!'()*~]/g,
  (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');

function amapGeocode(q) {
  const addrs = (q.get('address') || '').split('|');
  const batch = q.get('batch') === 'true';
  const list = (batch ? addrs : addrs.slice(0, 1)).map((a) => {
    const f = fixture[a];
    const empty = { name: [], type: [] };
    return f ? { formatted_address: a, country: '中国', province: '浙江省',
                 citycode: '0571', city: '杭州市', district: '萧山区',
                 township: [], neighborhood: empty, building: empty,
                 adcode: '330109', street: [], number: [],
                 location: f.gcj02, level: f.level || '门牌号' }
             : { formatted_address: [], country: [], province: [], city: [],
                 district: [], township: [], neighborhood: empty,
                 building: empty, adcode: [], street: [], number: [],
                 location: [], level: [] };
  });
  return { status: '1', info: 'OK', infocode: '10000',
           count: String(list.length), geocodes: list };
}

function amapPlace(q) {
  const f = fixture['poi:' + q.get('keywords')];
  const pois = f ? [{ id: 'B0SYNTHETIC', name: q.get('keywords'),
                      type: '生活服务', location: f.gcj02, address: [] }] : [];
  return { status: '1', info: 'OK', infocode: '10000',
           count: String(pois.length), pois };
}

function answer(path, q, raw) {
  const amap = path.startsWith('/v3/');
  const baidu = path.startsWith('/geocoding/v3');
  const tianditu = path.startsWith('/geocoder');
  const key = q.get('key') || q.get('ak') || q.get('tk') || '';
  count++;
  if (scenario === 'fatal') {
    if (amap) return [200, { status: '0', info: 'INVALID_USER_KEY', infocode: '10001' }];
    if (baidu) return [200, { status: 5, message: 'AK Failure' }];
    return [403, { error: 'forbidden' }];
  }
  const m = /^(ratelimit|http500)-(\d+)$/.exec(scenario);
  if (m && count <= Number(m[2])) {
    if (m[1] === 'http500') return [500, { error: 'synthetic server error' }];
    if (amap) return [200, { status: '0', info: 'CUQPS_HAS_EXCEEDED_THE_LIMIT', infocode: '10021' }];
    if (baidu) return [200, { status: 401, message: '当前并发量已经超过约定并发配额' }];
    return [429, { error: 'too many requests' }];
  }
  if (amap && args['amap-secret']) {
    // sig = md5(params sorted by name, raw values, '&'-joined + secret)
    const ps = [...q.entries()].filter(([k]) => k !== 'sig')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => k + '=' + v).join('&');
    if (md5(ps + args['amap-secret']) !== q.get('sig'))
      return [200, { status: '0', info: 'INVALID_USER_SIGNATURE', infocode: '10007' }];
  }
  if (baidu && args['baidu-sk']) {
    // sn = md5(quote_plus(path + '?' + query-as-sent-without-sn + sk))
    const sent = raw.replace(/&sn=[0-9a-f]*$/, '');
    if (md5(quotePlus(path + '?' + sent + args['baidu-sk'])) !== q.get('sn'))
      return [200, { status: 211, message: 'APP SN校验失败' }];
  }
  let body;
  if (path === '/v3/geocode/geo') body = amapGeocode(q);
  else if (path === '/v3/place/text') body = amapPlace(q);
  else if (baidu) {
    const f = fixture[q.get('address')];
    body = f ? { status: 0, result: { location: { lng: Number(f.bd09.split(',')[0]),
                                                   lat: Number(f.bd09.split(',')[1]) },
                                      precise: 1, confidence: 80, comprehension: 100,
                                      level: '门址' } }
             : { status: 0, result: [] };
  } else if (tianditu) {
    const kw = JSON.parse(q.get('ds')).keyWord;
    const f = fixture[kw];
    body = f ? { msg: 'ok', status: '0', searchVersion: 'synthetic',
                 location: { keyWord: kw, lon: Number(f.wgs84.split(',')[0]),
                             lat: Number(f.wgs84.split(',')[1]), score: 100, level: '门址' } }
             : { msg: '无结果', status: '101' };
  } else if (path === '/search') {
    const f = fixture[q.get('q')];
    body = f ? [{ place_id: 1, licence: 'synthetic', lat: f.wgs84.split(',')[1],
                  lon: f.wgs84.split(',')[0], class: 'amenity', type: 'community_centre',
                  display_name: q.get('q') }] : [];
  } else return [404, { error: 'no such path' }];
  if (scenario === 'echo-key') body.note = 'your key is ' + key;
  return [200, body];
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  fs.appendFileSync(args.log, JSON.stringify({ path: url.pathname,
    query: Object.fromEntries(url.searchParams), raw, agent: req.headers['user-agent'] }) + '\n');
  if (scenario === 'hang') return;  // never answer
  const [status, body] = answer(url.pathname, url.searchParams, raw);
  const text = scenario === 'malformed' ? '{"status": "1", "geocodes": [' : JSON.stringify(body);
  const send = () => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(text); };
  const slow = /^slow-(\d+)$/.exec(scenario);
  if (slow) setTimeout(send, Number(slow[1])); else send();
});
server.listen(0, '127.0.0.1', () => { console.log(server.address().port); });
