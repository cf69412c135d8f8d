/* sw.js — the phone page's service worker (placeholder). */
'use strict';
