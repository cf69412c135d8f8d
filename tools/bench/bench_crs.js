// bench_crs.js — the reference side of bench_convert.sh: the npm package
// coordtransform (wandergis) doing the same conversions over the same
// points as bench_crs.c (same generator), single-threaded.
// usage: node bench_crs.js N            points per second per direction
//        node bench_crs.js --stream FROM TO < in.csv > out.csv
'use strict';
const ct = require('coordtransform');

const dirs = {
  'wgs84->gcj02': (x, y) => ct.wgs84togcj02(x, y),
  'gcj02->wgs84': (x, y) => ct.gcj02towgs84(x, y),
  'gcj02->bd09': (x, y) => ct.gcj02tobd09(x, y),
  'bd09->gcj02': (x, y) => ct.bd09togcj02(x, y),
  'wgs84->bd09': (x, y) => { const g = ct.wgs84togcj02(x, y); return ct.gcj02tobd09(g[0], g[1]); },
  'bd09->wgs84': (x, y) => { const g = ct.bd09togcj02(x, y); return ct.gcj02towgs84(g[0], g[1]); },
};

function points(n) {
  // The LCG of bench_crs.c, in BigInt, so both convert identical points.
  let state = 42n;
  const mask = (1n << 64n) - 1n;
  const lon = new Float64Array(n), lat = new Float64Array(n);
  const next = () => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    return Number(state >> 11n) / 9007199254740992;
  };
  for (let i = 0; i < n; i++) {
    lon[i] = 119.5 + next() * 1.5;
    lat[i] = 29.5 + next() * 1.2;
  }
  return [lon, lat];
}

function bench(n) {
  const [lon, lat] = points(n);
  const out = new Float64Array(2 * n);
  for (const [name, fn] of Object.entries(dirs)) {
    let best = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const r = fn(lon[i], lat[i]);
        out[2 * i] = r[0];
        out[2 * i + 1] = r[1];
      }
      const t = Number(process.hrtime.bigint() - t0) / 1e9;
      if (t < best) best = t;
    }
    console.log(`${name} ${Math.round(n / best)}`);
  }
}

function stream(from, to) {
  // The same job as `yijia convert`: first two fields converted, 7
  // decimals, the rest of each line kept.
  const fn = dirs[`${from}->${to}`];
  const text = require('fs').readFileSync(0, 'utf8');
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') { out.push(line); continue; }
    const a = line.indexOf(','), b = line.indexOf(',', a + 1);
    const x = Number(line.slice(0, a));
    const y = Number(b < 0 ? line.slice(a + 1) : line.slice(a + 1, b));
    if (Number.isNaN(x) || Number.isNaN(y)) { out.push(line); continue; }
    const r = fn(x, y);
    out.push(r[0].toFixed(7) + ',' + r[1].toFixed(7) + (b < 0 ? '' : line.slice(b)));
  }
  process.stdout.write(out.join('\n'));
}

if (process.argv[2] === '--stream') stream(process.argv[3], process.argv[4]);
else bench(Number(process.argv[2] || 1000000));
