#!/usr/bin/env node
// Profiles our server under one wrk scenario with perf, on a database that bench/run.sh loaded:
//   node bench/profile.mjs SCENARIO [sqlite|pg] [TICKETS] [CONNECTIONS]
// Prints the hottest symbols (self time) and writes perf.data under bench/out/profile/.
// PG_BASE must point at the PostgreSQL cluster for pg (bench/run.sh KEEP_PG=1 leaves it up).
// PERF=0 runs the same load without perf: A/B comparisons of settings (e.g. WORKER_THREADS), and
// prints the server's and wrk's CPU time. BENCH_DATABASE_URL points it at a copy of the database
// (A/B of a migration); PERF_CALLGRAPH=dwarf records call graphs without frame pointers.
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const OUT = path.resolve(process.env.OUT ?? path.join(HERE, 'out'));
const BIN = path.resolve(process.env.TICKETING_BIN ?? path.join(HERE, '..', 'build/release/server/ticketing'));
const [scenario = 'dashboard', kind = 'sqlite', tickets = '100000', connections = '32'] = process.argv.slice(2);
const creds = JSON.parse(fs.readFileSync(path.join(OUT, 'data', 'credentials.json'), 'utf8'));
const meta = JSON.parse(fs.readFileSync(path.join(OUT, 'data', `meta-${tickets}.json`), 'utf8'));
const dir = path.join(OUT, 'profile');
fs.mkdirSync(dir, { recursive: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const server = spawn(BIN, ['serve'], {
  cwd: OUT, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    DATA_DIR: path.join(OUT, 'data', 'server'),
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? (kind === 'sqlite' ? `sqlite:${path.join(OUT, 'data', `ours-${tickets}.db`)}` : `${process.env.PG_BASE}/ours_${tickets}`) },
});
// Any exit (a refused login, a failed wrk) must not leave the server running: it would hold the
// caller's pipes open.
process.on('exit', () => server.kill('SIGTERM'));
const call = (method, p, body, headers = {}) => new Promise((resolve, reject) => {
  const req = http.request({ host: '127.0.0.1', port, method, path: p, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
    let text = '';
    res.on('data', (c) => { text += c; });
    res.on('end', () => resolve({ status: res.statusCode, text }));
  });
  req.on('error', reject);
  if (body) req.write(body);
  req.end();
});
for (let i = 0; ; i++) {
  try { if ((await call('GET', '/readyz')).status === 200) break; } catch { /* starting */ }
  if (i > 2000) throw new Error('server did not get ready');
  await sleep(5);
}
const login = await call('POST', '/api/auth/login', JSON.stringify({ username: 'admin', password: creds.password }));
if (login.status !== 200) {
  // Every bench/run.sh seeds new credentials; a database loaded by an earlier run refuses them,
  // and the measurement would be of 401s.
  console.error(`profile: admin login got ${login.status}: credentials.json is not this database's (reload it with bench/run.sh)`);
  process.exit(1);
}
const token = JSON.parse(login.text).token;
const env = {
  ...process.env, SCENARIO: scenario, BENCH_THREADS: String(Math.min(2, Number(connections))),
  BENCH_AUTH: scenario === 'create' ? `X-Api-Key: ${creds.apiKey}` : `Authorization: Bearer ${token}`,
  BENCH_IDS: path.join(OUT, 'data', `meta-${tickets}.${scenario === 'patch' ? 'open' : 'any'}.txt`),
  BENCH_TERMS: meta.rareTerms.join(','),
  BENCH_CREATE: [meta.create.categoryId, meta.create.typeId, meta.create.itemId, meta.create.assigneeId].join(','),
};
const data = path.join(dir, `perf-${scenario}-${kind}.data`);
// wrk refuses more threads than connections.
const threads = Math.min(2, Number(connections));
const wrk = [`-t${threads}`, `-c${connections}`, '-d10s', '--latency', '--timeout', '30s', '-s', path.join(HERE, 'scenario.lua'), `http://127.0.0.1:${port}`];
// The server's CPU time (user + system, from /proc) over the wrk run, per request: a figure that
// the other processes sharing the machine (wrk itself among them) do not blur.
const cpuSeconds = () => {
  const fields = fs.readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // utime, stime in clock ticks (USER_HZ)
};
if (process.env.PERF === '0') {
  const before = cpuSeconds();
  const out = execFileSync('/usr/bin/time', ['-f', 'wrk CPU: %U user %S system', 'wrk', ...wrk], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const used = cpuSeconds() - before;
  process.stdout.write(out);
  const requests = Number((out.match(/(\d+) requests in/) ?? [])[1]);
  if (requests > 0) console.log(`Server CPU: ${used.toFixed(2)} s, ${((used * 1e6) / requests).toFixed(1)} us per request`);
  server.kill('SIGTERM');
  await new Promise((r) => server.on('close', r));
  process.exit(0);
}
const perf = spawn('perf', ['record', '-F', '999', ...(process.env.PERF_CALLGRAPH ? ['--call-graph', process.env.PERF_CALLGRAPH] : ['-g']), '-o', data, '-p', String(server.pid)], { stdio: 'ignore' });
await sleep(300);
execFileSync('wrk', wrk, { env, stdio: 'inherit' });
perf.kill('SIGINT');
await new Promise((r) => perf.on('close', r));
server.kill('SIGTERM');
await new Promise((r) => server.on('close', r));
const report = execFileSync('perf', ['report', '-i', data, '--no-children', '--stdio', '--sort', 'dso,symbol', '--percent-limit', '0.7', '-g', 'none'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const lines = report.split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.replace(/(\s+-)+\s*$/, '').replace(/\s{2,}/g, '  ').trim());
fs.writeFileSync(data.replace(/\.data$/, '.txt'), lines.join('\n') + '\n');
console.log(lines.slice(0, 40).join('\n'));
