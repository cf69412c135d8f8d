/* sw.js — the phone page's service worker: after the first visit the page,
 * its stations, gazetteer, opening spans and map outlines are kept in the
 * browser, so the page answers with the network off.  Registered only over
 * http(s) (app.js); a browser without service workers (WeChat's, a page
 * opened from a file) simply works online.
 *
 * Page files and data: network first (a rebuilt database or a new page is
 * seen at once when online), the kept copy when the network fails.  The API
 * (/api/) is never kept: its answers depend on the moment; offline the page
 * ranks from the kept data itself.  Nor is anything of the staff mode's
 * server side (/staff/: sessions, checks): never cached, never answered
 * from here.  staff.js (fetched only in staff mode) is kept once fetched,
 * so a signed-in phone opens its staff mode offline; a worker's phone never
 * downloads it. */
'use strict';
var CACHE = 'yijia-page-v1';
var FILES = [
  './', 'app.js', 'style.css', 'manifest.webmanifest', 'icon.svg',
  'data/stations.json', 'data/places.json', 'data/schedule.json', 'data/outlines.json',
];
var ON_USE = ['staff.js']; /* kept when the page fetches them, not at install */

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    /* revalidated: an unchanged file costs only its headers (ETag) */
    return Promise.all(FILES.map(function (f) {
      return fetch(new Request(f, { cache: 'no-cache' })).then(function (r) {
        if (r.ok) return cache.put(f, r);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

/* staff.js asks to be kept (the page that fetched it was not yet under
 * this worker on its first visit) */
self.addEventListener('message', function (event) {
  var name = event.data && event.data.keep;
  if (ON_USE.indexOf(name) < 0) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.add(name); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('yijia-page-') === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(request) {
  var url = new URL(request.url), scope = new URL(self.registration.scope);
  var path = url.pathname.slice(scope.pathname.length);
  /* the page under any of its URLs (?s=XS001, ?at=, ?q=, index.html) */
  if (request.mode === 'navigate' || path === '' || path === 'index.html')
    return caches.match('./', { cacheName: CACHE });
  return caches.match(path, { cacheName: CACHE });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url), scope = new URL(self.registration.scope);
  if (url.origin !== scope.origin || url.pathname.indexOf(scope.pathname) !== 0) return;
  var path = url.pathname.slice(scope.pathname.length);
  if (/^(api|ogcapi|staff)(\/|$)/.test(path)) return; /* live answers only */
  var isPage = request.mode === 'navigate' || path === '' || path === 'index.html';
  var name = isPage ? './' : path;
  if (!isPage && FILES.indexOf(path) < 0 && ON_USE.indexOf(path) < 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !url.search || response.ok && isPage) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(name, copy); });
    }
    return response;
  }, function () {
    return kept(request).then(function (r) {
      return r || new Response('离线，且本机还没有保存这个文件', {
        status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    });
  }));
});
