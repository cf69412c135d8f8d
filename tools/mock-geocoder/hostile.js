#!/usr/bin/env node
// tools/mock-geocoder/hostile.js — a hostile geocoder on 127.0.0.1 for the
// tests of `yijia geocode` (tests/cli/test_geocode_hostile.sh): answers
// that are too big, never end, nest too deep, echo the key back, carry huge
// labels or bad numbers, redirect elsewhere, are HTML, drip or break off.
// EVERY ANSWER IT GIVES IS SYNTHETIC.  It speaks the four providers' paths
// (Amap /v3/..., Baidu /geocoding/v3/, Tianditu /geocoder, Nominatim
// /search) in their documented formats (see server.js), and answers every
// address with the same point.
//
// usage: node hostile.js --scenario NAME --log FILE [--other-log FILE]
//            [--secret S] [--point-wgs84 LON,LAT --point-gcj02 LON,LAT
//             --point-bd09 LON,LAT]
// Listens on a port the OS chooses (loopback only) and prints it, then
// serves until killed.  Each request is logged as one JSON line.  With
// --other-log a second server (the target of redirect-port) logs there.
//
// Scenarios:
//   ok                 a normal answer (a door-level point)
//   huge               200 with Content-Length 100 MB of JSON-ish bytes
//   endless            200 chunked, a body that never ends (as fast as read)
//   gzip-bomb          200, Content-Encoding gzip: 60 KB that inflate to 60 MB
//   huge-headers       a status line, then header lines that never end
//   deep-array         100,000 '[' (well-formed prefix, nesting only)
//   deep-object        100,000 '{"a":'
//   echo-key           a well-formed answer (the point is taken) with the
//                      key and the secret — as sent, URL-encoded, upper
//                      case, \u-escaped — in every text field and as a
//                      member name
//   echo-key-level     the same, the key also in the level/class fields
//   echo-key-error     an error answer quoting the key (status, info,
//                      message), the provider's "invalid key" code
//   echo-key-malformed not JSON, the key where the parser stops
//   long-label-N       a formatted address / label of N Chinese characters
//   controls           a label full of terminal controls (ESC ] OSC, BEL,
//                      CSI as U+009B, U+202E, newline, tab)
//   bad-code           the status code / infocode is 1e300
//   bad-point          the point is out of range (lon 1e300, lat 91)
//   bad-confidence     numbers such as confidence / score out of range
//   redirect-port      302 to the other server (the key must not follow)
//   redirect-loop      302 to this very URL
//   redirect-scheme    302 to file:///etc/passwd
//   html-200           an HTML page with status 200
//   html-403           an HTML error page with status 403
//   html-502           an HTML error page with status 502 (retryable)
//   drip               200, then one byte a second, forever
//   close-mid-body     Content-Length 1000, 100 bytes sent, then closed
//   close-chunked      chunked, one chunk sent, then closed
'use strict';
const http = require('http');
const fs = require('fs');
const zlib = require('zlib');

const args = {};
for (let i = 2; i < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const scenario = args.scenario || 'ok';
const secret = args.secret || '';
const pt = (name, dflt) => (args['point-' + name] || dflt).split(',').map(Number);
const WGS = pt('wgs84', '120.2486,30.1647');
const GCJ = pt('gcj02', '120.2531,30.1623');
const BD = pt('bd09', '120.2596,30.1681');
const MB = 1 << 20;

const log = (file, req) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  fs.appendFileSync(file, JSON.stringify({ path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    agent: req.headers['user-agent'] }) + '\n');
};

// Everything a provider could quote back: the key as sent, URL-encoded,
// in upper case, and the secret too when the request was signed with it
// (the provider knows it then).  \u-escaped forms are made in the JSON text.
function echoes(key, signed) {
  const forms = [];
  for (const k of [key, signed ? secret : ''].filter((x) => x)) {
    forms.push(k, encodeURIComponent(k), k.toUpperCase(), 'ESCAPED<' + k + '>');
  }
  return forms.join(' ');
}
// Replace ESCAPED<k> markers in JSON text by k written with \u escapes.
const escapeMarkers = (text) => text.replace(/ESCAPED<([^>]*)>/g, (m, k) =>
  [...k].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join(''));

function provider(path) {
  if (path.startsWith('/v3/place')) return 'amap-poi';
  if (path.startsWith('/v3/')) return 'amap';
  if (path.startsWith('/geocoding/v3')) return 'baidu';
  if (path.startsWith('/geocoder')) return 'tianditu';
  if (path.startsWith('/search')) return 'nominatim';
  return '';
}

// A well-formed answer in the provider's format; `text` goes into every
// free-text field, `level` into the level fields, `label` is the address.
function answer(kind, q, o) {
  const text = o.text || '';
  const sp = text ? ' ' + text : '';
  if (kind === 'amap' || kind === 'amap-poi') {
    if (o.error) return { status: '0', info: 'INVALID_USER_KEY' + sp, infocode: '10001' };
    if (o.code !== undefined) return { status: '0', info: 'X' + sp, infocode: o.code };
    const loc = o.point || GCJ.join(',');
    if (kind === 'amap-poi') {
      return { status: '1', info: 'OK' + sp, infocode: '10000', count: '1',
        pois: [{ id: 'B0SYNTHETIC', name: (o.label || q.get('keywords')) + sp,
                 type: '生活服务' + sp, address: '合成地址' + sp, location: loc }] };
    }
    const addrs = (q.get('address') || '').split('|');
    const n = q.get('batch') === 'true' ? addrs.length : 1;
    const one = (a) => {
      const g = { formatted_address: (o.label || a) + sp, country: '中国' + sp,
        province: '浙江省' + sp, citycode: '0571', city: '杭州市' + sp,
        district: '萧山区' + sp, township: [], street: '合成路' + sp, number: '1号' + sp,
        neighborhood: { name: text || [], type: [] }, building: { name: text || [], type: [] },
        adcode: '330109', location: loc, level: o.level || '门牌号' };
      if (text) g[text] = text;  // a member named with the key
      return g;
    };
    return { status: '1', info: 'OK' + sp, infocode: '10000', count: String(n),
             geocodes: Array.from({ length: n }, (_, i) => one(addrs[i] || '')) };
  }
  if (kind === 'baidu') {
    if (o.error) return { status: 5, message: 'AK Failure' + sp };
    if (o.code !== undefined) return { status: o.code, message: 'X' + sp };
    const r = { status: 0, message: 'ok' + sp, result: {
      location: { lng: o.point ? o.point[0] : BD[0], lat: o.point ? o.point[1] : BD[1] },
      precise: 1, confidence: o.confidence !== undefined ? o.confidence : 80,
      comprehension: 100, level: o.level || o.label || '门址' } };
    if (text) r.result[text] = text;
    return r;
  }
  if (kind === 'tianditu') {
    if (o.error) return { msg: 'forbidden' + sp, status: '404' };
    if (o.code !== undefined) return { msg: 'x' + sp, status: o.code };
    const kw = JSON.parse(q.get('ds') || '{}').keyWord || '';
    const r = { msg: 'ok' + sp, status: '0', searchVersion: 'synthetic' + sp,
      location: { keyWord: (o.label || kw) + sp,
                  lon: o.point ? o.point[0] : WGS[0], lat: o.point ? o.point[1] : WGS[1],
                  score: o.confidence !== undefined ? o.confidence : 100,
                  level: o.level || '门址' } };
    if (text) r[text] = text;
    return r;
  }
  if (kind === 'nominatim') {
    if (o.error) return { error: { code: 403, message: 'forbidden' + sp } };
    const r = { place_id: 1, licence: 'synthetic' + sp,
      lat: String(o.point ? o.point[1] : WGS[1]), lon: String(o.point ? o.point[0] : WGS[0]),
      class: o.level || 'amenity', type: o.level || 'community_centre',
      display_name: (o.label || q.get('q')) + sp, importance: o.confidence !== undefined ? o.confidence : 0.5 };
    if (text) r[text] = text;
    return [r];
  }
  return { error: 'no such path' };
}

const html = (status) => '<!DOCTYPE html><html><head><title>' + status +
  '</title></head><body><h1>' + status + ' synthetic error page</h1></body></html>';

let gzipBomb = null;
function serve(req, res, port) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const q = url.searchParams;
  const kind = provider(url.pathname);
  const key = q.get('key') || q.get('ak') || q.get('tk') || '';
  const signed = q.has('sig') || q.has('sn');
  const sock = req.socket;
  const json = (status, body, extra) => {
    const text = escapeMarkers(typeof body === 'string' ? body : JSON.stringify(body));
    res.writeHead(status, Object.assign({ 'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text) }, extra || {}));
    res.end(text);
  };
  // Write `chunk` until the client goes away or `total` bytes are out.
  const pump = (chunk, total) => {
    let sent = 0;
    const more = () => {
      while (!res.destroyed && (total === undefined || sent < total)) {
        sent += chunk.length;
        if (!res.write(chunk)) { res.once('drain', more); return; }
      }
      if (!res.destroyed) res.end();
    };
    more();
  };
  let m;
  switch (true) {
  case scenario === 'ok':
    return json(200, answer(kind, q, {}));
  case scenario === 'huge':
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 100 * MB });
    res.write('{"status":"1","info":"OK","geocodes":[');
    return pump(Buffer.alloc(64 * 1024, ' '), 100 * MB - 64 * 1024);
  case scenario === 'endless':
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"status":"1","info":"OK","geocodes":["');
    return pump(Buffer.alloc(64 * 1024, 'a'));
  case scenario === 'gzip-bomb':
    if (gzipBomb === null)
      gzipBomb = zlib.gzipSync(Buffer.concat([Buffer.from('{"status":"1","pad":"'),
        Buffer.alloc(60 * MB, ' '), Buffer.from('"}')]), { level: 9 });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip',
                         'Content-Length': gzipBomb.length });
    return res.end(gzipBomb);
  case scenario === 'huge-headers': {
    sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n');
    const line = 'X-Synthetic-Padding: ' + 'p'.repeat(1000) + '\r\n';
    const more = () => {
      while (!sock.destroyed) if (!sock.write(line)) { sock.once('drain', more); return; }
    };
    return more();
  }
  case scenario === 'deep-array':
    return json(200, '['.repeat(100000));
  case scenario === 'deep-object':
    return json(200, '{"a":'.repeat(100000));
  case scenario === 'echo-key':
    return json(200, answer(kind, q, { text: echoes(key, signed) }));
  case scenario === 'echo-key-level':
    return json(200, answer(kind, q, { text: echoes(key, signed), level: key }));
  case scenario === 'echo-key-error':
    return json(200, answer(kind, q, { text: echoes(key, signed), error: true }));
  case scenario === 'echo-key-malformed':
    return json(200, '{"status":"1","info":' + key + ',"x":"' + echoes(key, signed) + '"');
  case (m = /^long-label-(\d+)$/.exec(scenario)) !== null:
    return json(200, answer(kind, q, { label: '驿站合成地址'.repeat(Math.ceil(Number(m[1]) / 6))
      .slice(0, Number(m[1])) }));
  case scenario === 'controls':
    return json(200, answer(kind, q, { label: '合成\u001b]0;owned\u0007路\u009b2J\u202e1号\n\t末' }));
  case scenario === 'bad-code':
    return json(200, JSON.stringify(answer(kind, q, { code: 12345 })).replace(/"?12345"?/g, '1e300'));
  case scenario === 'bad-point':
    return json(200, JSON.stringify(answer(kind, q, { point: kind.startsWith('amap') ? '1e300,30.16' : [1e300, 91] }))
      .replace(/1e\+300/g, '1e300'));
  case scenario === 'bad-confidence':
    return json(200, JSON.stringify(answer(kind, q, { confidence: 12345 })).replace(/12345/g, '1e300'));
  case scenario === 'redirect-port':
    res.writeHead(302, { Location: 'http://127.0.0.1:' + port + req.url });
    return res.end();
  case scenario === 'redirect-loop':
    res.writeHead(302, { Location: req.url });
    return res.end();
  case scenario === 'redirect-scheme':
    res.writeHead(302, { Location: 'file:///etc/passwd' });
    return res.end();
  case scenario === 'html-200':
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end(html(200));
  case scenario === 'html-403':
    res.writeHead(403, { 'Content-Type': 'text/html' });
    return res.end(html(403));
  case scenario === 'html-502':
    res.writeHead(502, { 'Content-Type': 'text/html' });
    return res.end(html(502));
  case scenario === 'drip': {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const text = JSON.stringify(answer(kind, q, {}));
    let i = 0;
    const tick = setInterval(() => {
      if (res.destroyed) return clearInterval(tick);
      res.write(text[i % text.length]);
      i++;
    }, 1000);
    return res.on('close', () => clearInterval(tick));
  }
  case scenario === 'close-mid-body':
    sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n' +
               '{"status":"1","info":"OK","geocodes":[' + ' '.repeat(62));
    return sock.destroy();
  case scenario === 'close-chunked':
    sock.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
               '10\r\n{"status":"1","\r\n');
    return setTimeout(() => sock.destroy(), 50);
  default:
    return json(500, { error: 'unknown scenario ' + scenario });
  }
}

function listen(server, then) {
  server.on('clientError', (e, s) => s.destroy());
  server.listen(0, '127.0.0.1', () => then(server.address().port));
}
const start = (otherPort) => {
  const server = http.createServer((req, res) => {
    req.socket.on('error', () => {});
    res.on('error', () => {});
    log(args.log, req);
    serve(req, res, otherPort);
  });
  listen(server, (port) => console.log(port));
};
if (args['other-log']) {
  const other = http.createServer((req, res) => {
    log(args['other-log'], req);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer(provider(new URL(req.url, 'http://x').pathname),
      new URL(req.url, 'http://x').searchParams, {})));
  });
  listen(other, start);
} else {
  start(0);
}
