/* app.js — the phone page (placeholder until the page lands). */
'use strict';
