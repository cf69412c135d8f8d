/* app.js — the workers' phone page: the nearest 爱心驿家 in two taps.
 *
 * One page, two homes.  Served by `yijia serve`, it asks the JSON API
 * (/api/nearest is `yijia nearest --format json`) and ranks by itself only
 * when the API does not answer (offline, from the service worker's copy of
 * data/).  Written by `yijia export --format site` to a static host, there
 * is no API: it ranks in the browser from data/stations.json.  Either way
 * the answer is the tool's: the core below ports the library's geodesic
 * (geodesic.c: Vincenty on WGS84, the same constants), its tie rule (equal
 * distances by id, query.c), the coordinate shifts (crs.c: GCJ-02 and BD-09,
 * forward formulas and the iterated exact inverse), the opening-status
 * wording (hours.c yj_hours_status_text, writer.c yj_writer_open_answer) read
 * from data/schedule.json, and the place lookup of `--near` (db_query.c
 * place_levels).  tests/browser/page_test.js compares the page's cards with
 * the tool's JSON.
 *
 * No framework, no build step, no request to anywhere but the page's own
 * origin.  The core has no DOM: node can require() this file. */
'use strict';

var core = (function () {
  /* ---- geodesic.c ------------------------------------------------------- */
  var YJ_PI = 3.14159265358979323846;
  var WGS84_A = 6378137.0;
  var WGS84_F = 1.0 / 298.257223563;
  var WGS84_B = WGS84_A * (1.0 - WGS84_F);
  var DEG = YJ_PI / 180.0;

  /* C's remainder(l, 2π) for |l| ≤ 2π (both longitudes in range): exact,
   * the quotient rounded half to even. */
  function remainder2pi(l) {
    var y = 2 * YJ_PI;
    if (l > YJ_PI) return l - y;
    if (l < -YJ_PI) return l + y;
    return l;
  }

  /* Vincenty's inverse (geodesic.c vincenty): {s12, azi1} or null when it
   * does not converge (nearly antipodal: the tool then asks PROJ; no
   * station of a district is antipodal to its workers). */
  function vincenty(a, b) {
    if (!(Math.abs(a.lon) <= 180.0 && Math.abs(b.lon) <= 180.0 &&
          Math.abs(a.lat) <= 90.0 && Math.abs(b.lat) <= 90.0))
      return null;
    var l = (b.lon - a.lon) * DEG;
    var u1 = Math.atan((1.0 - WGS84_F) * Math.tan(a.lat * DEG));
    var u2 = Math.atan((1.0 - WGS84_F) * Math.tan(b.lat * DEG));
    var sinU1 = Math.sin(u1), cosU1 = Math.cos(u1);
    var sinU2 = Math.sin(u2), cosU2 = Math.cos(u2);
    var lambda, lambdaPrev, sinLambda, cosLambda;
    var sinSigma, cosSigma, sigma, sinAlpha, cos2Alpha, cos2sm, c;
    var i;
    l = remainder2pi(l);
    lambda = l;
    for (i = 0; i < 200; i++) {
      sinLambda = Math.sin(lambda);
      cosLambda = Math.cos(lambda);
      var t1 = cosU2 * sinLambda;
      var t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
      sinSigma = Math.sqrt(t1 * t1 + t2 * t2);
      if (sinSigma === 0.0) return { s12: 0.0, azi1: 0.0 };
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cos2Alpha = 1.0 - sinAlpha * sinAlpha;
      cos2sm = cos2Alpha !== 0.0
        ? cosSigma - 2.0 * sinU1 * sinU2 / cos2Alpha
        : 0.0;
      c = WGS84_F / 16.0 * cos2Alpha *
          (4.0 + WGS84_F * (4.0 - 3.0 * cos2Alpha));
      lambdaPrev = lambda;
      lambda = l + (1.0 - c) * WGS84_F * sinAlpha *
               (sigma + c * sinSigma *
                (cos2sm + c * cosSigma *
                 (-1.0 + 2.0 * cos2sm * cos2sm)));
      if (Math.abs(lambda - lambdaPrev) < 1e-13) break;
      if (Math.abs(lambda) > YJ_PI) return null;
    }
    if (i === 200) return null;
    var uSq = cos2Alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B) /
              (WGS84_B * WGS84_B);
    var bigA = 1.0 + uSq / 16384.0 *
               (4096.0 + uSq * (-768.0 + uSq * (320.0 - 175.0 * uSq)));
    var bigB = uSq / 1024.0 *
               (256.0 + uSq * (-128.0 + uSq * (74.0 - 47.0 * uSq)));
    var deltaSigma =
        bigB * sinSigma *
        (cos2sm + bigB / 4.0 *
         (cosSigma * (-1.0 + 2.0 * cos2sm * cos2sm) -
          bigB / 6.0 * cos2sm *
          (-3.0 + 4.0 * sinSigma * sinSigma) *
          (-3.0 + 4.0 * cos2sm * cos2sm)));
    return {
      s12: WGS84_B * bigA * (sigma - deltaSigma),
      azi1: Math.atan2(cosU2 * sinLambda,
                       cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) / DEG,
    };
  }

  /* yj_geodesic_measure: distance (m) and bearing (0..360) from a to b;
   * NaN where Vincenty gives up. */
  function measure(a, b) {
    var r = vincenty(a, b);
    if (r === null) return { distance: NaN, bearing: NaN };
    var deg = r.s12 === 0.0 ? 0.0 : (r.azi1 + 360.0) % 360.0;
    return { distance: r.s12, bearing: deg >= 360.0 ? 0.0 : deg };
  }

  /* crs.c yj_compass_zh */
  var COMPASS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'];
  function compass(bearing) {
    var d = bearing % 360.0;
    if (!isFinite(d)) return '';
    if (d < 0) d += 360.0;
    return COMPASS[Math.floor((d + 22.5) / 45.0) % 8];
  }

  /* ---- crs.c: WGS84 ⇄ GCJ-02 ⇄ BD-09 ------------------------------------- */
  var KRASOVSKY_A = 6378245.0;
  var KRASOVSKY_EE = 0.00669342162296594323;
  var X_PI = YJ_PI * 3000.0 / 180.0;
  var CONVERGED_DEG = 1e-12;
  var MAX_ITERATIONS = 20;

  function poly(list) {
    var v = [];
    for (var i = 0; i < list.length; i += 2) v.push({ lon: list[i], lat: list[i + 1] });
    return v;
  }
  /* Mainland China (Hainan in), Hong Kong and Macau: crs.c's outlines. */
  var MAINLAND = poly([
    107.97, 21.54, 108.20, 21.20, 108.40, 19.80, 108.50, 18.40,
    109.60, 17.90, 111.20, 19.20, 111.00, 21.30, 112.50, 21.45,
    113.40, 21.85, 114.30, 21.90, 116.50, 22.60, 118.00, 23.60,
    119.20, 24.50, 120.25, 25.40, 120.80, 26.90, 122.30, 29.50,
    123.00, 31.00, 122.30, 34.50, 123.20, 37.40, 124.25, 39.85,
    124.33, 40.05, 126.00, 40.90, 126.60, 41.55, 128.10, 41.35,
    128.00, 42.00, 129.40, 42.35, 129.90, 42.90, 130.60, 42.42,
    130.70, 42.90, 131.30, 44.90, 133.00, 45.00, 134.40, 47.50,
    134.75, 48.30, 132.50, 47.75, 130.70, 47.90, 130.50, 49.00,
    127.50, 50.10, 125.60, 53.00, 123.30, 53.60, 120.80, 53.25,
    119.50, 50.40, 117.80, 49.60, 116.60, 49.85, 115.50, 47.90,
    119.00, 47.50, 117.40, 46.50, 113.60, 44.75, 111.90, 43.68,
    105.00, 41.60, 96.40, 42.70, 95.30, 44.30, 91.00, 45.30,
    90.60, 47.90, 87.80, 49.20, 85.30, 47.10, 82.90, 47.20,
    82.40, 45.60, 80.00, 45.00, 80.30, 42.90, 75.40, 40.50,
    73.50, 39.50, 74.90, 37.30, 75.40, 36.85, 78.00, 35.50,
    79.50, 32.50, 81.00, 30.30, 85.90, 28.10, 88.00, 27.90,
    89.50, 28.10, 91.60, 27.90, 94.00, 29.20, 96.10, 29.40,
    97.60, 28.30, 98.60, 27.60, 97.50, 24.80, 97.80, 23.95,
    99.30, 22.10, 101.20, 21.20, 102.00, 22.40, 103.95, 22.52,
    105.30, 23.30, 106.70, 22.80, 106.60, 21.97,
  ]);
  var HONG_KONG = poly([
    113.82, 22.13, 113.82, 22.40, 113.89, 22.43, 114.03, 22.51,
    114.08, 22.52, 114.16, 22.545, 114.23, 22.56, 114.35, 22.56,
    114.50, 22.50, 114.50, 22.13,
  ]);
  var MACAU = poly([
    113.528, 22.186, 113.535, 22.214, 113.555, 22.216,
    113.565, 22.200, 113.610, 22.160, 113.605, 22.105,
    113.550, 22.105, 113.548, 22.140, 113.540, 22.170,
  ]);

  function inside(v, lon, lat) {
    var inn = false;
    for (var i = 0, j = v.length - 1; i < v.length; j = i++) {
      if (((v[i].lat > lat) !== (v[j].lat > lat)) &&
          (lon < (v[j].lon - v[i].lon) * (lat - v[i].lat) /
                 (v[j].lat - v[i].lat) + v[i].lon))
        inn = !inn;
    }
    return inn;
  }
  function inMainlandExact(lon, lat) {
    if (inside(HONG_KONG, lon, lat) || inside(MACAU, lon, lat)) return false;
    return inside(MAINLAND, lon, lat);
  }
  var GRID_LON0 = 73.0, GRID_LAT0 = 17.5, GRID_CELL = 0.5;
  var GRID_W = 124, GRID_H = 74;
  var CELL_IN = 1, CELL_OUT = 2, CELL_MIXED = 3;
  var grid = new Uint8Array(GRID_W * GRID_H);
  function segmentHitsBox(a, b, x0, y0, x1, y1) {
    var t0 = 0.0, t1 = 1.0, dx = b.lon - a.lon, dy = b.lat - a.lat;
    var p = [-dx, dx, -dy, dy];
    var q = [a.lon - x0, x1 - a.lon, a.lat - y0, y1 - a.lat];
    for (var k = 0; k < 4; k++) {
      if (p[k] === 0.0) {
        if (q[k] < 0.0) return false;
      } else {
        var t = q[k] / p[k];
        if (p[k] < 0.0) {
          if (t > t1) return false;
          if (t > t0) t0 = t;
        } else {
          if (t < t0) return false;
          if (t < t1) t1 = t;
        }
      }
    }
    return true;
  }
  function outlineHitsBox(v, x0, y0, x1, y1) {
    for (var i = 0, j = v.length - 1; i < v.length; j = i++)
      if (segmentHitsBox(v[j], v[i], x0, y0, x1, y1)) return true;
    return false;
  }
  function classifyCell(row, col) {
    var x0 = GRID_LON0 + col * GRID_CELL, y0 = GRID_LAT0 + row * GRID_CELL;
    var x1 = x0 + GRID_CELL, y1 = y0 + GRID_CELL;
    if (outlineHitsBox(MAINLAND, x0, y0, x1, y1) ||
        outlineHitsBox(HONG_KONG, x0, y0, x1, y1) ||
        outlineHitsBox(MACAU, x0, y0, x1, y1))
      return CELL_MIXED;
    return inMainlandExact(x0 + GRID_CELL / 2, y0 + GRID_CELL / 2) ? CELL_IN : CELL_OUT;
  }
  function inMainland(p) {
    var fx = (p.lon - GRID_LON0) * (1.0 / GRID_CELL);
    var fy = (p.lat - GRID_LAT0) * (1.0 / GRID_CELL);
    if (!(fx >= 0.0 && fx < GRID_W && fy >= 0.0 && fy < GRID_H)) return false;
    var col = Math.trunc(fx), row = Math.trunc(fy), at = row * GRID_W + col;
    if (grid[at] === 0) grid[at] = classifyCell(row, col);
    if (grid[at] === CELL_MIXED) return inMainlandExact(p.lon, p.lat);
    return grid[at] === CELL_IN;
  }

  function roundNearest(k) {
    var magic = 6755399441055744.0;
    return (k + magic) - magic;
  }
  function sincospi(k) {
    var q = roundNearest(2.0 * k);
    var u = YJ_PI * (k - 0.5 * q);
    var u2 = u * u;
    var su = u * (1.0 + u2 * (-1.0 / 6 + u2 * (1.0 / 120 + u2 * (
             -1.0 / 5040 + u2 * (1.0 / 362880 + u2 * (-1.0 / 39916800 +
             u2 * (1.0 / 6227020800.0 + u2 * (-1.0 / 1307674368000.0 +
             u2 * (1.0 / 355687428096000.0)))))))));
    var cu = 1.0 + u2 * (-1.0 / 2 + u2 * (1.0 / 24 + u2 * (-1.0 / 720 +
             u2 * (1.0 / 40320 + u2 * (-1.0 / 3628800 + u2 * (
             1.0 / 479001600.0 + u2 * (-1.0 / 87178291200.0 + u2 * (
             1.0 / 20922789888000.0 + u2 * (-1.0 / 6402373705728000.0)))))))));
    switch (q & 3) {
      case 0: return { s: su, c: cu };
      case 1: return { s: cu, c: -su };
      case 2: return { s: -su, c: -cu };
      default: return { s: -cu, c: su };
    }
  }
  function sinpiCoarse(k) {
    var q = roundNearest(k), u = YJ_PI * (k - q), u2 = u * u;
    var s = u * (1.0 + u2 * (-1.0 / 6 + u2 * (1.0 / 120 + u2 * (
            -1.0 / 5040 + u2 * (1.0 / 362880 + u2 * (-1.0 / 39916800 +
            u2 * (1.0 / 6227020800.0 + u2 * (-1.0 / 1307674368000.0))))))));
    return (q & 1) ? -s : s;
  }
  function cospiCoarse(k) {
    var q = roundNearest(k), u = YJ_PI * (k - q), u2 = u * u;
    var c = 1.0 + u2 * (-1.0 / 2 + u2 * (1.0 / 24 + u2 * (-1.0 / 720 +
            u2 * (1.0 / 40320 + u2 * (-1.0 / 3628800 + u2 * (
            1.0 / 479001600.0 + u2 * (-1.0 / 87178291200.0)))))));
    return (q & 1) ? -c : c;
  }
  function sinesOf(s, c) {
    var s2 = s * s, c2 = c * c;
    var s30 = 2.0 * s * c;
    var s12 = s * (16.0 * s2 * s2 - 20.0 * s2 + 5.0);
    var c12 = c * (16.0 * c2 * c2 - 20.0 * c2 + 5.0);
    var s6 = 2.0 * s12 * c12, c6 = 1.0 - 2.0 * s12 * s12;
    var s3 = 2.0 * s6 * c6, c3 = 1.0 - 2.0 * s6 * s6;
    var s1 = s3 * (3.0 - 4.0 * s3 * s3);
    var c1 = c3 * (4.0 * c3 * c3 - 3.0);
    var sTwo = 2.0 * s1 * c1;
    return { s1: s1, s1_3: s3, s1_12: s12, s1_30: s30, s2: sTwo,
             s6: sTwo * (3.0 - 4.0 * sTwo * sTwo) };
  }
  var TWO_THIRDS = 2.0 / 3.0;
  var K_LAT = 180.0 / (KRASOVSKY_A * (1.0 - KRASOVSKY_EE) * YJ_PI);
  var K_LON = 180.0 / (KRASOVSKY_A * YJ_PI);
  function gcjOffset(w) {
    var x = w.lon - 105.0, y = w.lat - 35.0;
    var sc = sincospi(x / 60.0), hx = sinesOf(sc.s, sc.c);
    sc = sincospi(y / 60.0);
    var hy = sinesOf(sc.s, sc.c);
    var common = (20.0 * hx.s6 + 20.0 * hx.s2) * TWO_THIRDS;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y +
               0.2 * Math.sqrt(Math.abs(x)) + common +
               (20.0 * hy.s1 + 40.0 * hy.s1_3) * TWO_THIRDS +
               (160.0 * hy.s1_12 + 320.0 * hy.s1_30) * TWO_THIRDS;
    var dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y +
               0.1 * Math.sqrt(Math.abs(x)) + common +
               (20.0 * hx.s1 + 40.0 * hx.s1_3) * TWO_THIRDS +
               (150.0 * hx.s1_12 + 300.0 * hx.s1_30) * TWO_THIRDS;
    var lat = sincospi(w.lat / 180.0);
    var magic = 1.0 - KRASOVSKY_EE * lat.s * lat.s;
    var sqrtMagic = Math.sqrt(magic);
    return { lon: dlon * K_LON * sqrtMagic / lat.c,
             lat: dlat * K_LAT * magic * sqrtMagic };
  }
  function wgsToGcj(w) {
    var d = gcjOffset(w);
    return { lon: w.lon + d.lon, lat: w.lat + d.lat };
  }
  function gcjToBd(g) {
    var r = Math.sqrt(g.lon * g.lon + g.lat * g.lat);
    var z = r + 0.00002 * sinpiCoarse(g.lat * (50.0 / 3.0));
    var delta = 0.000003 * cospiCoarse(g.lon * (50.0 / 3.0));
    var cd = 1.0 - delta * delta / 2.0;
    var sd = delta - delta * delta * delta / 6.0;
    var c0 = g.lon * (1.0 / r), s0 = g.lat * (1.0 / r);
    return { lon: z * (c0 * cd - s0 * sd) + 0.0065,
             lat: z * (s0 * cd + c0 * sd) + 0.006 };
  }
  function bdToGcjApprox(b) {
    var x = b.lon - 0.0065, y = b.lat - 0.006;
    var z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
    var theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
    return { lon: z * Math.cos(theta), lat: z * Math.sin(theta) };
  }
  function invert(fwd, target, p) {
    p = { lon: p.lon, lat: p.lat };
    for (var i = 0; i < MAX_ITERATIONS; i++) {
      var f = fwd(p), dlon = f.lon - target.lon, dlat = f.lat - target.lat;
      p.lon -= dlon;
      p.lat -= dlat;
      if (Math.abs(dlon) < CONVERGED_DEG && Math.abs(dlat) < CONVERGED_DEG) break;
    }
    return p;
  }
  function farOutside(p) {
    return p.lon < 73.0 || p.lon > 135.2 || p.lat < 17.4 || p.lat > 54.1;
  }
  function toGcjFromWgs(w) { return inMainland(w) ? wgsToGcj(w) : w; }
  function toBdFromGcj(g) { return inMainland(g) ? gcjToBd(g) : g; }
  function toWgsFromGcj(g) {
    if (farOutside(g)) return g;
    var d = gcjOffset(g);
    var a = invert(wgsToGcj, g, { lon: g.lon - d.lon, lat: g.lat - d.lat });
    return !inMainland(a) && !inMainland(g) ? g : a;
  }
  function toGcjFromBd(b) {
    if (farOutside(b)) return b;
    var a = invert(gcjToBd, b, bdToGcjApprox(b));
    return !inMainland(a) && !inMainland(b) ? b : a;
  }
  function validPoint(p) {
    return p && isFinite(p.lon) && isFinite(p.lat) &&
           p.lon >= -180.0 && p.lon <= 180.0 && p.lat >= -90.0 && p.lat <= 90.0;
  }
  /* yj_crs_convert: 'wgs84' | 'gcj02' | 'bd09'; null for a bad point. */
  function convert(p, from, to) {
    if (!validPoint(p)) return null;
    p = { lon: p.lon, lat: p.lat };
    if (from === to) return p;
    if (from === 'bd09') p = toGcjFromBd(p);
    else if (from === 'wgs84') p = toGcjFromWgs(p);
    if (to === 'bd09') return toBdFromGcj(p);
    if (to === 'wgs84') return toWgsFromGcj(p);
    return p;
  }

  /* ---- ranking (query.c): exact distances, ties by id ----------------- */
  function byteCompare(a, b) {
    /* strcmp on UTF-8 = code point order (not UTF-16 unit order) */
    var ia = 0, ib = 0;
    while (ia < a.length && ib < b.length) {
      var ca = a.codePointAt(ia), cb = b.codePointAt(ib);
      if (ca !== cb) return ca < cb ? -1 : 1;
      ia += ca > 0xffff ? 2 : 1;
      ib += cb > 0xffff ? 2 : 1;
    }
    return (a.length - ia > 0) - (b.length - ib > 0);
  }
  function isApproximate(s) {
    return s.lon !== null && s.lat !== null &&
           (s.coord_precision === 'township' || s.coord_precision === 'district' ||
            s.coord_precision === 'unknown');
  }
  /* The k nearest (k = 0: all) of `stations` (data/stations.json) that pass
   * `keep`, within `within` metres if > 0: hits shaped as the tool's JSON
   * (rank, distance_m, bearing_deg, direction, approximate, the station). */
  function rank(stations, origin, k, within, keep) {
    var hits = [];
    for (var i = 0; i < stations.length; i++) {
      var s = stations[i];
      if (s.lon === null || s.lat === null || s.closed_on) continue;
      if (keep && !keep(s)) continue;
      var m = measure(origin, { lon: s.lon, lat: s.lat });
      if (!isFinite(m.distance)) continue;
      if (within > 0 && m.distance > within) continue;
      hits.push({ d: m.distance, b: m.bearing, s: s });
    }
    hits.sort(function (x, y) {
      if (x.d !== y.d) return x.d < y.d ? -1 : 1;
      return byteCompare(x.s.id, y.s.id);
    });
    if (k > 0) hits = hits.slice(0, k);
    return hits.map(function (h, n) {
      var o = { rank: n + 1, distance_m: h.d, bearing_deg: h.b,
                direction: compass(h.b), approximate: isApproximate(h.s) };
      for (var f in h.s) if (!(f in o)) o[f] = h.s[f];
      return o;
    });
  }

  /* ---- hours.c: the opening status, from data/schedule.json ------------ */
  var DAY_S = 86400;
  function localDate(t, off) { return Math.floor((Math.floor(t / 60) * 60 + off) / DAY_S); }
  function civil(days) {
    var d = new Date(days * DAY_S * 1000);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  /* hours.c when(): "17:00", "明天 08:30", "后天 08:30", "10月8日 08:30" */
  function when(t, now, off) {
    var date = localDate(t, off), today = localDate(now, off);
    var minute = Math.floor((Math.floor(t / 60) * 60 + off - date * DAY_S) / 60);
    var hm = pad2(Math.floor(minute / 60)) + ':' + pad2(minute % 60);
    if (date === today) return hm;
    if (date === today + 1) return '明天 ' + hm;
    if (date === today + 2) return '后天 ' + hm;
    var c = civil(date);
    return c.m + '月' + c.d + '日 ' + hm;
  }
  /* yj_hours_status for station `id` at t (s): {state, has_next,
   * next_change, next_state}.  Unknown outside the spans the file holds. */
  function openStatus(schedule, id, t) {
    var none = { state: 'unknown', has_next: false };
    if (!schedule || !schedule.stations) return none;
    var spans = schedule.stations[id];
    var off = schedule.utc_offset_s, tm = Math.floor(t / 60) * 60;
    if (!spans || tm < schedule.from || tm >= schedule.until) return none;
    var i = -1;
    for (var j = 0; j < spans.length && spans[j][0] <= tm; j++) i = j;
    if (i < 0) return none;
    var st = { state: spans[i][1], has_next: false };
    var limit = (localDate(tm, off) + schedule.lookahead_days + 1) * DAY_S - off;
    if (i + 1 < spans.length && spans[i + 1][0] < limit) {
      st.has_next = true;
      st.next_change = spans[i + 1][0];
      st.next_state = spans[i + 1][1];
    } else if (i + 1 >= spans.length && limit > schedule.until && st.state !== 'unknown') {
      st.next_unknown = true; /* past the file's end: say nothing of it */
    }
    return st;
  }
  /* yj_hours_status_text */
  function openText(st, now, off) {
    var at = st.has_next ? when(st.next_change, now, off) : '';
    if (st.state === 'open') {
      if (st.next_unknown) return '开放中';
      if (!st.has_next) return '开放中（一周内不关闭）';
      if (st.next_state === 'closed') return '开放至 ' + at;
      return '开放中，' + at + ' 后开放时间未知';
    }
    if (st.state === 'closed') {
      if (st.next_unknown) return '已关闭';
      if (!st.has_next) return '已关闭，一周内不开放';
      if (st.next_state === 'open') return '已关闭，' + at + ' 开放';
      return '已关闭，' + at + ' 后开放时间未知';
    }
    return '开放时间未知';
  }
  var WALK_KMH = 4.5, RIDE_KMH = 15.0;
  function travelMinutes(distance, kmh) {
    if (!(distance >= 0 && distance <= 2 * 20000000.0)) return -1;
    return Math.trunc(distance / 1000.0 / kmh * 60.0 + 0.999);
  }
  /* yj_writer_open_answer: the status on arrival at `kmh` (4.5 walk, 15 ride) */
  function arrivalText(schedule, hit, at, kmh) {
    var off = schedule ? schedule.utc_offset_s : 28800;
    var minutes = hit.distance_m / 1000.0 / kmh * 60.0;
    var travel = travelMinutes(hit.distance_m, kmh);
    var arrive = at + Math.trunc(minutes * 60.0 + 0.5);
    var st = openStatus(schedule, hit.id, arrive);
    var status = openText(st, arrive, off);
    var mode = kmh === 4.5 ? '步行' : kmh === 15.0 ? '骑行' : '行程';
    if (st.state === 'open' && st.has_next)
      return mode + ' ' + travel + ' 分钟，到达时开放（' + status.slice(2) + '）';
    if (st.state === 'open') return mode + ' ' + travel + ' 分钟，到达时开放';
    if (st.state === 'closed' && st.next_unknown) return mode + ' ' + travel + ' 分钟，到达时已关闭';
    if (st.state === 'closed')
      return mode + ' ' + travel + ' 分钟，到达时已关闭（' + status.slice(4) + '）';
    return mode + ' ' + travel + ' 分钟，开放时间未知';
  }

  /* ---- places: `--near`'s order (db_query.c place_levels) ----------- */
  /* Suggestions for text: the level `yijia nearest --near` would take
   * first (id, full name, township short name, landmark short name), then
   * every name holding the text (stations, townships, landmarks, each by
   * name); `exact` is how many lead from the deciding level. */
  var KIND_ORDER = { station: 0, township: 1, landmark: 2 };
  function findPlaces(places, text) {
    text = text.trim();
    if (!text) return { list: [], exact: 0 };
    var levels = [
      function (p) { return p.kind === 'station' && p.detail === text; },
      function (p) { return p.name === text; },
      function (p) { return p.kind === 'township' && p.short_name !== '' && p.short_name === text; },
      function (p) { return p.kind === 'landmark' && p.short_name !== '' && p.short_name === text; },
    ];
    var first = [];
    for (var l = 0; l < levels.length && first.length === 0; l++)
      first = places.filter(levels[l]);
    if (first.length > 1)
      first.sort(function (a, b) {
        return (KIND_ORDER[a.kind] - KIND_ORDER[b.kind]) || byteCompare(a.name, b.name);
      });
    var part = places.filter(function (p) {
      return p.name.indexOf(text) >= 0 && first.indexOf(p) < 0;
    });
    part.sort(function (a, b) {
      return (KIND_ORDER[a.kind] - KIND_ORDER[b.kind]) || byteCompare(a.name, b.name);
    });
    /* `--near` takes the substring level only when no other matched */
    return { list: first.concat(part), exact: first.length || part.length };
  }

  /* ---- what a worker pastes --------------------------------------------- */
  function num(s) { return s !== undefined && /^[-+]?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN; }
  /* Two numbers in either order: in China the longitude is the larger. */
  function pairOf(a, b) {
    a = num(a); b = num(b);
    if (!isFinite(a) || !isFinite(b)) return null;
    var p = Math.abs(a) >= Math.abs(b) ? { lon: a, lat: b } : { lon: b, lat: a };
    return validPoint(p) ? p : null;
  }
  function crsWord(v, dflt) {
    v = (v || '').toLowerCase();
    if (/wgs|gps/.test(v)) return 'wgs84';
    if (/gcj|gaode|autonavi|amap/.test(v)) return 'gcj02';
    if (/bd09/.test(v) && !/mc/.test(v)) return 'bd09';
    return dflt;
  }
  /* Coordinates ("120.29,30.17", a Chinese comma, spaces) or an Amap or
   * Baidu share link: {point (WGS84), crs (as given), via} or
   * {error} or null when the text is neither. */
  function parseLocation(text, bareCrs) {
    var t = text.trim();
    var m = /^([-+]?\d+(?:\.\d+)?)\s*[,，、\s]\s*([-+]?\d+(?:\.\d+)?)$/.exec(t);
    if (m) {
      var p = pairOf(m[1], m[2]);
      if (!p) return { error: '坐标超出范围：经度 −180…180，纬度 −90…90' };
      var crs = bareCrs || 'wgs84';
      return { point: convert(p, crs, 'wgs84'), crs: crs, via: 'coordinates' };
    }
    var u = /https?:\/\/[^\s"'<>]+/.exec(t);
    if (!u) return null;
    var url;
    try { url = new URL(u[0]); } catch (e) { return null; }
    var host = url.hostname, q = url.searchParams, pair;
    if (/(^|\.)amap\.com$/.test(host) || /(^|\.)gaode\.com$/.test(host)) {
      var v = q.get('position') || q.get('location') || q.get('lnglat') || q.get('center');
      if (v) pair = v.split(',');
      else if (q.get('lng') && q.get('lat')) pair = [q.get('lng'), q.get('lat')];
      else if (q.get('to')) pair = q.get('to').split(',');
      else if (q.get('p')) { var f = q.get('p').split(','); pair = [f[2], f[1]]; }
      if (!pair) return { error: '这个高德链接里没有坐标（短链接要联网打开）。请在高德里点“复制坐标”后粘贴，或输入地点名称。' };
      var g = pairOf(pair[0], pair[1]);
      if (!g) return { error: '高德链接里的坐标看不懂' };
      var ac = q.get('coordinate') === 'wgs84' ? 'wgs84' : 'gcj02';
      return { point: convert(g, ac, 'wgs84'), crs: ac, via: 'amap' };
    }
    if (/(^|\.)baidu\.com$/.test(host)) {
      var bv = q.get('location') || q.get('latlng');
      if (bv) pair = bv.split(',');
      else if (q.get('destination')) {
        var dm = /latlng:([-\d.]+),([-\d.]+)/.exec(q.get('destination'));
        if (dm) pair = [dm[1], dm[2]];
      }
      if (!pair) return { error: '这个百度链接里没有经纬度（短链接或墨卡托坐标无法换算）。请输入地点名称。' };
      var b = pairOf(pair[0], pair[1]);
      if (!b) return { error: '百度链接里的坐标看不懂' };
      var bc = crsWord(q.get('coord_type'), 'bd09');
      return { point: convert(b, bc, 'wgs84'), crs: bc, via: 'baidu' };
    }
    return { error: '只认得高德、百度的分享链接，或“经度,纬度”坐标' };
  }

  /* ---- words ------------------------------------------------------------- */
  /* cli_query.c format_distance, in Chinese units */
  function distanceText(m) {
    if (m < 995.0) return (m < 10.0 ? Math.round(m) : Math.round(m / 10) * 10) + ' 米';
    if (m < 99950.0) return (m / 1000.0).toFixed(1) + ' 公里';
    return (m / 1000.0).toFixed(0) + ' 公里';
  }

  /* ---- hand-off links --------------------------------------------------- */
  function enc(s) {
    /* RFC 3986 unreserved kept, as links.c writes */
    return encodeURIComponent(s).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }
  function fixed6(v) { return v.toFixed(6); }
  /* Precisely located: the station's point in each app's system; located
   * only to its township: the app's own search for its name and address
   * (a point at a township centre would lead kilometres from the door). */
  function links(s, origin) {
    var out = {};
    if (s.lon === null || s.lat === null) return out;
    var w = { lon: s.lon, lat: s.lat };
    if (!isApproximate(s)) {
      var g = convert(w, 'wgs84', 'gcj02'), b = convert(w, 'wgs84', 'bd09');
      out.amap = 'https://uri.amap.com/navigation?to=' + fixed6(g.lon) + ',' + fixed6(g.lat) +
                 ',' + enc(s.name) + '&mode=walk&src=yijia&coordinate=gaode&callnative=1';
      var from = origin ? convert(origin, 'wgs84', 'bd09') : null;
      out.baidu = 'https://api.map.baidu.com/direction?' +
                  (from ? 'origin=latlng:' + fixed6(from.lat) + ',' + fixed6(from.lon) + '|name:' + enc('出发点') + '&' : '') +
                  'destination=latlng:' + fixed6(b.lat) + ',' + fixed6(b.lon) + '|name:' + enc(s.name) +
                  '&mode=walking&region=' + enc('杭州') + '&output=html&src=webapp.yijia.stations&coord_type=bd09ll';
      out.geo = 'geo:' + s.lat + ',' + s.lon + '?q=' + s.lat + ',' + s.lon + '(' + enc(s.name) + ')';
      out.search = false;
    } else {
      out.amap = 'https://uri.amap.com/search?keyword=' + enc(s.name) +
                 '&city=330100&view=map&src=yijia&callnative=1';
      out.baidu = 'https://api.map.baidu.com/place/search?query=' + enc(s.name) +
                  '&region=' + enc('杭州') + '&output=html&src=webapp.yijia.stations';
      if (s.address) {
        out.amapAddress = 'https://uri.amap.com/search?keyword=' + enc(s.address) +
                          '&city=330100&view=map&src=yijia&callnative=1';
        out.baiduAddress = 'https://api.map.baidu.com/place/search?query=' + enc(s.address) +
                           '&region=' + enc('杭州') + '&output=html&src=webapp.yijia.stations';
      }
      out.geo = 'geo:0,0?q=' + enc(s.address || s.name);
      out.search = true;
    }
    return out;
  }

  return {
    measure: measure, compass: compass, convert: convert, rank: rank,
    isApproximate: isApproximate, openStatus: openStatus, openText: openText,
    arrivalText: arrivalText, travelMinutes: travelMinutes, findPlaces: findPlaces,
    parseLocation: parseLocation, distanceText: distanceText, links: links,
    byteCompare: byteCompare, WALK_KMH: WALK_KMH, RIDE_KMH: RIDE_KMH,
  };
})();

if (typeof module === 'object' && module.exports && typeof document === 'undefined') {
  module.exports = core;
} else {
  window.yijiaCore = core;
  document.addEventListener('DOMContentLoaded', function () { yijiaPage(core); });
}

/* ---- the page ----------------------------------------------------------------- */
function yijiaPage(core) {
  var AMENITY = {
    drinking_water: '饮水', rest: '休息', food_heating: '饭菜加热', warming: '取暖',
    cooling: '纳凉', phone_charging: '手机充电', rain_shelter: '避雨', toilet: '卫生间',
    first_aid: '应急药箱', blood_pressure: '血压计', fridge: '冰箱', umbrella: '雨伞',
    helmet: '共享头盔', ebike_charging: '电动车充电', battery_swap: '换电', wifi: '无线网络',
    reading: '图书报刊', nursing_room: '母婴室', shower: '淋浴', parking: '停车',
  };
  /* the chips: what a worker looks for first */
  var CHIPS = ['drinking_water', 'toilet', 'phone_charging', 'food_heating',
               'ebike_charging', 'first_aid', 'cooling', 'warming'];
  var CATEGORY = {
    community: '社区/村', party_mass: '党群服务中心', union: '工会', enterprise: '企业',
    business_park: '产业园区', commercial: '商业综合体', bank: '银行', insurance: '保险',
    government: '政务服务', utility: '公用事业', fuel_station: '加油站', sanitation: '环卫',
    scenic_area: '景区', elderly_care: '养老服务', other: '其他',
  };
  var PAGE = 5;
  var $ = function (id) { return document.getElementById(id); };
  var http = location.protocol === 'http:' || location.protocol === 'https:';
  var S = {
    api: http ? null : false, /* null: not known yet */
    data: {}, origin: null, k: PAGE, amen: [], openNow: false,
    results: null, seq: 0, tapAt: 0, timing: {}, view: 'list',
  };
  window.__yijia = S; /* for the browser test: timings and state */

  /* ---- small helpers ---- */
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    for (var a in attrs || {}) {
      if (a === 'text') e.textContent = attrs[a];
      else if (a === 'class') e.className = attrs[a];
      else if (attrs[a] !== null && attrs[a] !== undefined && attrs[a] !== false) e.setAttribute(a, attrs[a]);
    }
    (kids || []).forEach(function (k) { if (k) e.appendChild(typeof k === 'string' ? document.createTextNode(k) : k); });
    return e;
  }
  var SVGNS = 'http://www.w3.org/2000/svg';
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var a in attrs || {}) e.setAttribute(a, attrs[a]);
    return e;
  }
  function icon(name, cls) {
    var s = svgEl('svg', { class: cls || 'ic', 'aria-hidden': 'true', focusable: 'false' });
    var u = svgEl('use', { href: '#i-' + name });
    s.appendChild(u);
    return s;
  }
  function say(text, kind) {
    var m = $('msg');
    m.textContent = text || '';
    m.className = 'msg' + (kind ? ' ' + kind : '');
    m.hidden = !text;
  }
  function nowS() { return Math.floor(Date.now() / 1000); }
  function fetchJSON(url, ms) {
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, ms || 8000) : 0;
    return fetch(url, ctl ? { signal: ctl.signal } : {}).then(function (r) {
      clearTimeout(timer);
      if (!r.ok) { var e = new Error('HTTP ' + r.status); e.status = r.status; throw e; }
      return r.json();
    }, function (e) { clearTimeout(timer); throw e; });
  }

  /* ---- data: the page's own copy (cached by the service worker) ---- */
  var loads = {};
  function load(name) {
    if (!loads[name]) {
      loads[name] = fetchJSON('data/' + name + '.json', 30000).then(function (d) {
        S.data[name] = d;
        return d;
      });
      loads[name].catch(function () { delete loads[name]; });
    }
    return loads[name];
  }
  function dataReady() { return !!(S.data.stations); }

  /* Is the JSON API there?  (`yijia serve`: yes; a static host: no.) */
  function probeApi() {
    if (S.api !== null) return Promise.resolve(S.api);
    return fetchJSON('api/places?q=' + encodeURIComponent('站') + '&limit=1', 8000).then(function (d) {
      S.api = !!(d && d.places);
      return S.api;
    }, function (e) {
      if (e && e.status) S.api = false; /* answered, but no API: a static host */
      return false;
    });
  }

  /* ---- the origin ---- */
  function setOrigin(o) {
    S.origin = o;
    S.k = PAGE;
    run();
  }

  function locate() {
    S.tapAt = performance.now();
    S.timing = { tap: S.tapAt };
    if (!('geolocation' in navigator)) {
      fallback('这个浏览器不能定位。请在下面输入您所在的地点，或选择镇街。');
      return;
    }
    say('正在定位……如果手机询问，请点“允许”。', 'busy');
    $('locate').setAttribute('aria-busy', 'true');
    navigator.geolocation.getCurrentPosition(function (pos) {
      $('locate').removeAttribute('aria-busy');
      S.timing.located = performance.now();
      setOrigin({ lon: pos.coords.longitude, lat: pos.coords.latitude,
                  accuracy: pos.coords.accuracy, source: 'gps', label: '您的位置' });
    }, function (err) {
      $('locate').removeAttribute('aria-busy');
      var secure = window.isSecureContext !== false;
      if (err.code === 1 && !secure)
        fallback('此网页地址不是 https，浏览器不允许定位。请在下面输入地点，或选择镇街。');
      else if (err.code === 1)
        fallback('没有定位权限。可以在浏览器设置里允许本网页定位；也可以在下面输入地点，或选择镇街。');
      else if (err.code === 3)
        fallback('定位超时（可能在室内或信号弱）。可以再点一次“找最近的驿站”，或在下面输入地点。');
      else
        fallback('手机暂时无法定位（GPS 可能关着）。请打开定位后重试，或在下面输入地点。');
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }

  function fallback(text) {
    say(text, 'warn');
    showSearch(true);
    $('q').focus();
  }

  function showSearch(open) {
    $('search').hidden = !open;
    $('show-search').setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) load('places').then(fillTownships, function () {});
  }

  /* ---- ranking: the API when it answers, else here ---- */
  function keepLocal(at) {
    var amen = S.amen.slice(), open = S.openNow;
    return function (s) {
      for (var i = 0; i < amen.length; i++) if (s.amenities.indexOf(amen[i]) < 0) return false;
      if (open && core.openStatus(S.data.schedule, s.id, at).state !== 'open') return false;
      return true;
    };
  }
  function rankLocal() {
    var at = nowS();
    return core.rank(S.data.stations, S.origin, S.k, 0, keepLocal(at));
  }
  function apiUrl() {
    var o = S.origin;
    var u = 'api/nearest?at=' + o.lon + ',' + o.lat + '&k=' + S.k + '&arrive=walk';
    if (S.amen.length) u += '&amenity=' + S.amen.join(',');
    if (S.openNow) u += '&open=now';
    return u;
  }
  function run() {
    var seq = ++S.seq, origin = S.origin, gotApi = false;
    if (!origin) return;
    $('results').dataset.done = '0';
    var local = function () {
      if (seq !== S.seq || gotApi || !dataReady()) return;
      show(rankLocal(), 'local', S.api === false || S.api === null && !http);
    };
    if (dataReady()) local();
    else if (!S.results) say('正在读取驿站数据……', 'busy');
    var viaApi = http && S.api !== false
      ? probeApi().then(function (ok) {
          if (!ok) throw new Error('no api');
          return fetchJSON(apiUrl(), 15000);
        }).then(function (hits) {
          if (seq !== S.seq) return;
          gotApi = true;
          show(hits, 'api', true);
        })
      : Promise.reject(new Error('no api'));
    viaApi.catch(function () {
      if (seq !== S.seq || gotApi) return;
      Promise.all([load('stations'), load('schedule').catch(function () { return null; })]).then(function () {
        if (seq !== S.seq || gotApi) return;
        show(rankLocal(), 'local', true);
      }, function () {
        if (seq !== S.seq) return;
        say(location.protocol === 'file:'
          ? '从文件打开时，浏览器不允许本页读取驿站数据。请用网址打开本页（例如工会公众号里的链接）。'
          : '读取驿站数据失败（网络不通，本机也还没有保存过）。请联网后再试。', 'warn');
        $('results').dataset.done = '1';
      });
    });
  }

  /* ---- results ---- */
  function show(hits, source, final) {
    var now = nowS(), sched = S.data.schedule || null;
    if (S.timing.tap && !S.timing.first) S.timing.first = performance.now() - S.timing.tap;
    if (source === 'api' && S.timing.tap && !S.timing.api) S.timing.api = performance.now() - S.timing.tap;
    S.results = hits;
    S.source = source;
    document.body.classList.add('has-results');
    $('intro').hidden = true;
    var o = S.origin;
    var sum = '从' + (o.source === 'gps' ? '您的位置' : '“' + o.label + '”') + '出发';
    if (o.source === 'gps' && isFinite(o.accuracy))
      sum += '（定位精度约 ±' + (o.accuracy < 10 ? Math.round(o.accuracy) : Math.round(o.accuracy / 10) * 10) + ' 米）';
    if (o.source === 'township') sum += '（镇街中心）';
    $('summary').textContent = sum;
    var note = '';
    if (!hits.length) note = S.openNow || S.amen.length
      ? '没有符合筛选条件的驿站。可以去掉一些筛选再看。'
      : '没有找到驿站。';
    else if (hits[0].distance_m > 30000) note = '最近的驿站也在 30 公里外：您可能不在萧山区。';
    if (S.openNow) note += (note ? ' ' : '') + '只列出开放时间已知且现在开放的驿站（多数驿站的开放时间还未登记）。';
    $('note').textContent = note;
    $('note').hidden = !note;
    var list = $('cards');
    list.textContent = '';
    hits.forEach(function (h) { list.appendChild(card(h, now, sched)); });
    $('more').hidden = hits.length < S.k;
    $('results').hidden = false;
    $('filters').hidden = false;
    $('results').dataset.source = source;
    if (final) $('results').dataset.done = '1';
    say('');
    if (S.timing.tap && !S.timing.announced) {
      S.timing.announced = true;
      $('summary').focus({ preventScroll: true });
      $('results').scrollIntoView({ block: 'start' });
    }
    if (mapOn()) drawMap();
    updateShared();
  }

  function card(h, now, sched, opts) {
    opts = opts || {};
    var approx = h.approximate;
    var li = el('li', { class: 'card' + (approx ? ' approx' : ''), id: (opts.prefix || 'st-') + h.id,
                        'data-id': h.id, tabindex: '-1' });
    var head = el('div', { class: 'card-head' });
    if (h.rank) head.appendChild(el('span', { class: 'rank', 'aria-label': '第 ' + h.rank + ' 近', text: String(h.rank) }));
    head.appendChild(el('h3', { text: h.name }));
    li.appendChild(head);
    if (isFinite(h.distance_m)) {
      li.dataset.distance = h.distance_m.toFixed(1);
      var walk = core.travelMinutes(h.distance_m, core.WALK_KMH);
      var ride = core.travelMinutes(h.distance_m, core.RIDE_KMH);
      var dir = h.distance_m < 10 ? '就在附近' : '往' + h.direction + ' ' + (approx ? '≈ ' : '') + core.distanceText(h.distance_m);
      li.appendChild(el('p', { class: 'dist' }, [
        el('strong', { text: dir }),
        el('span', { class: 'mins', text: '步行约 ' + walk + ' 分钟 · 电动车约 ' + ride + ' 分钟' }),
      ]));
    }
    var st = core.openStatus(sched, h.id, now);
    var open = el('p', { class: 'open ' + st.state }, [icon(st.state === 'open' ? 'open' : st.state === 'closed' ? 'closed' : 'unknown'),
      el('span', { text: core.openText(st, now, sched ? sched.utc_offset_s : 28800) })]);
    li.appendChild(open);
    if (st.state !== 'unknown' && isFinite(h.distance_m)) {
      var arr = h.open_text && S.source === 'api' ? h.open_text
        : core.arrivalText(sched, h, now, core.WALK_KMH);
      li.appendChild(el('p', { class: 'arrive', text: arr }));
    }
    if (h.coord_precision === 'surveyed')
      li.appendChild(el('p', { class: 'meta surveyed', text: '位置经工会人员现场核查' + (h.checked_on ? '（' + h.checked_on + '）' : '') }));
    if (approx)
      li.appendChild(el('p', { class: 'approx-note' }, [el('strong', { text: '≈ 位置仅到镇街' }),
        '：距离按' + (h.township || '镇街') + '中心估算。导航按名称和地址搜索，请以门牌为准。']));
    if (h.lon === null) li.appendChild(el('p', { class: 'approx-note', text: '暂无坐标，只能按地址查找。' }));
    if (h.amenities && h.amenities.length) {
      var ul = el('ul', { class: 'amen', 'aria-label': '服务设施' });
      h.amenities.forEach(function (a) {
        ul.appendChild(el('li', null, [icon(AMENITY[a] ? a : 'dot'), AMENITY[a] || a]));
      });
      li.appendChild(ul);
    }
    li.appendChild(el('p', { class: 'addr' }, [icon('pin'), el('span', { text: h.address || '地址未登记' })]));
    var extra = [];
    if (h.category && CATEGORY[h.category]) extra.push(CATEGORY[h.category]);
    if (h.township) extra.push(h.township);
    if (extra.length) li.appendChild(el('p', { class: 'meta', text: extra.join(' · ') }));
    if (h.phone) {
      var tel = el('p', { class: 'tel' });
      h.phone.split(/[;；,，、\s]+/).filter(Boolean).forEach(function (p) {
        tel.appendChild(el('a', { href: 'tel:' + p.replace(/[^\d+]/g, ''), class: 'btn ghost' }, [icon('phone'), '打电话 ' + p]));
      });
      li.appendChild(tel);
    }
    var L = core.links(h, S.origin);
    var nav = el('div', { class: 'nav' });
    if (L.amap) {
      nav.appendChild(el('a', { class: 'btn nav-amap', href: L.amap, target: '_blank', rel: 'noopener',
                                'data-kind': L.search ? 'search' : 'point' },
                         [icon('nav'), L.search ? '高德搜索' : '高德导航']));
      nav.appendChild(el('a', { class: 'btn nav-baidu', href: L.baidu, target: '_blank', rel: 'noopener',
                                'data-kind': L.search ? 'search' : 'point' },
                         [icon('nav'), L.search ? '百度搜索' : '百度导航']));
      nav.appendChild(el('a', { class: 'btn ghost nav-geo', href: L.geo }, [icon('pin'), '其他地图']));
    }
    var share = el('button', { type: 'button', class: 'btn ghost share' }, [icon('share'), '分享']);
    share.addEventListener('click', function () { shareStation(h); });
    nav.appendChild(share);
    li.appendChild(nav);
    if (S.staffCard) S.staffCard(li, h); /* staff mode: 「在此核查」 (staff.js) */
    if (L.amapAddress)
      li.appendChild(el('p', { class: 'by-addr' }, ['按地址搜索：',
        el('a', { href: L.amapAddress, target: '_blank', rel: 'noopener', class: 'addr-amap' }, ['高德']), ' · ',
        el('a', { href: L.baiduAddress, target: '_blank', rel: 'noopener', class: 'addr-baidu' }, ['百度'])]));
    return li;
  }

  function stationUrl(id) {
    return location.href.split('#')[0].split('?')[0] + '?s=' + encodeURIComponent(id);
  }
  function shareStation(h) {
    var url = stationUrl(h.id);
    var text = h.name + '（' + (h.address || '') + '）';
    if (navigator.share) {
      navigator.share({ title: h.name, text: text, url: url }).catch(function () {});
      return;
    }
    var done = function () { say('链接已复制，可以粘贴到微信发给工友：' + url, 'ok'); };
    if (navigator.clipboard && window.isSecureContext)
      navigator.clipboard.writeText(url).then(done, function () { say('分享链接：' + url, 'ok'); });
    else say('分享链接：' + url, 'ok');
  }

  /* a station by id as a card: ranked from the origin when there is one */
  function stationHit(id) {
    var s = null, r;
    if (S.results) for (var i = 0; i < S.results.length; i++) if (S.results[i].id === id) return S.results[i];
    (S.data.stations || []).forEach(function (x) { if (x.id === id) s = x; });
    if (!s) return null;
    if (S.origin && s.lon !== null) {
      r = core.rank([s], S.origin, 1, 0, null)[0];
      if (r) { r.rank = 0; return r; }
    }
    r = { approximate: core.isApproximate(s), distance_m: NaN };
    for (var f in s) r[f] = s[f];
    return r;
  }

  /* ?s=ID: the shared station's card first */
  var sharedId = null;
  function updateShared() {
    if (!sharedId || !dataReady()) return;
    var h = stationHit(sharedId), box = $('shared-card');
    box.textContent = '';
    if (!h) { $('shared').hidden = true; say('没有找到分享的驿站 ' + sharedId + '（可能已撤销）。', 'warn'); return; }
    box.appendChild(card(h, nowS(), S.data.schedule || null, { prefix: 'shared-' }));
    $('shared').hidden = false;
  }

  /* ---- search box ---- */
  var sugg = [], active = -1;
  function suggest() {
    var text = $('q').value, list = $('sugg');
    list.textContent = '';
    active = -1;
    var loc = /^[-+\d.\s,，、]+$/.test(text.trim()) && /\d/.test(text);
    $('crs-row').hidden = !loc;
    if (!text.trim() || loc || /https?:/.test(text) || !S.data.places) { list.hidden = true; $('q').setAttribute('aria-expanded', 'false'); return; }
    var found = core.findPlaces(S.data.places.places, text).list.slice(0, 8);
    sugg = found;
    found.forEach(function (p, i) {
      var kind = p.kind === 'township' ? '镇街' : p.kind === 'station' ? '驿站' : landmarkKind(p);
      var li = el('li', { role: 'option', id: 'sugg-' + i, 'aria-selected': 'false', class: p.lon === null ? 'nopoint' : '' },
                  [el('span', { class: 'kind', text: kind }), el('span', { text: p.name }),
                   p.lon === null ? el('span', { class: 'kind', text: '暂无位置' }) : null]);
      li.addEventListener('click', function () { pick(p); });
      list.appendChild(li);
    });
    list.hidden = !found.length;
    $('q').setAttribute('aria-expanded', found.length ? 'true' : 'false');
  }
  function landmarkKind(p) { return /地铁/.test(p.detail) ? '地铁站' : '地点'; }
  function pick(p) {
    $('sugg').hidden = true;
    $('q').setAttribute('aria-expanded', 'false');
    if (p.lon === null || p.lat === null) { say('“' + p.name + '”还没有位置数据，请换一个附近的地点。', 'warn'); return; }
    $('q').value = p.name;
    $('crs-row').hidden = true;
    S.tapAt = performance.now();
    S.timing = { tap: S.tapAt };
    setOrigin({ lon: p.lon, lat: p.lat, label: p.name, source: p.kind === 'township' ? 'township' : 'place' });
  }
  function submitSearch() {
    var text = $('q').value.trim();
    if (!text) { say('请输入地点，例如：城厢、湘湖站、萧山区政务服务中心。', 'warn'); return; }
    var loc = core.parseLocation(text, $('crs').value);
    if (loc && loc.error) { say(loc.error, 'warn'); return; }
    if (loc && loc.point) {
      S.tapAt = performance.now();
      S.timing = { tap: S.tapAt };
      var how = { wgs84: 'GPS 坐标', gcj02: '高德坐标', bd09: '百度坐标' }[loc.crs];
      setOrigin({ lon: loc.point.lon, lat: loc.point.lat, label: how + ' ' + text.slice(0, 40), source: 'coords' });
      return;
    }
    load('places').then(function (d) {
      var r = core.findPlaces(d.places, text);
      if (!r.list.length) { say('没有找到“' + text + '”。试试镇街名（如“城厢”）、地铁站或驿站名称，或在下面选择镇街。', 'warn'); $('towns').open = true; return; }
      if (r.exact === 1) { pick(r.list[0]); return; }
      say('有 ' + r.exact + ' 个地点符合“' + text + '”，请选一个：', 'warn');
      suggest();
    }, function () { say('地点数据还没有读取到，请联网后再试。', 'warn'); });
  }
  function fillTownships(d) {
    var box = $('town-list');
    if (box.childElementCount) return;
    d.places.filter(function (p) { return p.kind === 'township'; })
      .sort(function (a, b) { return core.byteCompare(a.name, b.name); })
      .forEach(function (p) {
        var b = el('button', { type: 'button', class: 'btn ghost town', disabled: p.lon === null ? 'disabled' : null },
                   [p.name]);
        if (p.lon === null) b.title = '暂无位置';
        b.addEventListener('click', function () { $('q').value = p.name; pick(p); });
        box.appendChild(b);
      });
  }

  /* ---- filters ---- */
  function buildChips() {
    var box = $('chips');
    CHIPS.forEach(function (code) {
      var b = el('button', { type: 'button', class: 'chip', 'aria-pressed': 'false', 'data-amenity': code },
                 [icon(code), AMENITY[code]]);
      b.addEventListener('click', function () {
        var i = S.amen.indexOf(code);
        if (i < 0) S.amen.push(code); else S.amen.splice(i, 1);
        b.setAttribute('aria-pressed', i < 0 ? 'true' : 'false');
        S.k = PAGE;
        run();
      });
      box.appendChild(b);
    });
    $('open-now').addEventListener('click', function () {
      S.openNow = !S.openNow;
      $('open-now').setAttribute('aria-pressed', S.openNow ? 'true' : 'false');
      S.k = PAGE;
      run();
    });
  }

  /* ---- the map (Web Mercator, from data/outlines.json; no tiles) ---- */
  var M = { s: 0, tx: 0, ty: 0, w: 0, h: 0, drawn: false, pointers: {} };
  function mapOn() { return !$('mapwrap').hidden; }
  function mx(lon) { return lon; }
  function my(lat) { return -Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI; }
  function setView(view) {
    S.view = view;
    document.body.dataset.view = view;
    var wide = window.matchMedia('(min-width: 1000px)').matches;
    $('mapwrap').hidden = view !== 'map' && !wide;
    $('toggle-map-t').textContent = view === 'map' ? '列表' : '地图';
    $('toggle-map').setAttribute('aria-pressed', view === 'map' ? 'true' : 'false');
    if (mapOn()) drawMap();
    if (view === 'map' && !wide) window.scrollTo(0, 0);
  }
  function drawMap() {
    var svg = $('map');
    Promise.all([load('outlines'), load('stations'), load('places').catch(function () { return null; })]).then(function () {
      if (!M.drawn) buildMap(svg);
      fit();
      placeOverlay();
    }, function () { $('map-note').textContent = '地图数据读取失败：请联网后再打开地图。'; });
  }
  function pathOf(geom) {
    var d = '';
    var polys = geom.type === 'MultiPolygon' ? geom.coordinates : [geom.coordinates];
    polys.forEach(function (poly) {
      poly.forEach(function (ring) {
        ring.forEach(function (c, i) { d += (i ? 'L' : 'M') + mx(c[0]).toFixed(5) + ' ' + my(c[1]).toFixed(5); });
        d += 'Z';
      });
    });
    return d;
  }
  function buildMap(svg) {
    M.drawn = true;
    var base = svgEl('g', { id: 'map-base' });
    var b = { w: Infinity, e: -Infinity, s: Infinity, n: -Infinity };
    S.data.outlines.features.forEach(function (f) {
      var district = f.properties.kind === 'district';
      var p = svgEl('path', { d: pathOf(f.geometry), class: district ? 'district' : 'township',
                              'vector-effect': 'non-scaling-stroke' });
      base.appendChild(p);
      if (district) {
        (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : [f.geometry.coordinates]).forEach(function (poly) {
          poly[0].forEach(function (c) {
            b.w = Math.min(b.w, c[0]); b.e = Math.max(b.e, c[0]);
            b.s = Math.min(b.s, c[1]); b.n = Math.max(b.n, c[1]);
          });
        });
      }
    });
    if (!isFinite(b.w)) b = { w: 119.9, e: 120.75, s: 29.85, n: 30.4 };
    M.bounds = b;
    svg.appendChild(base);
    svg.appendChild(svgEl('g', { id: 'map-over' }));
    bindMap(svg);
  }
  function fit() {
    var svg = $('map'), r = svg.getBoundingClientRect();
    M.w = r.width || 360; M.h = r.height || 400;
    svg.setAttribute('viewBox', '0 0 ' + M.w + ' ' + M.h);
    var pts = [];
    if (S.origin && S.results && S.results.length) {
      pts.push(S.origin);
      S.results.slice(0, 3).forEach(function (h) { if (h.lon !== null) pts.push(h); });
    }
    var b = M.bounds;
    var w = b.w, e = b.e, s = b.s, n = b.n;
    if (pts.length > 1) {
      w = Math.min.apply(null, pts.map(function (p) { return p.lon; }));
      e = Math.max.apply(null, pts.map(function (p) { return p.lon; }));
      s = Math.min.apply(null, pts.map(function (p) { return p.lat; }));
      n = Math.max.apply(null, pts.map(function (p) { return p.lat; }));
    }
    var x0 = mx(w), x1 = mx(e), y0 = my(n), y1 = my(s);
    var pad = 36;
    /* at least about 4 km across: a street plan it is not */
    var sc = Math.min((M.w - 2 * pad) / Math.max(x1 - x0, 0.04), (M.h - 2 * pad) / Math.max(y1 - y0, 0.04));
    M.s = sc;
    M.tx = M.w / 2 - (x0 + x1) / 2 * sc;
    M.ty = M.h / 2 - (y0 + y1) / 2 * sc;
    apply();
  }
  function apply() {
    var base = $('map-base');
    if (!base) return;
    base.setAttribute('transform', 'translate(' + M.tx + ' ' + M.ty + ') scale(' + M.s + ')');
    $('map').dataset.scale = M.s.toFixed(3);
    placeOverlay();
  }
  function screen(lon, lat) { return { x: mx(lon) * M.s + M.tx, y: my(lat) * M.s + M.ty }; }
  function placeOverlay() {
    var over = $('map-over');
    if (!over) return;
    over.textContent = '';
    var ranks = {};
    (S.results || []).forEach(function (h) { ranks[h.id] = h.rank; });
    /* township names, those that fit */
    var placed = [];
    if (S.data.places) S.data.places.places.forEach(function (p) {
      if (p.kind !== 'township' || p.lon === null) return;
      var q = screen(p.lon, p.lat), text = p.short_name || p.name;
      var bw = text.length * 14 + 6, box = { x0: q.x - bw / 2, x1: q.x + bw / 2, y0: q.y + 8, y1: q.y + 28 };
      if (box.x1 < 0 || box.x0 > M.w || box.y1 < 0 || box.y0 > M.h) return;
      for (var i = 0; i < placed.length; i++) {
        var o = placed[i];
        if (box.x0 < o.x1 && box.x1 > o.x0 && box.y0 < o.y1 && box.y1 > o.y0) return;
      }
      placed.push(box);
      var t = svgEl('text', { x: q.x, y: q.y + 24, class: 'tname', 'text-anchor': 'middle' });
      t.textContent = text;
      over.appendChild(t);
    });
    /* where from: under the stations (a township's centre holds both) */
    if (S.origin) {
      var o = screen(S.origin.lon, S.origin.lat);
      if (S.origin.accuracy) {
        var r = S.origin.accuracy / (111319.49 * Math.cos(S.origin.lat * Math.PI / 180)) * M.s;
        if (r > 12) over.appendChild(svgEl('circle', { cx: o.x, cy: o.y, r: Math.min(r, 4000), class: 'acc' }));
      }
      over.appendChild(svgEl('circle', { cx: o.x, cy: o.y, r: 10, class: 'me' }));
      var tm = svgEl('text', { x: o.x, y: o.y - 16, 'text-anchor': 'middle', class: 'me-t' });
      tm.textContent = S.origin.source === 'gps' ? '你在这里' : '出发点';
      over.appendChild(tm);
    }
    /* stations, one marker per point */
    var groups = {}, order = [];
    S.data.stations.forEach(function (s) {
      if (s.lon === null || s.closed_on) return;
      var key = s.lon + ',' + s.lat;
      if (!groups[key]) { groups[key] = []; order.push(key); }
      groups[key].push(s);
    });
    var marks = order.map(function (key) {
      var g = groups[key], best = 0;
      g.forEach(function (s) { if (ranks[s.id] && (!best || ranks[s.id] < best)) best = ranks[s.id]; });
      return { key: key, g: g, best: best };
    }).sort(function (a, b) { return (b.best ? 1e6 - b.best : 0) - (a.best ? 1e6 - a.best : 0); });
    marks.forEach(function (m) {
      var s0 = m.g[0], q = screen(s0.lon, s0.lat);
      if (q.x < -30 || q.x > M.w + 30 || q.y < -30 || q.y > M.h + 30) return;
      var approx = core.isApproximate(s0);
      var ids = m.g.map(function (s) { return s.id; });
      var names = m.g.map(function (s) { return s.name; }).join('、');
      var g = svgEl('g', { class: 'mk' + (m.best ? ' hit' : '') + (approx ? ' approx' : ''),
                           transform: 'translate(' + q.x.toFixed(1) + ' ' + q.y.toFixed(1) + ')',
                           role: 'button', tabindex: '0', 'data-ids': ids.join(','),
                           'aria-label': (m.best ? '第 ' + m.best + ' 近：' : m.g.length > 1 ? m.g.length + ' 个驿站：' : '') + names });
      g.appendChild(svgEl('circle', { r: 22, class: 'tap' }));
      g.appendChild(svgEl('circle', { r: m.best ? 13 : 8, class: 'dot' }));
      if (m.best || m.g.length > 1) {
        var t = svgEl('text', { y: 5, 'text-anchor': 'middle', class: 'mk-t' });
        t.textContent = m.best ? String(m.best) : String(m.g.length);
        g.appendChild(t);
      }
      g.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pickMarker(ids); } });
      over.appendChild(g);
    });
    scaleBar(over);
  }
  function scaleBar(over) {
    var lat = S.origin ? S.origin.lat : 30.15;
    var mpp = 111319.49 * Math.cos(lat * Math.PI / 180) / M.s; /* metres per px */
    var nice = [50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000], len = nice[0];
    nice.forEach(function (n) { if (n / mpp <= 110) len = n; });
    var px = len / mpp, y = M.h - 14;
    over.appendChild(svgEl('path', { d: 'M12 ' + (y - 6) + 'v6h' + px.toFixed(1) + 'v-6', class: 'bar' }));
    var t = svgEl('text', { x: 16 + px, y: y, class: 'bar-t' });
    t.textContent = len >= 1000 ? len / 1000 + ' 公里' : len + ' 米';
    over.appendChild(t);
  }
  function zoomAt(px, py, f) {
    var s = Math.max(50, Math.min(M.s * f, 400000));
    f = s / M.s;
    M.tx = px - (px - M.tx) * f;
    M.ty = py - (py - M.ty) * f;
    M.s = s;
    apply();
  }
  function bindMap(svg) {
    var P = M.pointers, start = null, moved = false, downMarker = null;
    function local(e) { var r = svg.getBoundingClientRect(); return { x: e.clientX - r.left, y: e.clientY - r.top }; }
    svg.addEventListener('pointerdown', function (e) {
      P[e.pointerId] = local(e);
      try { svg.setPointerCapture(e.pointerId); } catch (x) { /* synthetic pointers */ }
      var ids = Object.keys(P);
      if (ids.length === 1) {
        moved = false;
        var m = e.target.closest ? e.target.closest('.mk') : null;
        downMarker = m ? m.getAttribute('data-ids').split(',') : null;
        start = { x: P[ids[0]].x, y: P[ids[0]].y, tx: M.tx, ty: M.ty };
      } else if (ids.length === 2) {
        var a = P[ids[0]], b = P[ids[1]];
        start = { d: Math.hypot(a.x - b.x, a.y - b.y) || 1, mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2,
                  s: M.s, tx: M.tx, ty: M.ty };
        moved = true;
      }
      e.preventDefault();
    });
    svg.addEventListener('pointermove', function (e) {
      if (!P[e.pointerId] || !start) return;
      P[e.pointerId] = local(e);
      var ids = Object.keys(P);
      if (ids.length >= 2 && start.d) {
        var a = P[ids[0]], b = P[ids[1]];
        var d = Math.hypot(a.x - b.x, a.y - b.y), cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2;
        var s = Math.max(50, Math.min(start.s * d / start.d, 400000));
        /* the point under the fingers' midpoint stays under it */
        var wx = (start.mx - start.tx) / start.s, wy = (start.my - start.ty) / start.s;
        M.s = s;
        M.tx = cx - wx * s;
        M.ty = cy - wy * s;
        apply();
      } else if (ids.length === 1 && start.x !== undefined) {
        var p = P[ids[0]];
        if (Math.abs(p.x - start.x) + Math.abs(p.y - start.y) > 8) moved = true;
        if (moved) { M.tx = start.tx + p.x - start.x; M.ty = start.ty + p.y - start.y; apply(); }
      }
    });
    function up(e) {
      if (!P[e.pointerId]) return;
      delete P[e.pointerId];
      var ids = Object.keys(P);
      if (!ids.length) {
        if (!moved && downMarker && e.type === 'pointerup') pickMarker(downMarker);
        start = null;
        downMarker = null;
      } else {
        var p = P[ids[0]];
        start = { x: p.x, y: p.y, tx: M.tx, ty: M.ty };
      }
    }
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = local(e);
      zoomAt(p.x, p.y, Math.exp(-e.deltaY * 0.0015));
    }, { passive: false });
    $('zoom-in').addEventListener('click', function () { zoomAt(M.w / 2, M.h / 2, 1.6); });
    $('zoom-out').addEventListener('click', function () { zoomAt(M.w / 2, M.h / 2, 1 / 1.6); });
    $('zoom-fit').addEventListener('click', fit);
    window.addEventListener('resize', function () { if (mapOn()) { fit(); } });
  }
  function pickMarker(ids) {
    var box = $('picked-cards'), now = nowS();
    box.textContent = '';
    ids.forEach(function (id) {
      var h = stationHit(id);
      if (h) box.appendChild(card(h, now, S.data.schedule || null, { prefix: 'picked-' }));
    });
    $('picked-title').textContent = ids.length > 1 ? '此点共 ' + ids.length + ' 个驿站（位置仅到镇街，共用镇街中心）' : '地图上选中的驿站';
    $('picked').hidden = false;
    var first = box.firstChild;
    if (first) { first.scrollIntoView({ block: 'nearest' }); first.focus({ preventScroll: true }); }
  }

  /* ---- service worker: offline after the first visit (http(s) only) ---- */
  function registerWorker() {
    if (!http || !('serviceWorker' in navigator) || window.isSecureContext === false) return;
    navigator.serviceWorker.register('sw.js').then(function () {
      S.worker = 'registered';
    }, function () { S.worker = 'failed'; /* WeChat and others: the page works online */ });
  }

  /* ---- staff mode (issue 21): served by `yijia serve --staff` only ----
   * An enrolment link opens the page at #staff=<token>: the token is sent
   * once to POST /staff/session (which sets an HttpOnly cookie) and dropped
   * from the address at once.  Otherwise a phone that signed in before asks
   * GET /staff/session.  The staff mode itself (the check sheet, the queue
   * of checks waiting to be sent) is staff.js, fetched only in staff mode:
   * a worker's phone never downloads it. */
  var STAFF_KEY = 'yijia-staff-name';
  function staffMarker(name) {
    try {
      if (name === undefined) return localStorage.getItem(STAFF_KEY);
      if (name === null) localStorage.removeItem(STAFF_KEY); else localStorage.setItem(STAFF_KEY, name);
    } catch (e) { /* storage off: the mode lasts as long as the page */ }
    return null;
  }
  var staffScript = null;
  function loadStaff() {
    if (!staffScript) staffScript = new Promise(function (ok, ko) {
      var sc = document.createElement('script');
      sc.src = 'staff.js';
      sc.onload = function () { ok(window.yijiaStaff); };
      sc.onerror = function () { staffScript = null; ko(new Error('staff.js')); };
      document.head.appendChild(sc);
    });
    return staffScript;
  }
  /* the page's internals staff.js builds on */
  var pageApi = {
    S: S, $: $, el: el, icon: icon, say: say, load: load, nowS: nowS,
    AMENITY: AMENITY, card: card, stationHit: stationHit,
    rerender: function () { if (S.origin && S.results) run(); updateShared(); },
    signedOut: function () { staffMarker(null); },
    signedIn: function (name) { staffMarker(name); },
  };
  function staffSession(method, body) {
    return fetch('staff/session', {
      method: method, credentials: 'same-origin', cache: 'no-store',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j, retry: r.headers.get('Retry-After') }; });
    });
  }
  function staffOn(name, csrf, offline) {
    staffMarker(name);
    loadStaff().then(function (st) { st.start(pageApi, { name: name, csrf: csrf, offline: !!offline }); },
      function () { if (!offline) say('核查模式的程序读取失败，请联网后刷新本页。', 'warn'); });
  }
  function staffStart() {
    if (!http) return; /* the static site from a file has no staff mode */
    var m = /^#staff=([A-Za-z0-9_.-]{8,200})$/.exec(location.hash);
    if (m) {
      var token = m[1];
      /* the secret leaves the address bar (and history) at once */
      history.replaceState(history.state, '', location.pathname + location.search);
      var enrol = function () {
        say('正在登记核查身份……', 'busy');
        staffSession('POST', { token: token }).then(function (r) {
          if (r.status === 200 && r.body.name) {
            token = null;
            say('已登记：' + r.body.name + '。在驿站卡片上点「在此核查」。', 'ok');
            staffOn(r.body.name, r.body.csrf);
          } else if (r.status === 429) {
            say('登记尝试太多，请 ' + Math.max(1, Math.ceil((Number(r.retry) || 600) / 60)) + ' 分钟后再打开登记链接。', 'warn');
          } else if (r.status === 404) {
            say('这个网址没有开启核查功能（yijia serve 需加 --staff）。', 'warn');
          } else {
            staffMarker(null);
            say('登记链接无效或已被撤销，请向管理员要一个新的登记链接。', 'warn');
          }
        }, function () {
          say('没有网络，暂时无法登记核查身份；联网后会自动登记。', 'warn');
          window.addEventListener('online', enrol, { once: true });
        });
      };
      enrol();
      return;
    }
    /* a phone that signed in before, or the served page: is the cookie still good? */
    var known = staffMarker();
    probeApi().then(function (served) {
      if (!served && !known) return;
      staffSession('GET').then(function (r) {
        if (r.status === 200 && r.body.name) staffOn(r.body.name, r.body.csrf);
        else if (known && r.status === 401) {
          staffMarker(null);
          loadStaff().then(function (st) { st.expired(pageApi); }, function () {
            say('核查身份已失效，请重新打开登记链接。', 'warn');
          });
        }
      }, function () { if (known) staffOn(known, null, true); /* offline: the queue still works */ });
    });
  }

  /* ---- start ---- */
  function boot() {
    buildChips();
    $('locate').addEventListener('click', locate);
    $('show-search').addEventListener('click', function () {
      var open = $('search').hidden;
      showSearch(open);
      if (open) $('q').focus();
    });
    $('q').addEventListener('input', function () { load('places').then(suggest, function () {}); });
    $('q').addEventListener('keydown', function (e) {
      var items = $('sugg').querySelectorAll('li');
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        if (!items.length) return;
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
        $('q').setAttribute('aria-activedescendant', 'sugg-' + active);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (active >= 0 && sugg[active]) pick(sugg[active]); else submitSearch();
      } else if (e.key === 'Escape') {
        $('sugg').hidden = true;
      }
    });
    $('go').addEventListener('click', submitSearch);
    $('more').addEventListener('click', function () { S.k += PAGE; run(); });
    $('toggle-map').addEventListener('click', function () { setView(S.view === 'map' ? 'list' : 'map'); });
    $('picked-close').addEventListener('click', function () { $('picked').hidden = true; });
    window.matchMedia('(min-width: 1000px)').addEventListener('change', function () { setView(S.view); });
    setView('list');

    var params = new URLSearchParams(location.search);
    sharedId = params.get('s');
    Promise.all([load('stations'), load('schedule').catch(function () { return null; })]).then(function () {
      /* the worker after the data: its copies are then revalidations
       * (304), not a second download on a slow network */
      load('places').then(registerWorker, registerWorker);
      S.ready = true;
      document.body.dataset.ready = '1';
      if (S.origin && !S.results) run();
      updateShared();
    }, function () {
      if (location.protocol === 'file:')
        say('从文件打开时，浏览器不允许本页读取驿站数据。请用网址打开本页（例如工会公众号里的链接）。', 'warn');
    });
    load('places').catch(function () {});
    if (http) probeApi();
    staffStart();
    /* an enrolment link opened in a tab that already shows the page */
    window.addEventListener('hashchange', function () { if (/^#staff=/.test(location.hash)) staffStart(); });
    if (sharedId) $('shared').hidden = false;
    var at = params.get('at'), q = params.get('q');
    if (at) {
      var loc = core.parseLocation(at, 'wgs84');
      if (loc && loc.point) setOrigin({ lon: loc.point.lon, lat: loc.point.lat, label: at, source: 'coords' });
    } else if (q) {
      showSearch(true);
      $('q').value = q;
      submitSearch();
    }
  }
  boot();
}
