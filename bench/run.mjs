#!/usr/bin/env node
// The benchmark: loads the same tickets into ours on SQLite, ours on PostgreSQL and the reference
// (Node + Express + Prisma) on the same PostgreSQL, runs every wrk scenario against the three in
// turn, measures the extras (idle RSS, time to ready, 1M tickets), and writes the table into
// bench/README.md between the results markers. bench/run.sh prepares the PostgreSQL cluster and
// the reference, then calls this; see bench/README.md for the knobs.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '..');
const OUT = path.resolve(process.env.OUT ?? path.join(HERE, 'out'));
const BIN = path.resolve(process.env.TICKETING_BIN ?? path.join(ROOT, 'build/release/server/ticketing'));
const REF_DIR = path.resolve(process.env.REF_DIR ?? path.join(OUT, 'ref'));
const PG_BASE = process.env.PG_BASE; // postgresql://user:pw@127.0.0.1:port (no database)
const TICKETS = Number(process.env.TICKETS ?? 100000);
const LIST_TICKETS = Number(process.env.LIST_TICKETS ?? 10000);
const BIG_TICKETS = Number(process.env.BIG_TICKETS ?? 1000000);
const DURATION = process.env.DURATION ?? '10s';
const WARMUP = process.env.WARMUP ?? '2s';
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const THREADS = Number(process.env.THREADS ?? 2);
const ONLY = process.env.SCENARIOS ? process.env.SCENARIOS.split(',') : null;
const TARGETS = (process.env.TARGETS ?? 'sqlite,pg,ref').split(',');
const README = path.join(HERE, 'README.md');
// The server build measured: BENCH_COMMIT names it when TICKETING_BIN is not the work tree's.
const COMMIT = process.env.BENCH_COMMIT ?? (() => {
  try {
    return execFileSync('git', ['-C', ROOT, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
fs.mkdirSync(path.join(OUT, 'logs'), { recursive: true });
fs.mkdirSync(path.join(OUT, 'data'), { recursive: true });

// ---- helpers --------------------------------------------------------------------------------

function run(cmd, argv, opts = {}) {
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function request(port, method, p, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function rssKb(pid, field = 'VmRSS') {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

// Share of all cores busy over `ms` (from /proc/stat).
async function cpuBusy(ms) {
  const sample = () => {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
  };
  const a = sample();
  await new Promise((r) => setTimeout(r, ms));
  const b = sample();
  return b.total > a.total ? 1 - (b.idle - a.idle) / (b.total - a.total) : 0;
}

// Waits for a quiet machine before each wrk run. The reference keeps executing requests whose
// clients left (its searches take longer than a run: wrk's 32 connections leave 32 of them
// queued), and PostgreSQL keeps running their queries; whichever server was measured next paid
// for it (load averages of 6-8 before our runs, 2026-12-05). After 10 s of waiting, queries still
// active in PostgreSQL are cancelled: no client waits for them any more.
async function settle() {
  const started = Date.now();
  let cancelled = 0;
  while (Date.now() - started < 60000) {
    if (await cpuBusy(500) < 0.1) break;
    if (PG_BASE && cancelled === 0 && Date.now() - started > 10000) {
      const out = run('psql', ['-X', '-q', '-t', '-A', pgUrl('postgres'), '-c',
        "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'"]);
      cancelled = Number(out.trim()) || -1;
    }
  }
  const waited = (Date.now() - started) / 1000;
  return { waited, cancelled: Math.max(cancelled, 0) };
}
const mb = (kb) => Math.round(kb / 1024);

// ---- databases ------------------------------------------------------------------------------

function credentials() {
  const password = crypto.randomBytes(12).toString('base64url');
  const db = path.join(OUT, 'data', 'credentials.db');
  const file = path.join(OUT, 'data', 'credentials.env');
  for (const f of [db, `${db}-wal`, `${db}-shm`, file]) fs.rmSync(f, { force: true });
  run(BIN, ['seed', '--database-url', `sqlite:${db}`, '--credentials-file', file],
    { env: { ...process.env, ADMIN_PASSWORD: password, LOG_LEVEL: 'warn' } });
  const apiKey = fs.readFileSync(file, 'utf8').match(/GODDARD_API_KEY=(\S+)/)[1];
  const adminHash = run('sqlite3', [db, "SELECT password_hash FROM users WHERE username = 'admin'"]).trim();
  let bcryptHash = '';
  if (TARGETS.includes('ref')) {
    const bcrypt = createRequire(path.join(REF_DIR, 'package.json'))('bcryptjs');
    bcryptHash = bcrypt.hashSync(password, 10);
  }
  const out = { password, apiKey, adminHash, bcryptHash };
  // Kept (git-ignored, owner-only) so profile.sh can log in to the loaded databases later.
  fs.writeFileSync(path.join(OUT, 'data', 'credentials.json'), JSON.stringify(out), { mode: 0o600 });
  return out;
}

const pgUrl = (db) => `${PG_BASE}/${db}`;

function freshPg(db) {
  run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', 'SET client_min_messages = warning', pgUrl('postgres'), '-c', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, '-c', `CREATE DATABASE ${db}`]);
}

// Fresh, migrated databases for the targets, filled with the same `n` tickets.
function prepareDataset(n, creds, targets, now) {
  const files = { sqlite: path.join(OUT, 'data', `ours-${n}.db`), pg: `ours_${n}`, ref: `ref_${n}` };
  const gen = ['--tickets', String(n), '--now', String(now), '--meta', path.join(OUT, 'data', `meta-${n}.json`)];
  const env = { ...process.env, LOG_LEVEL: 'warn' };
  if (targets.includes('sqlite')) {
    for (const f of ['', '-wal', '-shm']) fs.rmSync(files.sqlite + f, { force: true });
    run(BIN, ['migrate', '--database-url', `sqlite:${files.sqlite}`], { env });
    gen.push('--sqlite', files.sqlite);
  }
  if (targets.includes('pg')) {
    freshPg(files.pg);
    run(BIN, ['migrate', '--database-url', pgUrl(files.pg)], { env });
    gen.push('--pg', pgUrl(files.pg));
  }
  if (targets.includes('ref')) {
    freshPg(files.ref);
    run('bash', [path.join(REF_DIR, 'create-schema.sh')], { env: { ...env, DATABASE_URL: pgUrl(files.ref) }, stdio: ['ignore', 'ignore', 'inherit'] });
    gen.push('--prisma', pgUrl(files.ref));
  }
  const t0 = Date.now();
  const out = run('node', [path.join(HERE, 'gen-data.mjs'), ...gen], {
    env: { ...env, BENCH_ADMIN_HASH: creds.adminHash, BENCH_BCRYPT_HASH: creds.bcryptHash, BENCH_API_KEY: creds.apiKey },
  });
  process.stdout.write(out);
  const meta = JSON.parse(fs.readFileSync(path.join(OUT, 'data', `meta-${n}.json`), 'utf8'));
  meta.loadSeconds = (Date.now() - t0) / 1000;
  meta.loadLines = out.trim().split('\n');
  meta.files = files;
  return meta;
}

// ---- servers --------------------------------------------------------------------------------

async function waitReady(port, p, child, timeoutMs = 60000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await request(port, 'GET', p);
      if (r.status === 200) return Date.now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(2);
  }
  throw new Error(`no 200 on ${p} after ${timeoutMs} ms`);
}

async function startServer(kind, dataset, { webRoot, name } = {}) {
  const port = await freePort();
  const logFile = fs.openSync(path.join(OUT, 'logs', `${name ?? kind}-${dataset.tickets}.log`), 'w');
  let child;
  if (kind === 'ref') {
    child = spawn('bash', [path.join(REF_DIR, 'run.sh')], {
      cwd: REF_DIR, stdio: ['ignore', logFile, logFile],
      env: { ...process.env, PORT: String(port), DATABASE_URL: pgUrl(dataset.files.ref), HOST: '127.0.0.1' },
    });
  } else {
    const env = {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
      JWT_SECRET: crypto.randomBytes(32).toString('hex'), DATA_DIR: path.join(OUT, 'data', 'server'),
      DATABASE_URL: kind === 'sqlite' ? `sqlite:${dataset.files.sqlite}` : pgUrl(dataset.files.pg),
    };
    delete env.WEB_ROOT;
    if (webRoot) env.WEB_ROOT = webRoot;
    child = spawn(BIN, ['serve'], { cwd: OUT, stdio: ['ignore', logFile, logFile], env });
  }
  const readyMs = await waitReady(port, kind === 'ref' ? '/api/health' : '/readyz', child);
  return { kind, port, child, pid: child.pid, readyMs };
}

async function stopServer(s) {
  if (!s || s.child.exitCode !== null) return;
  s.child.kill('SIGTERM');
  await Promise.race([new Promise((r) => s.child.once('exit', r)), sleep(15000)]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
}

async function login(server, creds) {
  const r = await request(server.port, 'POST', '/api/auth/login', {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: creds.password }),
  });
  if (r.status !== 200) throw new Error(`login on ${server.kind}: HTTP ${r.status} ${r.body}`);
  return JSON.parse(r.body).token;
}

// ---- wrk ------------------------------------------------------------------------------------

// One wrk run with the server's RSS sampled every 50 ms.
async function wrk(server, scenario, env, { duration = DURATION, connections = CONNECTIONS, threads = THREADS } = {}) {
  const result = path.join(OUT, 'logs', `wrk-${process.pid}.json`);
  fs.rmSync(result, { force: true });
  const quiet = await settle();
  const before = rssKb(server.pid);
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, rssKb(server.pid)); }, 50);
  const load = loadavg();
  const args = [`-t${threads}`, `-c${connections}`, `-d${duration}`, '--timeout', '30s', '-s', path.join(HERE, 'scenario.lua'), `http://127.0.0.1:${server.port}`];
  const child = spawn('wrk', args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, SCENARIO: scenario, BENCH_RESULT: result, BENCH_THREADS: String(threads) },
  });
  let text = '';
  child.stdout.on('data', (d) => { text += d; });
  await new Promise((r) => child.on('close', r));
  clearInterval(timer);
  peak = Math.max(peak, rssKb(server.pid));
  if (!fs.existsSync(result)) throw new Error(`wrk wrote no result for ${scenario} on ${server.kind}:\n${text}`);
  const r = JSON.parse(fs.readFileSync(result, 'utf8'));
  const errors = r.connect + r.read + r.write + r.status + r.timeout;
  return {
    rps: r.requests / (r.duration_us / 1e6), requests: r.requests, duration_s: r.duration_us / 1e6, p50: r.p50_us / 1000, p99: r.p99_us / 1000,
    non2xx: r.status, socketErrors: r.connect + r.read + r.write + r.timeout, errors,
    bytesPerReq: r.requests ? Math.round(r.bytes / r.requests) : 0,
    rssBeforeMb: mb(before), rssPeakMb: mb(peak), hwmMb: mb(rssKb(server.pid, 'VmHWM')), load,
    settledS: quiet.waited, cancelledQueries: quiet.cancelled,
    command: `wrk ${args.slice(0, 5).join(' ')} -s bench/scenario.lua (SCENARIO=${scenario})`,
  };
}

// ---- scenarios ------------------------------------------------------------------------------

const SCENARIOS = [
  { key: 'list', dataset: 'list', label: 'unpaginated `GET /api/tickets?status=OPEN` (10k tickets)', auth: 'bearer', vsRef: 20 },
  { key: 'list8', scenario: 'list', dataset: 'list', label: 'the same at 8 connections (supplementary)', auth: 'bearer', connections: 8 },
  { key: 'dashboard', dataset: 'main', label: 'dashboard page `?status=OPEN&limit=50`', auth: 'bearer', ref: false },
  { key: 'detail', dataset: 'main', label: 'detail by display id', auth: 'bearer', ids: 'any', vsRef: 10 },
  { key: 'search', dataset: 'main', label: 'rare-term search `?search=<term>`', auth: 'bearer', vsRef: 10 },
  { key: 'me', dataset: 'main', label: '`GET /api/auth/me`', auth: 'bearer', vsRef: 10 },
  { key: 'create', dataset: 'main', label: 'create ticket (API key)', auth: 'apikey', vsRef: 5 },
  { key: 'patch', dataset: 'main', label: 'status PATCH', auth: 'bearer', ids: 'open', vsRef: 5 },
  { key: 'comment', dataset: 'main', label: 'add comment', auth: 'bearer', ids: 'any', vsRef: 5 },
  { key: 'healthz', dataset: 'main', label: '`GET /healthz` (our HTTP ceiling)', auth: 'none', ref: false },
];

function scenarioEnv(sc, server, meta) {
  const auth = sc.auth === 'apikey' ? `X-Api-Key: ${server.creds.apiKey}`
    : sc.auth === 'bearer' ? `Authorization: Bearer ${server.token}` : '';
  return {
    BENCH_AUTH: auth,
    BENCH_IDS: sc.ids ? path.join(OUT, 'data', `meta-${meta.tickets}.${sc.ids}.txt`) : '',
    BENCH_TERMS: meta.rareTerms.join(','),
    BENCH_CREATE: [meta.create.categoryId, meta.create.typeId, meta.create.itemId, meta.create.assigneeId].join(','),
  };
}

async function runScenario(sc, servers, meta, results) {
  for (const server of servers) {
    if (server.kind === 'ref' && sc.ref === false) continue;
    const env = scenarioEnv(sc, server, meta);
    // Warm-up on other tickets than the measurement (PATCH flips each ticket it visits).
    const opts = sc.connections ? { connections: sc.connections } : {};
    await wrk(server, sc.scenario ?? sc.key, { ...env, BENCH_RANGE: '0.8:1' }, { ...opts, duration: WARMUP });
    const r = await wrk(server, sc.scenario ?? sc.key, { ...env, BENCH_RANGE: '0:0.8' }, opts);
    log(`${sc.key.padEnd(9)} ${server.kind.padEnd(6)} ${r.rps.toFixed(1).padStart(9)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}  RSS ${r.rssBeforeMb}->${r.rssPeakMb} MB  load ${r.load}  settled ${r.settledS.toFixed(1)} s${r.cancelledQueries ? `, ${r.cancelledQueries} queries cancelled` : ''}`);
    results[sc.key] ??= {};
    results[sc.key][server.kind] = r;
  }
}

// The unpaginated list must carry the same bytes from every server (the issue's "same bytes
// from both"): compare the bodies' hashes.
async function compareBodies(servers, p) {
  const out = {};
  for (const s of servers) {
    const r = await request(s.port, 'GET', p, { headers: { Authorization: `Bearer ${s.token}` } });
    out[s.kind] = { status: r.status, bytes: r.body.length, sha256: crypto.createHash('sha256').update(r.body).digest('hex').slice(0, 16) };
  }
  const hashes = new Set(Object.values(out).map((x) => x.sha256));
  log(`same bytes for ${p}: ${hashes.size === 1 ? 'yes' : 'NO'} ${JSON.stringify(out)}`);
  return { path: p, identical: hashes.size === 1, bodies: out };
}

// The ceiling for the dashboard: the same response bytes, served from memory as a static file.
async function dashboardCeiling(server, meta, creds, results) {
  const token = server.token;
  const r = await request(server.port, 'GET', '/api/tickets?status=OPEN&limit=50', { headers: { Authorization: `Bearer ${token}` } });
  const root = path.join(OUT, 'www');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>bench</title>\n');
  fs.writeFileSync(path.join(root, 'dashboard.json'), r.body);
  const s = await startServer('sqlite', meta, { webRoot: root, name: 'ceiling' });
  try {
    s.token = token;
    s.creds = creds;
    const env = scenarioEnv({ auth: 'bearer' }, s, meta);
    await wrk(s, 'static', env, { duration: WARMUP });
    const res = await wrk(s, 'static', env);
    log(`static    ours   ${res.rps.toFixed(1).padStart(9)} req/s  p50 ${res.p50.toFixed(2)} ms  (${r.body.length} bytes)`);
    results.static = { sqlite: res, bytes: r.body.length };
  } finally {
    await stopServer(s);
  }
}

// Idle RSS and time from spawn to the first 200 on /readyz, on a migrated, loaded database.
async function startupFigures(kind, meta) {
  const times = [];
  let idle = 0;
  for (let i = 0; i < 5; i++) {
    const s = await startServer(kind, meta, { name: `startup-${kind}` });
    times.push(s.readyMs);
    if (i === 0) {
      await sleep(1000);
      idle = rssKb(s.pid);
    }
    await stopServer(s);
  }
  times.sort((a, b) => a - b);
  return { readyMsMedian: times[2], readyMsMax: times[4], idleRssMb: +(idle / 1024).toFixed(1) };
}

// At 1M tickets: p50 of dashboard and search at one connection; RSS while 4 clients stream the
// unpaginated list (about 300k tickets each) at once.
async function bigFigures(meta, creds) {
  const s = await startServer('sqlite', meta, { name: 'big' });
  try {
    s.token = await login(s, creds);
    s.creds = creds;
    const out = {};
    for (const key of ['dashboard', 'search']) {
      const env = scenarioEnv(SCENARIOS.find((x) => x.key === key), s, meta);
      // As before every other run: the load of a million tickets just before leaves the kernel
      // writing the file back for a while, and one connection's latency shows every stall.
      const quiet = await settle();
      await wrk(s, key, env, { duration: WARMUP, connections: 1, threads: 1 });
      out[key] = { ...await wrk(s, key, env, { connections: 1, threads: 1 }), settledS: quiet.waited };
      log(`1M ${key} c1: p50 ${out[key].p50.toFixed(2)} ms p99 ${out[key].p99.toFixed(2)} ms ${out[key].rps.toFixed(0)} req/s  settled ${quiet.waited.toFixed(1)} s`);
    }
    const before = rssKb(s.pid);
    let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, rssKb(s.pid)); }, 20);
    const t0 = Date.now();
    const streams = await Promise.all([0, 1, 2, 3].map(() => new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: s.port, path: '/api/tickets?status=OPEN', headers: { Authorization: `Bearer ${s.token}` }, agent: false }, (res) => {
        let bytes = 0;
        res.on('data', (c) => { bytes += c.length; });
        res.on('end', () => resolve({ status: res.statusCode, bytes }));
      });
      req.on('error', reject);
    })));
    clearInterval(timer);
    out.stream = {
      clients: streams.length, statuses: streams.map((x) => x.status), bytesEach: streams[0].bytes,
      seconds: (Date.now() - t0) / 1000, rssBeforeMb: mb(before), rssPeakMb: mb(peak), growthMb: mb(peak - before),
    };
    log(`1M stream x4: ${out.stream.bytesEach} bytes each in ${out.stream.seconds} s, RSS ${out.stream.rssBeforeMb} -> ${out.stream.rssPeakMb} MB`);
    return out;
  } finally {
    await stopServer(s);
  }
}

// ---- report ---------------------------------------------------------------------------------

const fmtRps = (r) => (r ? (r.rps >= 100 ? Math.round(r.rps).toLocaleString('en-US') : r.rps.toFixed(1)) : '–');
const fmtMs = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const cell = (r) => (r && r.requests === 0 ? `**0 responses in ${DURATION}** · ${r.rssPeakMb} MB`
  : r ? `${fmtRps(r)} · ${fmtMs(r.p50)} / ${fmtMs(r.p99)} ms · ${r.errors} err · ${r.rssPeakMb} MB` : '–');
const verdict = (ok) => (ok ? '**met**' : '**missed**');

function targetsTable(results, extras) {
  const rows = [];
  const ratio = (a, b) => (a && b && b.rps > 0 ? a.rps / b.rps : NaN);
  for (const sc of SCENARIOS.filter((x) => x.vsRef)) {
    const r = results[sc.key];
    if (!r) continue;
    for (const kind of ['sqlite', 'pg']) {
      if (!r[kind] || !r.ref) continue;
      const x = ratio(r[kind], r.ref);
      let ok = x >= sc.vsRef;
      let note = `${x.toFixed(1)}× the reference's req/s`;
      if (r[kind].requests === 0) {
        rows.push(`| ${sc.label}, ours ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ≥ ${sc.vsRef}× reference | ours completed no request in ${DURATION} (the reference ${fmtRps(r.ref)} req/s) | ${verdict(false)} |`);
        continue;
      }
      if (r.ref.requests === 0) {
        // The reference finished nothing: its rate is below 1 per run, so the ratio is a lower bound.
        const bound = r[kind].rps * (r.ref.duration_s ?? 10);
        ok = bound >= sc.vsRef && r[kind].errors === 0;
        rows.push(`| ${sc.label}, ours ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ≥ ${sc.vsRef}× reference | the reference completed no request in ${DURATION}; ours ${fmtRps(r[kind])} req/s, so > ${Math.round(bound).toLocaleString('en-US')}× | ${verdict(ok)} |`);
        continue;
      }
      if (sc.key === 'list') {
        const p99ok = r[kind].p99 <= r.ref.p99 / 10;
        const flat = r[kind].rssPeakMb - r[kind].rssBeforeMb;
        note += `; p99 ${fmtMs(r[kind].p99)} vs ${fmtMs(r.ref.p99)} ms (${p99ok ? '≤' : '>'} a tenth); RSS +${flat} MB during the run (sent whole from the list cache; streaming memory: the 1M row)`;
        ok = ok && p99ok;
      }
      if (r[kind].errors > 0) {
        note += `; ${r[kind].errors} errors`;
        ok = false;
      }
      rows.push(`| ${sc.label}, ours ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ≥ ${sc.vsRef}× reference | ${note} | ${verdict(ok)} |`);
    }
  }
  if (results.dashboard && results.static) {
    for (const kind of ['sqlite', 'pg']) {
      const d = results.dashboard[kind];
      if (!d) continue;
      const x = ratio(d, results.static.sqlite);
      rows.push(`| dashboard page, ours ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ≥ 0.5× same bytes from memory | ${fmtRps(d)} vs ${fmtRps(results.static.sqlite)} req/s = ${x.toFixed(2)}× | ${verdict(x >= 0.5)} |`);
    }
  }
  if (results.detail?.sqlite && results.healthz?.sqlite) {
    const x = ratio(results.detail.sqlite, results.healthz.sqlite);
    rows.push(`| detail on SQLite vs our \`/healthz\` | ≥ 0.4× | ${fmtRps(results.detail.sqlite)} vs ${fmtRps(results.healthz.sqlite)} req/s = ${x.toFixed(3)}× | ${verdict(x >= 0.4)} |`);
  }
  if (extras.big) {
    const b = extras.big;
    rows.push(`| 1M tickets: dashboard page p50 at 1 connection | < 5 ms | ${fmtMs(b.dashboard.p50)} ms | ${verdict(b.dashboard.p50 < 5)} |`);
    rows.push(`| 1M tickets: search p50 at 1 connection | < 5 ms | ${fmtMs(b.search.p50)} ms | ${verdict(b.search.p50 < 5)} |`);
    rows.push(`| 1M tickets: RSS growth, 4 clients streaming \`?status=OPEN\` (${(b.stream.bytesEach / 1e6).toFixed(0)} MB each) | < 50 MB | +${b.stream.growthMb} MB (${b.stream.rssBeforeMb} → ${b.stream.rssPeakMb} MB) | ${verdict(b.stream.growthMb < 50)} |`);
  }
  for (const [kind, st] of Object.entries(extras.startup ?? {})) {
    const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    rows.push(`| idle RSS after start, ours ${label} (${TICKETS / 1000}k tickets) | < 30 MB | ${st.idleRssMb} MB | ${verdict(st.idleRssMb < 30)} |`);
    rows.push(`| start → first 200 on \`/readyz\`, ours ${label} (median of 5) | < 200 ms | ${st.readyMsMedian} ms (max ${st.readyMsMax}) | ${verdict(st.readyMsMedian < 200)} |`);
  }
  return rows;
}

function report(results, extras, datasets, date = new Date().toISOString(), commit = COMMIT) {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? 'unknown CPU';
  const lines = [];
  lines.push(`Run ${date.slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB; wrk, the servers and PostgreSQL share the machine.`);
  lines.push(`Server: commit ${commit}, release build.`);
  lines.push(`Command: \`make bench\` (= \`bench/run.sh\`), wrk \`-t${THREADS} -c${CONNECTIONS} -d${DURATION} --timeout 30s\` after a ${WARMUP} warm-up, one target after the other per scenario.`);
  for (const d of Object.values(datasets)) {
    const from = d.carried ? ` (1M figures carried over from the run of ${d.carried.slice(0, 16).replace('T', ' ')} UTC)` : '';
    lines.push(`Data: ${d.tickets.toLocaleString('en-US')} tickets, loaded into ${d.loadLines.map((l) => l.replace(/^gen-data: \d+ tickets into /, '')).join(', ')}${from}.`);
  }
  lines.push('');
  lines.push('Each cell: requests/s · p50 / p99 latency · errors (non-2xx + socket) · server peak RSS during the run.');
  const runs = Object.values(results).flatMap((r) => Object.values(r)).filter((r) => r && typeof r.settledS === 'number');
  const cancelled = runs.reduce((n, r) => n + r.cancelledQueries, 0);
  const longest = runs.reduce((m, r) => Math.max(m, r.settledS), 0);
  lines.push(`Before each run (warm-ups included) the harness waited for the machine to be quiet (under 10 % CPU for 0.5 s; longest wait ${longest.toFixed(1)} s) and cancelled ${cancelled} PostgreSQL ${cancelled === 1 ? 'query' : 'queries'} still running for clients gone after 10 s of waiting; "load before" is the load average when a run began.`);
  lines.push('');
  lines.push('| scenario | ours SQLite | ours PostgreSQL | reference (Node + Prisma, PostgreSQL) | SQLite / ref | PG / ref | load before |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const sc of SCENARIOS) {
    const r = results[sc.key];
    if (!r) continue;
    const ratio = (k) => (!r[k] || !r.ref ? '–' : r.ref.requests === 0 ? `> ${Math.round(r[k].rps * r.ref.duration_s)}×` : `${(r[k].rps / r.ref.rps).toFixed(1)}×`);
    const load = [r.sqlite, r.pg, r.ref].filter(Boolean).map((x) => x.load.split(' ')[0]).join(' / ');
    lines.push(`| ${sc.label} | ${cell(r.sqlite)} | ${cell(r.pg)} | ${sc.ref === false ? 'not run' : cell(r.ref)} | ${ratio('sqlite')} | ${ratio('pg')} | ${load} |`);
  }
  if (results.static) {
    lines.push(`| same bytes as the dashboard page from memory (static file, ${results.static.bytes} B) | ${cell(results.static.sqlite)} | | | | | ${results.static.sqlite.load.split(' ')[0]} |`);
  }
  const sizes = SCENARIOS.filter((sc) => results[sc.key]).map((sc) => {
    const r = results[sc.key];
    return `${sc.key} ${[r.sqlite, r.pg, r.ref].map((x) => (x ? x.bytesPerReq : '–')).join(' / ')}`;
  });
  lines.push('');
  lines.push(`Bytes per response (SQLite / PostgreSQL / reference, headers included; averaged by wrk, so long responses cut off at the end of a run blur them): ${sizes.join('; ')}.`);
  if (extras.sameBytes) {
    const b = extras.sameBytes;
    lines.push('');
    lines.push(`\`${b.path}\` bodies: ${Object.entries(b.bodies).map(([k, v]) => `${k} ${v.bytes.toLocaleString('en-US')} B (sha256 ${v.sha256}…)`).join(', ')}: ${b.identical ? '**byte-for-byte identical**' : '**different**'}.`);
  }
  lines.push('');
  lines.push('### Targets (issue 6)');
  lines.push('');
  lines.push('| target | wanted | measured | |');
  lines.push('| --- | --- | --- | --- |');
  lines.push(...targetsTable(results, extras));
  return lines.join('\n');
}

function writeReadme(text) {
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const readme = fs.readFileSync(README, 'utf8');
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a === -1 || b === -1) throw new Error('bench/README.md lacks the results markers');
  fs.writeFileSync(README, `${readme.slice(0, a + start.length)}\n${text}\n${readme.slice(b)}`);
}

// ---- main -----------------------------------------------------------------------------------

async function main() {
  if (process.env.REPORT_ONLY === '1') {
    // Rewrites the tables from bench/out/results.json (e.g. after a change to this report).
    const saved = JSON.parse(fs.readFileSync(path.join(OUT, 'results.json'), 'utf8'));
    const text = report(saved.results, saved.extras, saved.datasets, saved.date, saved.commit);
    if (process.env.WRITE_README !== '0') writeReadme(text);
    console.log(text);
    return;
  }
  if (!fs.existsSync(BIN)) throw new Error(`no server binary at ${BIN}: cmake --build --preset release`);
  if (TARGETS.some((t) => t !== 'sqlite') && !PG_BASE) throw new Error('PG_BASE is required (bench/run.sh sets it)');
  const creds = credentials();
  const now = Date.now();
  const results = {};
  const extras = {};
  const datasets = {};
  const want = (key) => !ONLY || ONLY.includes(key);
  const groups = [['list', LIST_TICKETS], ['main', TICKETS]];
  for (const [group, n] of groups) {
    const scenarios = SCENARIOS.filter((sc) => sc.dataset === group && want(sc.key));
    if (scenarios.length === 0 && !(group === 'main' && want('startup'))) continue;
    log(`loading ${n} tickets into ${TARGETS.join(', ')}`);
    const meta = prepareDataset(n, creds, TARGETS, now);
    datasets[group] = meta;
    log(`loaded in ${meta.loadSeconds.toFixed(1)} s`);
    const servers = [];
    try {
      for (const kind of TARGETS) {
        const s = await startServer(kind, meta);
        s.token = await login(s, creds);
        s.creds = creds;
        servers.push(s);
      }
      if (group === 'list') extras.sameBytes = await compareBodies(servers, '/api/tickets?status=OPEN');
      for (const sc of scenarios) {
        await runScenario(sc, servers, meta, results);
        if (sc.key === 'dashboard' && TARGETS.includes('sqlite')) {
          await dashboardCeiling(servers.find((s) => s.kind === 'sqlite'), meta, creds, results);
        }
      }
    } finally {
      for (const s of servers) await stopServer(s);
    }
    if (group === 'main' && want('startup')) {
      extras.startup = {};
      for (const kind of TARGETS.filter((k) => k !== 'ref')) {
        extras.startup[kind] = await startupFigures(kind, meta);
        log(`startup ${kind}: ready in ${extras.startup[kind].readyMsMedian} ms, idle RSS ${extras.startup[kind].idleRssMb} MB`);
      }
    }
  }
  const previous = path.join(OUT, 'results.json');
  if ((BIG_TICKETS === 0 || !want('big')) && fs.existsSync(previous)) {
    const old = JSON.parse(fs.readFileSync(previous, 'utf8'));
    if (old.extras?.big) {
      extras.big = old.extras.big;
      extras.bigFrom = old.extras.bigFrom ?? old.date;
      if (old.datasets?.big) datasets.big = { ...old.datasets.big, carried: extras.bigFrom };
    }
  }
  if (BIG_TICKETS > 0 && want('big')) {
    log(`loading ${BIG_TICKETS} tickets into SQLite`);
    const meta = prepareDataset(BIG_TICKETS, creds, ['sqlite'], now);
    datasets.big = meta;
    log(`loaded in ${meta.loadSeconds.toFixed(1)} s`);
    extras.big = await bigFigures(meta, creds);
  }
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ date: new Date().toISOString(), commit: COMMIT, results, extras, datasets: Object.fromEntries(Object.entries(datasets).map(([k, d]) => [k, { tickets: d.tickets, loadLines: d.loadLines, carried: d.carried }])) }, null, 2));
  const text = report(results, extras, datasets);
  fs.writeFileSync(path.join(OUT, 'table.md'), text + '\n');
  if (process.env.WRITE_README !== '0') writeReadme(text);
  console.log(text);
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(1);
});
