#!/usr/bin/env node
// tests/serve/clients.js — the clients tests/cli/test_serve.sh needs that
// curl is not: raw bytes on a socket, a stream of requests during a
// rebuild, many idle connections, a client that drips a byte a second, a
// request held half-sent across SIGTERM.  Node's own net and http only;
// 127.0.0.1 only.  Every mode has a guard timer (--guard S, default 120):
// a test never hangs on it, and a guard that fires is an error, never a
// measurement.
//
//   raw --port P                 send stdin's bytes, print what comes back
//                                until the server closes (or 20 s idle)
//   hammer --port P --path PATH [--path PATH ...] --ready F --stop F
//          [--forbid TEXT] [--connections N]
//                                GET the paths in turn on N keep-alive
//                                connections until file F (--stop) exists;
//                                --ready is written after the first answer.
//                                Prints {"requests", "statuses", "errors",
//                                "forbidden"} (answers holding TEXT)
//   idle --port P --count N --ready F
//                                N connections: half ask one keep-alive
//                                request and stay open, half send nothing;
//                                --ready when all are up.  On SIGTERM prints
//                                {"answered", "open"} (open: not closed by
//                                the server) and exits
//   drip --port P --ready F --state F
//                                a request that never ends, a byte a second;
//                                --ready after two bytes; --state holds
//                                "open BYTES" or "closed BYTES"
//   inflight --port P --path PATH --ready F --go F
//                                send a request but its last CRLF, --ready,
//                                then when --go exists the CRLF; print
//                                {"status", "contentLength", "bodyLength",
//                                "body"} of the answer
'use strict';
const net = require('net');
const http = require('http');
const fs = require('fs');

const mode = process.argv[2];
const opt = {path: []};
for (let i = 3; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, '');
  if (k === 'path') opt.path.push(process.argv[i + 1]);
  else opt[k] = process.argv[i + 1];
}
const port = Number(opt.port);
const guard = setTimeout(() => {
  process.stderr.write(`clients.js ${mode}: guard of ${opt.guard || 120} s reached\n`);
  process.exit(3);
}, Number(opt.guard || 120) * 1000);
const touch = (f, text) => fs.writeFileSync(f, text === undefined ? '' : text);
const poll = (f, then) => {
  const t = setInterval(() => {
    if (fs.existsSync(f)) { clearInterval(t); then(); }
  }, 20);
};

// Split a raw HTTP/1.1 answer held in buf: null while the head is not all
// there.
function parseHead(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers = {};
  for (const l of lines.slice(1)) {
    const c = l.indexOf(':');
    headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
  }
  return {status: Number(lines[0].split(' ')[1]), headers, bodyStart: end + 4};
}

function raw() {
  const chunks = [];
  process.stdin.on('data', (d) => chunks.push(d));
  process.stdin.on('end', () => {
    const out = [];
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.concat(chunks)));
    s.setTimeout(20000, () => s.destroy());
    s.on('data', (d) => out.push(d));
    s.on('error', () => {});
    s.on('close', () => {
      process.stdout.write(Buffer.concat(out));
      clearTimeout(guard);
    });
  });
}

function hammer() {
  const agent = new http.Agent({keepAlive: true, maxSockets: Number(opt.connections || 4)});
  const result = {requests: 0, statuses: {}, errors: 0, forbidden: 0, messages: []};
  let stopping = false, running = 0, next = 0;
  const done = () => {
    if (running > 0) return;
    clearTimeout(guard);
    agent.destroy();
    result.messages = result.messages.slice(0, 5);
    process.stdout.write(JSON.stringify(result) + '\n');
  };
  const one = () => {
    if (stopping || fs.existsSync(opt.stop)) { stopping = true; return done(); }
    const path = opt.path[next++ % opt.path.length];
    running++;
    http.get({host: '127.0.0.1', port, path, agent}, (res) => {
      const body = [];
      res.on('data', (d) => body.push(d));
      res.on('end', () => {
        const text = Buffer.concat(body).toString('utf8');
        result.requests++;
        result.statuses[res.statusCode] = (result.statuses[res.statusCode] || 0) + 1;
        if (res.statusCode !== 200) result.messages.push(`${res.statusCode} ${path}: ${text.slice(0, 200)}`);
        if (opt.forbid && text.includes(opt.forbid)) result.forbidden++;
        if (result.requests === 1) touch(opt.ready);
        running--;
        one();
      });
    }).on('error', (e) => {
      result.errors++;
      result.messages.push(`${path}: ${e.message}`);
      running--;
      one();
    });
  };
  for (let i = 0; i < Number(opt.connections || 4); i++) one();
}

function idle() {
  const n = Number(opt.count);
  const sockets = [];
  let up = 0, answered = 0;
  const ready = () => { if (up === n) touch(opt.ready, `${answered}\n`); };
  for (let i = 0; i < n; i++) {
    const ask = i % 2 === 0;
    const s = net.connect(port, '127.0.0.1');
    const st = {s, closed: false, buf: Buffer.alloc(0), counted: false};
    sockets.push(st);
    s.on('connect', () => {
      if (ask)
        s.write('GET /ogcapi/conformance HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      else { up++; ready(); }
    });
    s.on('data', (d) => {
      st.buf = Buffer.concat([st.buf, d]);
      const h = parseHead(st.buf);
      if (!st.counted && h && st.buf.length - h.bodyStart >= Number(h.headers['content-length'])) {
        st.counted = true;
        if (h.status === 200) answered++;
        up++;
        ready();
      }
    });
    s.on('error', () => {});
    s.on('close', () => { st.closed = true; });
  }
  process.on('SIGTERM', () => {
    const open = sockets.filter((x) => !x.closed).length;
    process.stdout.write(JSON.stringify({answered, open}) + '\n');
    for (const x of sockets) x.s.destroy();
    clearTimeout(guard);
  });
}

function drip() {
  const text = 'GET /api/stations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(100000);
  let sent = 0, closed = false;
  const s = net.connect(port, '127.0.0.1');
  const state = () => touch(opt.state, `${closed ? 'closed' : 'open'} ${sent}\n`);
  let timer;
  s.on('connect', () => {
    const one = () => {
      if (closed) return;
      s.write(text[sent++ % text.length]);
      state();
      if (sent === 2) touch(opt.ready);
    };
    one();
    timer = setInterval(one, 1000);
  });
  s.on('error', () => {});
  s.on('close', () => { closed = true; clearInterval(timer); state(); });
  process.on('SIGTERM', () => { s.destroy(); clearTimeout(guard); clearInterval(timer); });
}

function inflight() {
  const s = net.connect(port, '127.0.0.1');
  let buf = Buffer.alloc(0);
  s.on('connect', () => {
    s.write(`GET ${opt.path[0]} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`);
    touch(opt.ready);
    poll(opt.go, () => s.write('\r\n'));
  });
  s.on('data', (d) => { buf = Buffer.concat([buf, d]); });
  s.on('error', () => {});
  s.on('close', () => {
    const h = parseHead(buf);
    const body = h ? buf.subarray(h.bodyStart).toString('utf8') : '';
    process.stdout.write(JSON.stringify({
      status: h ? h.status : 0,
      contentLength: h ? Number(h.headers['content-length']) : -1,
      bodyLength: h ? buf.length - h.bodyStart : -1,
      body,
    }) + '\n');
    clearTimeout(guard);
  });
}

const modes = {raw, hammer, idle, drip, inflight};
if (!modes[mode]) {
  process.stderr.write('usage: clients.js raw|hammer|idle|drip|inflight --port P ...\n');
  process.exit(2);
}
modes[mode]();
