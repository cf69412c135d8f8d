// parse.js — the subset of opening_hours yijia supports, read into the
// tree generate.js makes and model.js evaluates, following src/lib/hours.c
// step by step (so an expression from anywhere — another generator, a
// file — can be compared and its disagreements classified).  Throws on
// anything hours.c refuses; diff.js checks that the two accept the same.
'use strict';

const {WEEKDAYS, MONTHS} = require('./generate.js');
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function parse(text) {
    let p = 0;
    const fail = what => {
        throw new Error(`column ${p + 1}: ${what} in '${text}'`);
    };
    const isDigit = c => c >= '0' && c <= '9';
    const isLetter = c => /^[A-Za-z]$/.test(c || '');
    const spaces = () => {
        while (text[p] === ' ')
            p++;
    };
    const name = (names, at = p) => names.findIndex(
        n => text.startsWith(n, at) && !isLetter(text[at + n.length]));
    const word = (w, at = p) => text.startsWith(w, at) &&
                                !isLetter(text[at + w.length]);
    const number = () => {
        let n = 0, k = 0;
        while (k < 2 && isDigit(text[p])) {
            n = n * 10 + Number(text[p++]);
            k++;
        }
        return k ? n : null;
    };
    const timeOfDay = max => {
        const h = number();
        if (h === null || text[p] !== ':' || !isDigit(text[p + 1]) ||
            !isDigit(text[p + 2]))
            fail('expected a time');
        const m = Number(text.substr(p + 1, 2));
        if (m > 59 || h * 60 + m > max)
            fail('not a time of day');
        p += 3;
        return h * 60 + m;
    };
    // past a ',' at p, with spaces around it or not; -1 if there is none
    const afterComma = () => {
        let q = p;
        while (text[q] === ' ')
            q++;
        if (text[q] !== ',')
            return -1;
        q++;
        while (text[q] === ' ')
            q++;
        return q;
    };
    // a ',' before something of `names`: the list goes on, as
    // opening_hours.js reads "Mo, Tu"
    const listGoesOn = names => {
        const q = afterComma();
        if (q < 0 || name(names, q) < 0)
            return false;
        p = q;
        return true;
    };
    const monthDay = () => {
        const m = name(MONTHS);
        if (m < 0)
            fail('expected a month');
        p += 3;
        if (text[p] === ' ' && isDigit(text[p + 1]) &&
            !(text[p + 2] === ':' && isDigit(text[p + 3])) &&
            !(isDigit(text[p + 2]) && text[p + 3] === ':' &&
              isDigit(text[p + 4]))) {
            p++;
            const d = number();
            if (d < 1 || d > MONTH_DAYS[m])
                fail('not a day of the month');
            return {m: m + 1, d};
        }
        return {m: m + 1, d: null};
    };
    const dates = () => {
        const out = [];
        do {
            const a = monthDay();
            if (text[p] !== '-') {
                out.push(a.d === null ? {kind: 'month', m1: a.m, m2: a.m}
                                      : {kind: 'day', form: 'single', m1: a.m,
                                         d1: a.d, m2: a.m, d2: a.d});
                continue;
            }
            p++;
            if (a.d !== null && isDigit(text[p])) {
                const d2 = number();
                if (d2 < 1 || d2 > MONTH_DAYS[a.m - 1])
                    fail('not a day of the month');
                if (d2 < a.d)
                    fail('the days run backwards');
                out.push({kind: 'day', form: 'days', m1: a.m, d1: a.d,
                          m2: a.m, d2});
                continue;
            }
            const b = monthDay();
            if ((a.d === null) !== (b.d === null))
                fail('give days at both ends or at neither');
            out.push(a.d === null ? {kind: 'month', m1: a.m, m2: b.m}
                                  : {kind: 'day', form: 'full', m1: a.m,
                                     d1: a.d, m2: b.m, d2: b.d});
        } while (listGoesOn(MONTHS));
        return out;
    };
    const weekdays = () => {
        const out = [];
        do {
            if (word('PH') || word('SH')) {
                const e = new Error(`column ${p + 1}: PH is yijia's own, ` +
                                    `not compared, in '${text}'`);
                e.holiday = true;
                throw e;
            }
            const a = name(WEEKDAYS);
            if (a < 0)
                fail('expected a weekday');
            p += 2;
            if (text[p] === '[')
                fail('nth weekdays');
            if (text[p] === '-') {
                p++;
                const b = name(WEEKDAYS);
                if (b < 0)
                    fail('expected a weekday');
                p += 2;
                out.push({from: a, to: b, range: true});
            } else {
                out.push({from: a, to: a, range: false});
            }
        } while (listGoesOn(WEEKDAYS));
        return out;
    };
    const selectorColon = () => {
        spaces();
        if (text[p] === ':') {
            p++;
            spaces();
            return true;
        }
        return false;
    };
    const spans = () => {
        const out = [];
        for (;;) {
            if (out.length === 8)
                fail('too many time spans');
            const start = timeOfDay(1439);
            if (text[p] !== '-')
                fail('expected \'-\'');
            p++;
            let end = timeOfDay(2880);
            if (end <= start)
                end += 1440;
            if (text[p] === '+')
                fail('open ends');
            out.push({start, end});
            const q = afterComma();
            if (q >= 0 && isDigit(text[q]) && !text.startsWith('24/7', q))
                p = q;
            else
                return out;
        }
    };
    const rule = () => {
        const x = {sep: null, always: false, dates: null, weekdays: null,
                   spans: null, state: null, comment: null, colon: false};
        const start = p;
        spaces();
        if (text.startsWith('24/7', p)) {
            p += 4;
            x.always = true;
        } else {
            if (name(MONTHS) >= 0) {
                x.dates = dates();
                x.colon = selectorColon();
            }
            if (name(WEEKDAYS) >= 0 || word('PH') || word('SH')) {
                x.weekdays = weekdays();
                selectorColon();
            }
            if (isDigit(text[p]))
                x.spans = spans();
        }
        spaces();
        for (const s of ['off', 'closed', 'open', 'unknown'])
            if (word(s)) {
                x.state = s;
                p += s.length;
                break;
            }
        spaces();
        if (text[p] === '"') {
            const end = text.indexOf('"', p + 1);
            if (end < 0)
                fail('a comment needs its closing \'"\'');
            x.comment = text.slice(p + 1, end);
            p = end + 1;
            spaces();
        }
        if (p === start || (!x.always && !x.dates && !x.weekdays &&
                            !x.spans && !x.state && x.comment === null))
            fail('expected a rule');
        return x;
    };

    spaces();
    if (p === text.length)
        fail('empty');
    const rules = [];
    let sep = null;
    for (;;) {
        if (rules.length === 16)
            fail('more than 16 rules');
        const x = rule();
        x.sep = sep;
        rules.push(x);
        if (p === text.length)
            break;
        if (text[p] !== ';' && text[p] !== ',')
            fail('expected \';\' or \',\'');
        sep = text[p++];
        spaces();
        if (p === text.length)
            fail('a rule must follow the separator');
    }
    return {rules, text};
}

module.exports = {parse};
