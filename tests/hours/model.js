// model.js — the classification of disagreements, by rule, in code.
//
// One evaluator of an expression (the tree of generate.js and parse.js)
// with a switch for each documented difference between yijia and
// opening_hours.js (data/README.md, "Checked against opening_hours.js").
// With every switch off it is yijia's semantics (src/lib/hours.c), with
// every switch on opening_hours.js's (as its getStatePair and parsers read
// this subset).  diff.js checks both ends against the two programs on
// every comparison, so the model cannot drift from either; a disagreement
// is then put in the category of the smallest set of switches that turns
// yijia's answer into opening_hours.js's.
'use strict';

// The documented categories, in the order they are tried.
const CATEGORIES = [
    {id: 'next-day-rule',
     title: 'a span past midnight against the next day\'s rules'},
    {id: 'own-day-rule',
     title: 'a later rule for the day a span past midnight starts on'},
    {id: 'rule-without-days',
     title: 'a ";" rule without days after rules with days'},
    {id: 'comment-without-state',
     title: 'a comment without open/off/unknown'},
    {id: 'date-arithmetic',
     title: '29 February and year-round date ranges'},
    {id: 'date-lists',
     title: 'a list of dates that mixes months and days'},
];

const SHANGHAI_MS = 8 * 3600 * 1000;

// ---- the expression, normalised once ----------------------------------------

function weekdayMask(items) {
    let mask = 0;
    for (const w of items)
        for (let i = w.from;; i = (i + 1) % 7) {
            mask |= 1 << i;
            if (i === w.to)
                break;
        }
    return mask;
}

// The rules as both read them: spans as [start, end) minutes from the
// day's midnight (end ≤ 2880; none given: the whole day), the state yijia
// gives the rule and the one opening_hours.js gives it.
function normalise(expr) {
    return expr.rules.map(x => {
        const hasDays = !!(x.dates || x.weekdays);
        const spans = x.spans ? x.spans.map(s => [s.start, s.end])
                              : [[0, 1440]];
        const bare = !x.always && !hasDays && !x.spans && !x.state;
        return {
            additive: x.sep === ',',
            dates: x.dates,
            mask: x.weekdays ? weekdayMask(x.weekdays) : 0x7f,
            hasDays,
            timed: !!x.spans,
            spans,
            wraps: spans.some(s => s[1] > 1440),
            // yijia: a comment alone says nothing certain; with selectors,
            // times or 24/7 the rule is open unless it says otherwise
            stateY: x.state ? canon(x.state)
                            : bare && x.comment !== null ? 'unknown' : 'open',
            // opening_hours.js: a comment without a state is unknown
            stateO: x.state ? canon(x.state)
                            : x.comment !== null ? 'unknown' : 'open',
        };
    });
}

function canon(state) {
    return state === 'off' ? 'closed' : state;
}

// ---- dates ------------------------------------------------------------------

// Local (Asia/Shanghai) civil date of a day number (days since 1970-01-01).
function civil(day) {
    const t = new Date(day * 86400000);
    return {y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(),
            wd: (t.getUTCDay() + 6) % 7};
}

// yijia: month*100+day compared with the range's ends; a range whose end
// is before its start wraps over the new year; a month range runs to the
// 31st of its last month.
function dateMatchesY(item, c) {
    const md = c.m * 100 + c.d;
    const from = item.m1 * 100 + (item.kind === 'month' ? 1 : item.d1);
    const to = item.m2 * 100 + (item.kind === 'month' ? 31 : item.d2);
    return from <= to ? md >= from && md <= to : md >= from || md <= to;
}

// opening_hours.js (parseMonthRange, parseMonthdayRange): months by
// number; a range with both months from new Date(y, m1, d1) to new
// Date(y, m2, d2 + 1) of the instant's year, swapped and inverted when it
// runs backwards (Feb 29 of a common year is 1 March there, and a range
// ending the day before it starts is empty); a range within a month is
// never true in February when it reaches the 29th (the day after is not
// the 30th), and Feb 29 alone only in leap years.
function dateMatchesO(item, c) {
    const y = c.y;
    const at = Date.UTC(c.y, c.m - 1, c.d);
    if (item.kind === 'month') {
        let from = item.m1 - 1, to = item.m2 - 1, inside = true;
        if (to < from) {
            [from, to] = [to + 1, from - 1];
            inside = false;
        }
        if (to < from)
            return !inside;
        const m = c.m - 1;
        return m < from || m > to ? !inside : inside;
    }
    if (item.form === 'full') {
        let from = Date.UTC(y, item.m1 - 1, item.d1);
        let to = Date.UTC(y, item.m2 - 1, item.d2 + 1);
        let inside = true;
        if (to < from) {
            [from, to] = [to, from];
            inside = false;
        }
        if (at < from)
            return !inside;
        if (at < to)
            return inside;
        return !inside;
    }
    const month = item.m1 - 1;
    const from = new Date(Date.UTC(y, month, item.d1));
    if (month === 1 && item.d1 !== from.getUTCDate())
        return false;
    const to = new Date(Date.UTC(y, month, item.d2 + 1));
    if (month === 1 && item.form === 'days' && item.d2 + 1 !== to.getUTCDate())
        return false;
    return at >= from.getTime() && at < to.getTime();
}

// opening_hours.js puts the items of a date list in two selectors, which a
// day must both match: its month ranges ("month") and its day ranges
// ("monthday") — except that its parsers, calling each other along the
// list, put the months after a day item with the days, and the days after
// a month item with the months (parseMonthRange, parseMonthdayRange).  So
// "Jul,Dec 5-Nov 18,Apr" is (Jul or Dec 5-Nov 18) and Apr.
function dateGroups(items) {
    let initial = true;
    return items.map((item, k) => {
        if (k > 0 && item.kind !== items[k - 1].kind)
            initial = false;
        return (item.kind === 'month') === initial ? 'month' : 'monthday';
    });
}

// Whether rule r applies on day `day`.
function matches(r, day, switches) {
    const c = civil(day);
    if (!(r.mask & (1 << c.wd)))
        return false;
    if (!r.dates)
        return true;
    const f = switches.has('date-arithmetic') ? dateMatchesO : dateMatchesY;
    if (!switches.has('date-lists'))
        return r.dates.some(item => f(item, c));
    const groups = dateGroups(r.dates);
    return ['month', 'monthday'].every(g => {
        const mine = r.dates.filter((_, k) => groups[k] === g);
        return mine.length === 0 || mine.some(item => f(item, c));
    });
}

// ---- which rules replace earlier ones ------------------------------------

// yijia: a ';' rule replaces what earlier rules said about its days,
// unless it is off with times (those times close, the rest stands).
// opening_hours.js: no off rule replaces anything, but one without times
// closes the whole day, which comes to the same but for the day's own
// spans past midnight (own-day-rule); and a rule without days of its own
// replaces only when it is open and follows a rule without days
// (rule-without-days).
function replaces(rules, i, switches) {
    const r = rules[i];
    if (r.additive)
        return false;
    const state = stateOf(r, switches);
    if (state === 'closed' && r.timed)
        return false;
    if (switches.has('rule-without-days') && !r.hasDays &&
        !(i > 0 && state === 'open' && !rules[i - 1].hasDays))
        return false;
    return true;
}

function stateOf(r, switches) {
    return switches.has('comment-without-state') ? r.stateO : r.stateY;
}

// ---- the state at an instant ---------------------------------------------

const RANK = {closed: 0, unknown: 1, open: 2};

// Paint the parts of `list` ([rule, from, to] with spans shifted by
// `shift`) over minute m, last one winning; 'closed' where none does.
function paint(list, m, switches) {
    let state = 'closed';
    for (const [r, shift] of list)
        for (const [s, e] of r.spans)
            if (m >= s - shift && m < e - shift) {
                state = stateOf(r, switches);
                break;
            }
    return state;
}

// The state at local minute `m` of day `day`, under `switches` (a Set of
// category ids; empty: yijia, all: opening_hours.js).
function stateAt(rules, day, m, switches) {
    // the rules of the day before whose spans past midnight still stand:
    // yijia drops them when a later rule replaces that day (its own spans
    // belong to it); opening_hours.js keeps them (own-day-rule)
    const before = [];
    for (let i = 0; i < rules.length; i++) {
        if (!matches(rules[i], day - 1, switches))
            continue;
        if (replaces(rules, i, switches) && !switches.has('own-day-rule'))
            before.length = 0;
        before.push(i);
    }
    const spill = before.filter(i => rules[i].wraps);

    if (!switches.has('next-day-rule')) {
        // yijia: the day's own rules, then the spill-over: open wins,
        // then unknown
        const today = [];
        for (let i = 0; i < rules.length; i++) {
            if (!matches(rules[i], day, switches))
                continue;
            if (replaces(rules, i, switches))
                today.length = 0;
            today.push([rules[i], 0]);
        }
        const a = paint(today, m, switches);
        const b = paint(spill.map(i => [rules[i], 1440]), m, switches);
        return RANK[a] >= RANK[b] ? a : b;
    }
    // opening_hours.js: the spill-over is a rule of its own right after the
    // rule it comes from, which a later rule of the day replaces or
    // overrides like any other
    const list = [];
    for (let i = 0; i < rules.length; i++) {
        if (matches(rules[i], day, switches)) {
            if (replaces(rules, i, switches))
                list.length = 0;
            list.push([rules[i], 0]);
        }
        if (spill.includes(i))
            list.push([rules[i], 1440]);
    }
    return paint(list, m, switches);
}

// The state of expression tree `expr` at Unix time `t` (seconds).
function evaluate(rules, t, switches) {
    const local = t * 1000 + SHANGHAI_MS;
    const day = Math.floor(local / 86400000);
    const m = Math.floor((local - day * 86400000) / 60000);
    return stateAt(rules, day, m, switches);
}

const NONE = new Set();
const ALL = new Set(CATEGORIES.map(c => c.id));

// Subsets of the categories by size, then in CATEGORIES order.
const SUBSETS = (() => {
    const ids = CATEGORIES.map(c => c.id), out = [];
    for (let mask = 1; mask < 1 << ids.length; mask++)
        out.push(ids.filter((_, i) => mask & (1 << i)));
    out.sort((a, b) => a.length - b.length);
    return out;
})();

// The category of a disagreement: the ids of the smallest set of switches
// that gives opening_hours.js's answer `peer`, joined with '+'; null when
// none does.
function classify(rules, t, peer) {
    for (const ids of SUBSETS)
        if (evaluate(rules, t, new Set(ids)) === peer)
            return ids.join('+');
    return null;
}

module.exports = {CATEGORIES, normalise, evaluate, classify, NONE, ALL};
