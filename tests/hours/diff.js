#!/usr/bin/env node
// diff.js — yijia's opening_hours evaluator against opening_hours.js, the
// most used implementation of the format: the same expressions, the same
// instants, in Asia/Shanghai.
//
//   node diff.js --harness PATH [--seed N] [--comparisons N]
//                [--per-expression K] [--expressions FILE] [--examples N]
//
// Expressions come from generate.js (seeded; or one per line of FILE), over
// the subset yijia supports without PH (public holidays and China's
// make-up working days are yijia's own: no PH is generated, and yijia is
// evaluated without a holiday calendar).  Each is evaluated by yijia
// through hours_eval (one process per batch, through a pipe) and by
// opening_hours.js at K instants (generate.js: random ones, its own span
// edges, midnight, month ends, 29 February, the year end).  Every
// disagreement is classified by model.js into the categories of
// data/README.md.  Exit 1 when a value is refused by one and not the
// other (outside the documented shapes), a disagreement falls in no
// category, or the model does not give either program's answer; 2 on bad
// arguments; 77 when the npm package is not installed.
'use strict';
process.env.TZ = 'Asia/Shanghai';

const fs = require('fs');
const path = require('path');
const {spawnSync} = require('child_process');
const gen = require('./generate.js');
const {parse} = require('./parse.js');
const model = require('./model.js');

let OpeningHours;
try {
    OpeningHours = require('opening_hours');
} catch (e) {
    console.error('diff: the npm package opening_hours is not installed ' +
                  '(tools/setup runs npm ci in tests/hours)');
    process.exit(77);
}

// The example of each category in data/README.md: they must disagree, and
// in that category, on every run (those without an instant: refused by
// opening_hours.js, read by yijia, in that category).
const EXAMPLES = [
    ['next-day-rule', 'Mo,Tu 09:00-05:15; We 11:30-09:30', '2025-10-15 05:00'],
    ['own-day-rule', 'Mo 20:00-02:00; Mo 10:00-12:00', '2025-10-14 01:00'],
    ['rule-without-days', 'Mo-Fr 08:00-17:00; 10:00-12:00',
     '2025-10-13 09:00'],
    ['comment-without-state', 'Mo-Fr 08:00-17:00 "预约开放"',
     '2025-10-13 09:00'],
    ['date-arithmetic', 'Jan 30-Feb 29 10:00-12:00', '2025-03-01 11:00'],
    ['date-lists', 'Jan,Oct 1-7,Jul-Aug 09:00-17:00', '2025-07-15 10:00'],
    ['comma-after-selectors', 'We, Dec 15-Oct 31 02:30-09:45', null],
    ['comma-after-selectors', '24/7, Mo 10:00-12:00 off', null],
    ['colon-after-listed-day', 'Jul,Aug 17: 10:00-12:00', null],
];

// The documented categories of values yijia reads and opening_hours.js
// refuses (data/README.md), by the shape of the value:
const REFUSED = [
    // a ',' right after a rule of selectors alone (days, or 24/7: no
    // times, state or comment), which opening_hours.js does not take for
    // an additional rule; same-kind lists (Mo, Tu) are lists to both
    ['comma-after-selectors', tree => tree.rules.some((x, i) =>
        i > 0 && x.sep === ',' && !tree.rules[i - 1].spans &&
        !tree.rules[i - 1].state && tree.rules[i - 1].comment === null)],
    // the readability colon and a time right after a day that follows a
    // month alone in a date list (Jul,Aug 17: 10:00-12:00), which
    // opening_hours.js takes for the time 17:10
    ['colon-after-listed-day', tree => tree.rules.some(x => {
        const d = x.dates;
        return x.colon && !x.weekdays && d && d.length >= 2 &&
            d[d.length - 1].kind === 'day' &&
            d[d.length - 1].form === 'single' &&
            d[d.length - 2].kind === 'month';
    })],
];

function usage(message) {
    console.error(`diff: ${message}\nusage: node diff.js --harness PATH ` +
                  '[--seed N] [--comparisons N] [--per-expression K] ' +
                  '[--expressions FILE] [--examples N]');
    process.exit(2);
}

function options(argv) {
    const o = {seed: 22, comparisons: 5000, perExpression: 40, examples: 3};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i], v = argv[i + 1];
        const int = () => {
            if (v === undefined || !/^[0-9]+$/.test(v) || Number(v) > 2 ** 31)
                usage(`${a}: expected a number, got '${v}'`);
            i++;
            return Number(v);
        };
        if (a === '--harness') { o.harness = v; i++; }
        else if (a === '--expressions') { o.file = v; i++; }
        else if (a === '--seed') o.seed = int();
        else if (a === '--comparisons') o.comparisons = int();
        else if (a === '--per-expression') o.perExpression = int();
        else if (a === '--examples') o.examples = int();
        else usage(`unknown argument '${a}'`);
    }
    if (!o.harness)
        usage('--harness is required');
    if (o.perExpression < 1)
        usage('--per-expression must be at least 1');
    return o;
}

function localText(t) {
    const d = new Date(t * 1000);
    const p = n => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
           `${p(d.getHours())}:${p(d.getMinutes())} ` +
           ['Su', 'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa'][d.getDay()];
}

function unixOf(local) {
    const [date, hm] = local.split(' ');
    const [y, m, d] = date.split('-').map(Number);
    const [h, mi] = hm.split(':').map(Number);
    return gen.unixAt(y, m, d, h * 60 + mi);
}

// opening_hours.js's state at Unix time t.
function peerState(oh, t) {
    const date = new Date(t * 1000);
    return oh.getUnknown(date) ? 'unknown' : oh.getState(date) ? 'open'
                                                               : 'closed';
}

// yijia's answers for [{text, times}] in one hours_eval process.
function yijia(harness, batch) {
    let input = '';
    for (const c of batch) {
        input += `E\t${c.text}\n`;
        for (const t of c.times)
            input += `T\t${t}\n`;
    }
    const r = spawnSync(harness, [], {input, maxBuffer: 1 << 30,
                                      encoding: 'utf8'});
    if (r.error || r.status !== 0) {
        console.error(`diff: ${harness} failed: ` +
                      (r.error ? r.error.message : r.stderr.trim()));
        process.exit(1);
    }
    const lines = r.stdout.split('\n');
    let at = 0;
    return batch.map(c => {
        const head = lines[at++];
        return {error: head === 'ok' ? null : head.replace(/^error\t/, ''),
                states: c.times.map(() => lines[at++])};
    });
}

function main() {
    const o = options(process.argv.slice(2));
    if (new Date(0).getTimezoneOffset() !== -480) {
        console.error('diff: the time zone Asia/Shanghai is not available');
        process.exit(1);
    }
    const started = process.hrtime.bigint();
    const counts = new Map();       // category → count
    const firsts = new Map();       // category → examples
    const failures = [];
    let expressions = 0, comparisons = 0, agreements = 0, skipped = 0;
    const refused = new Map();      // category → [count, example]
    let holidays = 0;

    const fail = (kind, text, detail) => {
        failures.push({kind, text, detail});
    };
    const note = (category, text, t, y, p) => {
        counts.set(category, (counts.get(category) || 0) + 1);
        const list = firsts.get(category) || [];
        if (list.length < o.examples)
            list.push(`${text}  @ ${localText(t)}: yijia ${y}, ` +
                      `opening_hours.js ${p}`);
        firsts.set(category, list);
    };

    // the documented examples first
    const examples = EXAMPLES.map(([category, text, at]) =>
        ({category, text, times: at ? [unixOf(at)] : []}));
    // then the generated expressions (or a file's)
    const file = o.file ? fs.readFileSync(o.file, 'utf8').split('\n')
        .filter(l => l.trim() !== '') : null;
    let index = 0;
    const nextCase = () => {
        if (file && index >= file.length)
            return null;
        const i = index++;
        const text = file ? file[i] : gen.expression(o.seed, i).text;
        let tree = null;
        try {
            tree = parse(text);
        } catch (e) {
            // yijia's parser decides; hours_eval says whether it agrees
        }
        const times = gen.instants(tree || {rules: []}, o.seed, i,
                                   o.perExpression);
        return {text, tree, times};
    };

    const check = (c, answer, isExample) => {
        let oh = null, peerError = null;
        let tree = c.tree;
        if (!tree) {
            try {
                tree = parse(c.text);
            } catch (e) {
                if (e.holiday) {        // PH: yijia's own, not compared
                    holidays++;
                    return;
                }
            }
        }
        try {
            oh = new OpeningHours(c.text, null, {mode: 0,
                                                 tag_key: 'opening_hours'});
        } catch (e) {
            peerError = String(e).split('\n')[0];
        }
        expressions++;
        if (answer.error !== null && peerError !== null) {
            skipped++;                  // refused by both: not compared
            return;
        }
        if (answer.error !== null) {
            fail('refused by yijia, read by opening_hours.js', c.text,
                 answer.error);
            return;
        }
        if (!tree) {
            try {
                tree = parse(c.text);
            } catch (e) {
                fail('read by yijia, not by parse.js', c.text, e.message);
                return;
            }
        }
        if (peerError !== null) {
            const known = REFUSED.find(([, shape]) => shape(tree));
            if (isExample && (!known || known[0] !== c.category))
                fail('an example of data/README.md is not in its category',
                     c.text, `${known ? known[0] : 'none'}, not ` +
                             c.category);
            if (known) {
                const [n, example] = refused.get(known[0]) || [0, c.text];
                refused.set(known[0], [n + 1, example]);
            } else {
                fail('read by yijia, refused by opening_hours.js', c.text,
                     peerError);
            }
            return;
        }
        if (isExample && c.times.length === 0)
            fail('an example of data/README.md is read by both', c.text,
                 c.category);
        const rules = model.normalise(tree);
        c.times.forEach((t, k) => {
            const y = answer.states[k], p = peerState(oh, t);
            comparisons++;
            const my = model.evaluate(rules, t, model.NONE);
            const mp = model.evaluate(rules, t, model.ALL);
            if (my !== y)
                fail('model.js does not give yijia\'s answer', c.text,
                     `${localText(t)}: yijia ${y}, model ${my}`);
            if (mp !== p)
                fail('model.js does not give opening_hours.js\'s answer',
                     c.text, `${localText(t)}: opening_hours.js ${p}, ` +
                             `model ${mp}`);
            if (y === p) {
                agreements++;
                if (isExample)
                    fail('an example of data/README.md agrees', c.text,
                         `${localText(t)}: both ${y} (${c.category})`);
                return;
            }
            const category = model.classify(rules, t, p) || 'unclassified';
            if (category === 'unclassified')
                fail('a disagreement in no category', c.text,
                     `${localText(t)}: yijia ${y}, opening_hours.js ${p}`);
            if (isExample && category !== c.category)
                fail('an example of data/README.md is not in its category',
                     c.text, `${category}, not ${c.category}`);
            note(category, c.text, t, y, p);
        });
    };

    yijia(o.harness, examples).forEach((a, k) => check(examples[k], a, true));
    const target = comparisons + o.comparisons;
    const BATCH = 500;
    let done = false;
    while (!done && comparisons < target) {
        const batch = [];
        let planned = comparisons;
        while (planned < target) {
            const c = nextCase();
            if (c === null) {
                done = true;
                break;
            }
            batch.push(c);
            planned += c.times.length;
            if (batch.length === BATCH)
                break;
        }
        if (batch.length === 0)
            break;
        yijia(o.harness, batch).forEach((a, k) => check(batch[k], a, false));
    }

    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const disagreements = comparisons - agreements;
    console.log(`hours diff: seed ${o.seed}` +
                (o.file ? `, expressions from ${path.basename(o.file)}` : '') +
                `, opening_hours.js ${require('opening_hours/package.json')
                    .version}, Asia/Shanghai`);
    const peerOnly = [...refused.values()].reduce((n, [k]) => n + k, 0);
    console.log(`  expressions ${expressions} (${holidays} with PH left ` +
                `out, ${skipped} refused by both, ${peerOnly} refused by ` +
                'opening_hours.js only), ' +
                `comparisons ${comparisons}, agreements ${agreements}, ` +
                `disagreements ${disagreements}, ${seconds.toFixed(1)} s`);
    for (const [category, [n, example]] of refused) {
        console.log(`  ${String(n).padStart(9)}  ${category} (expressions ` +
                    'refused by opening_hours.js)');
        console.log(`             e.g. ${example}`);
    }
    const order = [...counts.keys()].sort((a, b) => counts.get(b) -
                                                    counts.get(a));
    for (const category of order) {
        console.log(`  ${String(counts.get(category)).padStart(9)}  ` +
                    category);
        for (const e of firsts.get(category))
            console.log(`             e.g. ${e}`);
    }
    if (failures.length > 0) {
        const kinds = new Map();
        for (const f of failures)
            kinds.set(f.kind, (kinds.get(f.kind) || []).concat([f]));
        for (const [kind, list] of kinds) {
            console.log(`FAIL: ${list.length} × ${kind}`);
            for (const f of list.slice(0, 10))
                console.log(`  '${f.text}': ${f.detail}`);
        }
        process.exit(1);
    }
    console.log('hours diff: ok');
}

if (require.main === module)
    main();
module.exports = {EXAMPLES, REFUSED};
