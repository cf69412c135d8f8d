// static_server.js — a plain static file server for the phone page's test
// of `yijia export --format site`: what a union's web host does, no more.
// Files of one directory on 127.0.0.1 (an ephemeral port), GET and HEAD,
// index.html for a directory, the usual media types, gzip when the client
// accepts it, an ETag (If-None-Match → 304), no /api: anything missing is a
// 404.  It counts the bytes it sends (bodies as sent, compressed or not),
// which is the page's transfer size.
//
// As a module: const s = await require('./static_server').start(DIR);
//   s.url, s.sent (bytes), s.log (paths), await s.close().
// Alone: node static_server.js DIR — prints "static: serving URL".
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function start(dir) {
  const root = path.resolve(dir);
  const state = { sent: 0, log: [] };
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch (e) {
      res.writeHead(400).end();
      return;
    }
    state.log.push(req.method + ' ' + req.url + (req.headers['if-none-match'] ? ' INM' : ''));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(404).end();
      return;
    }
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not found');
        state.sent += 9;
        return;
      }
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      const etag = '"' + crypto.createHash('sha1').update(body).digest('hex').slice(0, 16) + '"';
      const headers = { 'Content-Type': type, ETag: etag, 'Cache-Control': 'no-cache', Vary: 'Accept-Encoding' };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return;
      }
      if (/\bgzip\b/.test(req.headers['accept-encoding'] || '') && !/png$/.test(file)) {
        body = zlib.gzipSync(body, { level: 9 });
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      state.sent += body.length;
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = server.address().port;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        get sent() { return state.sent; },
        set sent(v) { state.sent = v; },
        log: state.log,
        close: () => new Promise((r) => {
          server.close(() => r());
          server.closeAllConnections && server.closeAllConnections();
        }),
      });
    });
  });
}

module.exports = { start };

if (require.main === module) {
  start(process.argv[2] || '.').then((s) => {
    console.log('static: serving ' + s.url);
    const stop = () => s.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
