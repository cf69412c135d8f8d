// generate.js — seeded generator of opening_hours expressions over the
// subset yijia supports (data/README.md, "opening_hours"), and of the
// instants to evaluate them at, for the differential test (diff.js).
//
// An expression is generated as a tree (rules with their selectors, spans,
// state and comment) and written out as text; the tree is what model.js
// evaluates.  PH is never generated: public holidays and China's make-up
// working days are yijia's own and stay out of the comparison.  Everything
// comes from one seed: expression i of seed s is the same on every run.
'use strict';

// sfc32 seeded by splitmix32 of (seed, stream): independent, repeatable
// streams, one per expression.
function rng(seed, stream) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    function mix() {
        s = (s + 0x9e3779b9) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        return (z ^ (z >>> 16)) >>> 0;
    }
    let a = mix(), b = mix(), c = mix(), d = mix();
    const next = () => {
        const t = (((a + b) >>> 0) + d) >>> 0;
        d = (d + 1) >>> 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) >>> 0;
        c = ((c << 21) | (c >>> 11)) >>> 0;
        c = (c + t) >>> 0;
        return t >>> 0;
    };
    for (let i = 0; i < 12; i++)
        next();
    const r = {
        next,
        int: (lo, hi) => lo + (next() % (hi - lo + 1)), // lo..hi inclusive
        chance: p => next() / 4294967296 < p,
        pick: list => list[next() % list.length],
    };
    return r;
}

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug',
                'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const COMMENTS = ['高温期间延时', '预约开放', 'by appointment', '节假日另行通知',
                  'ring the bell', '午休 12:00-13:00; 周日, 节假日除外'];
// The weekdays stations write most: Mo-Fr, Sa,Su ...
const USUAL_WEEKDAYS = [[[0, 4]], [[5, 5], [6, 6]], [[5, 6]], [[0, 5]],
                        [[6, 6]], [[0, 6]], [[0, 3], [4, 4]]];
// Minutes spans like to start and end on: the quarter hours mostly, and
// the awkward ones (23:xx starts, issue 22; 00:00, 24:00).
function minuteOfDay(r) {
    if (r.chance(0.15))
        return r.pick([0, 23 * 60 + 1, 23 * 60 + 30, 23 * 60 + 59, 12 * 60,
                       r.int(23 * 60, 24 * 60 - 1)]);
    if (r.chance(0.2))
        return r.int(0, 24 * 60 - 1);
    return r.int(0, 95) * 15;
}

// {start, end} in minutes from the day's midnight, end > start (up to
// 2880: 48:00); written out as 02:00 or 26:00, 10:00-10:00 or 10:00-34:00.
function span(r) {
    const start = minuteOfDay(r);
    let end;
    const kind = r.int(0, 99);
    if (kind < 55) {            // ends the same day
        end = start + 15 * r.int(1, 48);
        if (end > 1440)
            end = 1440;
        if (end === start)
            end = 1440;
    } else if (kind < 75) {     // past midnight, written as 02:00
        end = minuteOfDay(r);
    } else if (kind < 90) {     // extended hours: 22:00-26:00, up to 48:00
        end = start + r.int(1, 2880 - start);
        if (r.chance(0.5))
            end = Math.max(1440, Math.min(2880, Math.round(end / 60) * 60));
        if (end <= start)
            end = Math.min(2880, start + 60);
    } else if (kind < 94) {     // 24 hours: 10:00-10:00
        end = start;
    } else {                    // to 24:00 or 48:00 exactly
        end = r.pick([1440, 2880]);
    }
    if (end <= start)
        end += 1440;
    return {start, end: Math.min(end, 2880)};
}

// [{from, to, range}]: Mo (range false), Mo-Fr, Sa-Mo (wraps), Mo-Mo
function weekdaySelector(r) {
    const items = [];
    const n = r.chance(0.7) ? 1 : r.int(2, 3);
    for (let i = 0; i < n; i++) {
        const from = r.int(0, 6);
        if (r.chance(0.55))
            items.push({from, to: r.chance(0.05) ? from : r.int(0, 6),
                        range: true});
        else
            items.push({from, to: from, range: false});
    }
    return items;
}

function dayOf(r, month) {
    if (month === 2 && r.chance(0.3))
        return r.pick([28, 29]);
    if (r.chance(0.25))
        return MONTH_DAYS[month - 1] - (month === 2 ? r.int(0, 1) : 0);
    return r.int(1, MONTH_DAYS[month - 1]);
}

function dateItem(r) {
    const kind = r.int(0, 99);
    if (kind < 30) {                          // Jul, Jul-Aug, Nov-Feb
        const m1 = r.int(1, 12);
        return r.chance(0.4) ? {kind: 'month', m1, m2: m1}
                             : {kind: 'month', m1, m2: r.int(1, 12)};
    }
    if (kind < 45) {                          // Oct 1
        const m1 = r.chance(0.2) ? 2 : r.int(1, 12);
        const d1 = dayOf(r, m1);
        return {kind: 'day', form: 'single', m1, d1, m2: m1, d2: d1};
    }
    if (kind < 65) {                          // Oct 1-7
        const m1 = r.chance(0.2) ? 2 : r.int(1, 12);
        let d1 = dayOf(r, m1), d2 = dayOf(r, m1);
        if (d2 < d1)
            [d1, d2] = [d2, d1];
        return {kind: 'day', form: 'days', m1, d1, m2: m1, d2};
    }
    // Dec 24-Jan 2, Jan 30-Feb 29, Oct 7-Oct 1 (the year round)
    const m1 = r.int(1, 12);
    const d1 = dayOf(r, m1);
    let m2, d2;
    if (r.chance(0.05)) {                     // ends the day before it starts
        const t = new Date(Date.UTC(2024, m1 - 1, d1 - 1));
        m2 = t.getUTCMonth() + 1;
        d2 = t.getUTCDate();
    } else {
        m2 = r.chance(0.15) ? 2 : r.int(1, 12);
        d2 = dayOf(r, m2);
    }
    return {kind: 'day', form: 'full', m1, d1, m2, d2};
}

function comment(r) {
    return r.pick(COMMENTS);
}

function rule(r) {
    const x = {sep: null, always: false, dates: null, weekdays: null,
               spans: null, state: null, comment: null, colon: false};
    const shape = r.int(0, 99);
    if (shape < 4) {
        x.always = true;                      // 24/7
    } else if (shape < 7) {
        x.comment = comment(r);               // "comment" alone
        return x;
    } else if (shape < 10) {
        x.state = r.pick(['off', 'closed', 'open', 'unknown']);
        return x;                             // off alone
    } else {
        if (r.chance(0.3)) {
            x.dates = [dateItem(r)];
            while (x.dates.length < 3 && r.chance(0.2))
                x.dates.push(dateItem(r));
            x.colon = r.chance(0.1);      // Jul-Aug: Mo-Su 06:00-22:00
        }
        if (r.chance(0.3))
            x.weekdays = r.pick(USUAL_WEEKDAYS).map(([from, to]) =>
                ({from, to, range: from !== to}));
        else if (r.chance(0.65))
            x.weekdays = weekdaySelector(r);
        if (r.chance(0.8) || (!x.dates && !x.weekdays)) {
            x.spans = [span(r)];
            while (x.spans.length < 4 && r.chance(0.3))
                x.spans.push(span(r));
        }
        // the colon separates the dates from what follows them
        x.colon = x.colon && !!(x.weekdays || x.spans);
    }
    if (r.chance(0.2))
        x.state = r.pick(['off', 'off', 'closed', 'open', 'unknown']);
    if (r.chance(0.1))
        x.comment = comment(r);
    return x;
}

function expression(seed, index) {
    const r = rng(seed, index);
    const n = r.chance(0.25) ? 1 : r.int(2, r.chance(0.1) ? 8 : 4);
    const rules = [];
    for (let i = 0; i < n; i++) {
        const x = rule(r);
        if (i > 0) {
            // ',' adds a rule; it needs a selector to start with (after ','
            // a time is another span of the rule before)
            x.sep = (x.dates || x.weekdays) && r.chance(0.3) ? ',' : ';';
        }
        rules.push(x);
    }
    return {rules, text: write(rules, r)};
}

// ---- writing an expression ------------------------------------------------

function pad(n) {
    return n < 10 ? '0' + n : String(n);
}

function time(minutes, r) {
    const h = Math.floor(minutes / 60), m = minutes % 60;
    // a one-digit hour (8:00) now and then: both read it
    return (h < 10 && r.chance(0.05) ? String(h) : pad(h)) + ':' + pad(m);
}

function spanText(s, r) {
    let end = s.end;
    // 22:00-02:00 rather than 22:00-26:00, 10:00-10:00 for 10:00-34:00,
    // 22:00-00:00 for 22:00-24:00
    if (end >= 1440 && end - 1440 <= s.start && r.chance(0.6))
        end -= 1440;
    return time(s.start, r) + '-' + time(end, r);
}

function dateText(d, r) {
    const day = n => (n < 10 && r.chance(0.1) ? '0' : '') + n;
    if (d.kind === 'month')
        return d.m1 === d.m2 ? MONTHS[d.m1 - 1]
                             : MONTHS[d.m1 - 1] + '-' + MONTHS[d.m2 - 1];
    if (d.form === 'single')
        return MONTHS[d.m1 - 1] + ' ' + day(d.d1);
    if (d.form === 'days')
        return MONTHS[d.m1 - 1] + ' ' + day(d.d1) + '-' + day(d.d2);
    return MONTHS[d.m1 - 1] + ' ' + day(d.d1) + '-' + MONTHS[d.m2 - 1] + ' ' +
           day(d.d2);
}

// A list's comma, now and then with spaces around it: a list to both.
function comma(r) {
    return r.chance(0.9) ? ',' : r.pick([', ', ' ,', ' , ']);
}

function weekdayText(w, r) {
    return w.map(x => x.range ? WEEKDAYS[x.from] + '-' + WEEKDAYS[x.to]
                              : WEEKDAYS[x.from]).join(comma(r));
}

function ruleText(x, r) {
    const parts = [];
    if (x.always)
        parts.push('24/7');
    if (x.dates)
        parts.push(x.dates.map(d => dateText(d, r)).join(comma(r)) +
                   (x.colon ? ':' : ''));
    if (x.weekdays)
        parts.push(weekdayText(x.weekdays, r));
    if (x.spans)
        parts.push(x.spans.map(s => spanText(s, r))
            .join(r.chance(0.15) ? ', ' : comma(r)));
    if (x.state)
        parts.push(x.state);
    if (x.comment !== null)
        parts.push('"' + x.comment + '"');
    return parts.join(r.chance(0.03) ? '  ' : ' ');
}

function write(rules, r) {
    let text = r.chance(0.02) ? ' ' : '';
    rules.forEach((x, i) => {
        if (i > 0)
            text += x.sep === ',' ? ', '
                                  : r.pick(['; ', '; ', '; ', ';', ' ; ']);
        text += ruleText(x, r);
    });
    return text + (r.chance(0.02) ? ' ' : '');
}

// ---- instants ---------------------------------------------------------------

const YEARS = [2024, 2025, 2026, 2027, 2028];
const SHANGHAI_MS = 8 * 3600 * 1000;

// Unix seconds of local (Asia/Shanghai) y-m-d plus `minute` minutes (which
// may run past the day, or before it when negative).
function unixAt(y, m, d, minute) {
    return (Date.UTC(y, m - 1, d) + minute * 60000 - SHANGHAI_MS) / 1000;
}

function lastDay(y, m) {
    return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function edgeMinutes(expr) {
    const out = [0, 1, 1439];
    for (const x of expr.rules)
        for (const s of x.spans || [])
            for (const t of [s.start, s.end])
                out.push((t + 1440 - 1) % 1440, t % 1440);
    return out;
}

// `n` instants for an expression: random ones, and ones on its own edges
// (span starts and ends and the minute before, the day after a rule's
// weekday, its date ranges' first and last days and their neighbours), at
// midnight, at month ends, around 29 February and at the year end.
function instants(expr, seed, index, n) {
    const r = rng(seed ^ 0x5bd1e995, index);
    const minutes = edgeMinutes(expr);
    const dates = [];
    for (const x of expr.rules)
        for (const d of x.dates || []) {
            if (d.kind === 'month') {
                dates.push([d.m1, 1], [d.m2, 28], [d.m2, 31]);
            } else {
                dates.push([d.m1, d.d1], [d.m2, d.d2]);
            }
        }
    const out = [];
    while (out.length < n) {
        const kind = r.int(0, 99);
        const y = r.pick(YEARS);
        let m = r.int(1, 12), d = r.int(1, lastDay(y, m));
        let minute = r.chance(0.6) ? r.pick(minutes) : r.int(0, 1439);
        if (kind < 25) {
            // random day, edge or random minute
        } else if (kind < 40) {           // month ends, 00:00 and 23:59
            d = lastDay(y, m);
            minute = r.pick([1439, 1440, 1441, 0, minute, minute + 1440]);
        } else if (kind < 52) {           // 29 February, leap and not
            const yy = r.pick([2024, 2025, 2028, 2027]);
            out.push(unixAt(yy, 2, r.pick([28, 29]),
                            r.pick([minute, 1439, 1440, minute + 1440])));
            continue;
        } else if (kind < 60) {           // the year end
            out.push(unixAt(y, 12, 31, r.pick([minute, 1439, 1440,
                                               minute + 1440])));
            continue;
        } else if (kind < 80 && dates.length > 0) {
            const [dm, dd] = r.pick(dates);  // a date range's edges
            const day = Math.min(dd, lastDay(y, dm)) + r.int(-1, 1);
            out.push(unixAt(y, dm, day, minute));
            continue;
        }
        out.push(unixAt(y, m, d, minute));
    }
    return out;
}

module.exports = {rng, expression, instants, unixAt, WEEKDAYS, MONTHS};
