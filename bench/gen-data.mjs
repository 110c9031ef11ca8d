#!/usr/bin/env node
// Fills fresh databases with the same N benchmark tickets: ours on SQLite, ours on PostgreSQL and
// the reference's Prisma schema on PostgreSQL. The spread is the reference's load-data.js, drawn
// from the same PRNG in the same order: 25 agents, 5 users, 6 extra queues (86 CTI items),
// severity 5/15/40/25/15 %, status OPEN 30 / IN_PROGRESS 20 / RESOLVED 15 / CLOSED 35 %, 20 %
// unassigned, created within the past year, 0-2 comments per ticket (1 on average). Each ticket
// gets its CREATED audit row and each comment its COMMENT_ADDED row; comment_count matches.
//
// Unlike load-data.js every id is deterministic and the admin, goddard and the sample CTI are
// written here too, so all three databases hold the same ids and the same credentials: one Lua
// configuration drives every server, and list responses carry the same bytes of data.
// About 0.1 % of tickets also mention one of RARE_TERMS (from a separate PRNG stream, so the main
// stream stays load-data.js's) for the rare-term search scenario.
//
// Usage: node gen-data.mjs --tickets N [--seed 42] [--now MS] [--meta FILE]
//                          [--sqlite PATH] [--pg URL] [--prisma URL]
// Env: BENCH_ADMIN_HASH (our argon2id hash), BENCH_BCRYPT_HASH (the reference's), BENCH_API_KEY
// (goddard's key; ours stores its SHA-256, the reference the key itself).
// Targets must be freshly migrated (ours: `ticketing migrate`; reference: create-schema.sh,
// not seeded). Tools: sqlite3 and psql on PATH.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : args[i + 1];
};
const N = Number(opt('tickets', 100000));
const SEED = Number(opt('seed', 42));
const NOW = Number(opt('now', Date.now()));
const AVG_COMMENTS = 1;
const N_AGENTS = 25;
const BATCH = 5000;
const targets = [
  ...(opt('sqlite') ? [{ kind: 'sqlite', where: opt('sqlite') }] : []),
  ...(opt('pg') ? [{ kind: 'pg', where: opt('pg') }] : []),
  ...(opt('prisma') ? [{ kind: 'prisma', where: opt('prisma') }] : []),
];
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};
if (!Number.isInteger(N) || N < 1 || targets.length === 0) {
  console.error('usage: gen-data.mjs --tickets N [--seed S] [--now MS] [--meta F] --sqlite P|--pg URL|--prisma URL');
  process.exit(2);
}

// load-data.js's PRNG (mulberry32) and helpers, unchanged.
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEVERITY_WEIGHTS = [[1, 0.05], [2, 0.15], [3, 0.4], [4, 0.25], [5, 0.15]];
const STATUS_WEIGHTS = [['OPEN', 0.3], ['IN_PROGRESS', 0.2], ['RESOLVED', 0.15], ['CLOSED', 0.35]];
const SUBJECTS = ['Plex', 'Backup', 'VPN', 'Printer', 'Email', 'Disk', 'DNS', 'Nginx', 'Postgres', 'Laptop', 'Wi-Fi', 'Certificate', 'Docker', 'n8n', 'Gitea'];
const PROBLEMS = ['is down', 'is slow', 'fails intermittently', 'needs an update', 'reports errors', 'access request', 'completed', 'quota warning', 'cannot connect', 'config drift'];
const WORDS = 'the service restarted after the nightly job and the logs show a timeout while connecting to the upstream host so we should check the firewall rules disk usage memory pressure and the most recent deploy before escalating further'.split(' ');
// Words that occur nowhere else in the data, not even as substrings.
export const RARE_TERMS = ['kerberos', 'zeroconf', 'quokka', 'xylophone', 'jukebox', 'wyvern', 'kazoo', 'fjord', 'yubikey', 'zephyr'];
const DAY = 86400000;

const SAMPLE_CTI = [
  ['TheWrightServer', [['Automation', ['Backup', 'Update', 'Health Check']], ['Infrastructure', ['Server', 'Network', 'Storage']], ['Media', ['Plex', 'Downloads']]]],
  ['General', [['Request', ['Access', 'Hardware', 'Software']], ['Issue', ['Bug', 'Outage', 'Other']]]],
];

function idMaker(seed) {
  const rnd = mulberry32(seed ^ 0x5bd1e995);
  const A = '0123456789abcdefghijklmnopqrstuvwxyz';
  return () => {
    let s = 'c';
    for (let i = 0; i < 24; i++) s += A[(rnd() * 36) | 0];
    return s;
  };
}

// Users and CTI: the same rows, in the same order, for every target.
function reference(newId) {
  const base = NOW - 400 * DAY;
  const users = [
    { id: newId(), username: 'admin', email: 'admin@localhost', displayName: 'Admin', role: 'ADMIN' },
    { id: newId(), username: 'goddard', email: 'goddard@localhost', displayName: 'Goddard', role: 'SERVICE', apiKey: true },
  ];
  for (let i = 1; i <= N_AGENTS; i++) {
    const n = String(i).padStart(2, '0');
    users.push({ id: newId(), username: `agent${n}`, email: `agent${n}@example.test`, displayName: `Agent ${n}`, role: 'AGENT' });
  }
  for (let i = 1; i <= 5; i++) {
    const n = String(i).padStart(2, '0');
    users.push({ id: newId(), username: `user${n}`, email: `user${n}@example.test`, displayName: `User ${n}`, role: 'USER' });
  }
  const tree = [...SAMPLE_CTI];
  for (let c = 1; c <= 6; c++) {
    tree.push([`Queue ${String(c).padStart(2, '0')}`, ['Incident', 'Request', 'Change'].map((t) => [t, ['Hardware', 'Software', 'Network', 'Account']])]);
  }
  const categories = [];
  const types = [];
  const items = [];
  for (const [cname, ts] of tree) {
    const cat = { id: newId(), name: cname };
    categories.push(cat);
    for (const [tname, is] of ts) {
      const type = { id: newId(), name: tname, categoryId: cat.id };
      types.push(type);
      for (const iname of is) items.push({ id: newId(), name: iname, typeId: type.id, categoryId: cat.id });
    }
  }
  return { base, users, categories, types, items };
}

// Yields batches of { tickets, comments, audit } exactly as load-data.js draws them.
function* generate(ref, newId) {
  const rand = mulberry32(SEED);
  const rare = mulberry32(SEED ^ 0x2545f491);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const weighted = (pairs) => {
    let r = rand();
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs[pairs.length - 1][0];
  };
  const sentence = (n) => {
    const w = [];
    for (let i = 0; i < n; i++) w.push(pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return w.join(' ') + '.';
  };
  const assignees = ref.users.filter((u) => u.role !== 'USER').map((u) => u.id);
  const creators = assignees;
  const everyone = ref.users.map((u) => u.id);
  const taken = new Set();
  for (let start = 0; start < N; start += BATCH) {
    const n = Math.min(BATCH, N - start);
    const batch = { tickets: [], comments: [], audit: [] };
    for (let i = 0; i < n; i++) {
      const id = newId();
      let displayId;
      do {
        displayId = 'V' + String(Math.floor(rand() * 1e9)).padStart(9, '0');
      } while (taken.has(displayId));
      taken.add(displayId);
      const c = pick(ref.items);
      const status = weighted(STATUS_WEIGHTS);
      const createdAt = NOW - Math.floor(rand() * 365 * DAY);
      let resolvedAt = null;
      if (status === 'RESOLVED') resolvedAt = NOW - Math.floor(rand() * 13 * DAY);
      if (status === 'CLOSED') resolvedAt = Math.min(NOW, createdAt + Math.floor(rand() * 30 * DAY));
      if (resolvedAt !== null && resolvedAt < createdAt) resolvedAt = createdAt;
      const updatedAt = Math.max(createdAt, resolvedAt ?? createdAt + Math.floor(rand() * 5 * DAY));
      const creator = pick(creators);
      const title = `[${pick(SUBJECTS)}] ${pick(SUBJECTS)} ${pick(PROBLEMS)} #${start + i + 1}`;
      let overview = `## Summary\n\n${sentence(12)} ${sentence(10)}\n\n- ${sentence(6)}\n- ${sentence(7)}\n\n${sentence(15)}`;
      const severity = weighted(SEVERITY_WEIGHTS);
      const assigneeId = rand() < 0.2 ? null : pick(assignees);
      if (rare() < 0.001) overview += ` Also seen with ${RARE_TERMS[Math.floor(rare() * RARE_TERMS.length)]}.`;
      const t = {
        id, displayId, title, overview, severity, status,
        categoryId: c.categoryId, typeId: c.typeId, itemId: c.id, assigneeId, createdById: creator,
        resolvedAt, createdAt, updatedAt: Math.min(NOW, updatedAt), commentCount: 0,
      };
      batch.tickets.push(t);
      batch.audit.push({ id: newId(), ticketId: id, userId: creator, action: 'CREATED', detail: null, createdAt });
      const k = AVG_COMMENTS > 0 ? Math.floor(rand() * (2 * AVG_COMMENTS + 1)) : 0;
      for (let j = 0; j < k; j++) {
        const author = pick(everyone);
        const at = Math.min(NOW, createdAt + Math.floor(rand() * 10 * DAY));
        const body = `${sentence(8)} ${sentence(5)}`;
        const cid = newId();
        batch.comments.push({ id: cid, ticketId: id, authorId: author, body, createdAt: at });
        batch.audit.push({ id: newId(), ticketId: id, userId: author, action: 'COMMENT_ADDED', detail: body, createdAt: at });
        t.commentCount++;
      }
    }
    yield batch;
  }
}

// ---- writers ------------------------------------------------------------------------------

const sqlStr = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
const copyVal = (v) => (v === null || v === undefined ? '\\N'
  : String(v).replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r'));
const ts = (ms) => (ms === null ? null : new Date(ms).toISOString().replace('T', ' ').replace('Z', ''));

// Our schema (SQLite and PostgreSQL): table -> [columns, row -> values].
function ourRows(ref, creds) {
  const b = ref.base;
  return {
    users: ['id, username, email, display_name, role, password_hash, api_key_hash, created_at, updated_at',
      ref.users.map((u) => [u.id, u.username, u.email, u.displayName, u.role,
        u.role === 'SERVICE' ? null : creds.adminHash, u.apiKey ? creds.apiKeyHash : null, b, b])],
    categories: ['id, name, created_at', ref.categories.map((c) => [c.id, c.name, b])],
    types: ['id, category_id, name, created_at', ref.types.map((t) => [t.id, t.categoryId, t.name, b])],
    items: ['id, type_id, name, created_at', ref.items.map((i) => [i.id, i.typeId, i.name, b])],
  };
}
const OUR_TICKET = ['tickets', 'id, display_id, title, overview, severity, status, category_id, type_id, item_id, assignee_id, created_by_id, resolved_at, comment_count, version, created_at, updated_at',
  (t) => [t.id, t.displayId, t.title, t.overview, t.severity, t.status, t.categoryId, t.typeId, t.itemId, t.assigneeId, t.createdById, t.resolvedAt, t.commentCount, 1, t.createdAt, t.updatedAt]];
const OUR_COMMENT = ['comments', 'id, ticket_id, author_id, body, created_at, updated_at',
  (c) => [c.id, c.ticketId, c.authorId, c.body, c.createdAt, c.createdAt]];
const OUR_AUDIT = ['audit_log', 'id, ticket_id, user_id, action, detail, created_at',
  (a) => [a.id, a.ticketId, a.userId, a.action, a.detail, a.createdAt]];

function prismaRows(ref, creds) {
  const b = ts(ref.base);
  return {
    '"User"': ['id, username, email, "displayName", role, "passwordHash", "apiKey", "createdAt", "updatedAt"',
      ref.users.map((u) => [u.id, u.username, u.email, u.displayName, u.role,
        u.role === 'SERVICE' ? null : creds.bcryptHash, u.apiKey ? creds.apiKey : null, b, b])],
    '"Category"': ['id, name, "createdAt"', ref.categories.map((c) => [c.id, c.name, b])],
    '"Type"': ['id, name, "categoryId", "createdAt"', ref.types.map((t) => [t.id, t.name, t.categoryId, b])],
    '"Item"': ['id, name, "typeId", "createdAt"', ref.items.map((i) => [i.id, i.name, i.typeId, b])],
  };
}
const PRISMA_TICKET = ['"Ticket"', 'id, "displayId", title, overview, severity, status, "categoryId", "typeId", "itemId", "assigneeId", "createdById", "resolvedAt", "createdAt", "updatedAt"',
  (t) => [t.id, t.displayId, t.title, t.overview, t.severity, t.status, t.categoryId, t.typeId, t.itemId, t.assigneeId, t.createdById, ts(t.resolvedAt), ts(t.createdAt), ts(t.updatedAt)]];
const PRISMA_COMMENT = ['"Comment"', 'id, body, "ticketId", "authorId", "createdAt", "updatedAt"',
  (c) => [c.id, c.body, c.ticketId, c.authorId, ts(c.createdAt), ts(c.createdAt)]];
const PRISMA_AUDIT = ['"AuditLog"', 'id, "ticketId", "userId", action, detail, "createdAt"',
  (a) => [a.id, a.ticketId, a.userId, a.action, a.detail, ts(a.createdAt)]];

function startChild(cmd, argv) {
  const child = spawn(cmd, argv, { stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });
  const write = async (s) => {
    if (!child.stdin.write(s)) await once(child.stdin, 'drain');
  };
  const end = async () => {
    child.stdin.end();
    await done;
  };
  return { write, end };
}

async function loadSqlite(path, ref, creds) {
  // The schema's triggers stay on: tickets_fts is filled as the rows go in (faster than a
  // 'rebuild' afterwards). A rollback journal and synchronous=OFF only for this one-off load
  // into a fresh file; the server opens it in WAL mode with synchronous=FULL.
  const db = startChild('sqlite3', ['-bail', path]);
  await db.write('.output /dev/null\nPRAGMA journal_mode = DELETE;\nPRAGMA synchronous = OFF;\nPRAGMA foreign_keys = ON;\nPRAGMA cache_size = -1048576;\nPRAGMA temp_store = MEMORY;\nBEGIN;\n');
  const insert = async (table, cols, rows) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => `(${r.map(sqlStr).join(',')})`).join(',\n');
      await db.write(`INSERT INTO ${table} (${cols}) VALUES\n${chunk};\n`);
    }
  };
  for (const [table, [cols, rows]] of Object.entries(ourRows(ref, creds))) await insert(table, cols, rows);
  for (const batch of generate(ref, idMaker(SEED + 1))) {
    for (const [table, cols, f] of [OUR_TICKET]) await insert(table, cols, batch.tickets.map(f));
    await insert(OUR_COMMENT[0], OUR_COMMENT[1], batch.comments.map(OUR_COMMENT[2]));
    await insert(OUR_AUDIT[0], OUR_AUDIT[1], batch.audit.map(OUR_AUDIT[2]));
  }
  await db.write("COMMIT;\nANALYZE;\nPRAGMA journal_mode = WAL;\n");
  await db.end();
}

async function loadPostgres(url, ref, creds, prisma) {
  const psql = startChild('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-o', '/dev/null', url]);
  const copy = async (table, cols, rows) => {
    if (rows.length === 0) return;
    let text = `COPY ${table} (${cols}) FROM STDIN;\n`;
    for (const r of rows) text += r.map(copyVal).join('\t') + '\n';
    await psql.write(text + '\\.\n');
  };
  // Ours: the search rows are written in one statement after the tickets, as our server's own
  // INSERT does (postgres/0007), rather than by the trigger kept for other writers, row by row.
  if (!prisma) await psql.write("SET ticketing.inserts_search_rows = 'on';\n");
  const [T, C, A] = prisma ? [PRISMA_TICKET, PRISMA_COMMENT, PRISMA_AUDIT] : [OUR_TICKET, OUR_COMMENT, OUR_AUDIT];
  for (const [table, [cols, rows]] of Object.entries(prisma ? prismaRows(ref, creds) : ourRows(ref, creds))) {
    await copy(table, cols, rows);
  }
  for (const batch of generate(ref, idMaker(SEED + 1))) {
    await copy(T[0], T[1], batch.tickets.map(T[2]));
    await copy(C[0], C[1], batch.comments.map(C[2]));
    await copy(A[0], A[1], batch.audit.map(A[2]));
  }
  if (!prisma) {
    await psql.write("INSERT INTO ticket_search (ticket_seq, doc) " +
      "SELECT seq, title || E'\\n' || overview || E'\\n' || display_id FROM tickets;\n");
  }
  await psql.end();
  // VACUUM as well: a database that has been running a while has its visibility map set.
  const post = startChild('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', 'VACUUM ANALYZE', url]);
  await post.end();
}

// Display ids for the scenarios: OPEN ones (PATCH toggles them) and any (detail, comments).
function writeMeta(file, ref) {
  const open = [];
  const any = [];
  const pickEvery = Math.max(1, Math.floor(N / 20000));
  let i = 0;
  for (const batch of generate(ref, idMaker(SEED + 1))) {
    for (const t of batch.tickets) {
      if (i++ % pickEvery !== 0) continue;
      any.push(t.displayId);
      if (t.status === 'OPEN') open.push(t.displayId);
    }
  }
  const find = (list, name) => list.find((x) => x.name === name);
  const cat = find(ref.categories, 'TheWrightServer');
  const type = ref.types.find((t) => t.categoryId === cat.id && t.name === 'Automation');
  const item = ref.items.find((x) => x.typeId === type.id && x.name === 'Backup');
  const goddard = ref.users.find((u) => u.username === 'goddard');
  const meta = { tickets: N, seed: SEED, now: NOW, rareTerms: RARE_TERMS,
    create: { categoryId: cat.id, typeId: type.id, itemId: item.id, assigneeId: goddard.id },
    openDisplayIds: open, displayIds: any };
  fs.writeFileSync(file, JSON.stringify(meta));
  for (const [suffix, list] of [['open', open], ['any', any]]) {
    fs.writeFileSync(file.replace(/\.json$/, `.${suffix}.txt`), list.join('\n') + '\n');
  }
}

async function main() {
  const creds = {};
  if (targets.some((t) => t.kind !== 'prisma')) {
    creds.adminHash = env('BENCH_ADMIN_HASH');
    creds.apiKeyHash = crypto.createHash('sha256').update(env('BENCH_API_KEY')).digest('hex');
  }
  if (targets.some((t) => t.kind === 'prisma')) {
    creds.bcryptHash = env('BENCH_BCRYPT_HASH');
    creds.apiKey = env('BENCH_API_KEY');
  }
  const ref = reference(idMaker(SEED));
  for (const t of targets) {
    const t0 = Date.now();
    if (t.kind === 'sqlite') await loadSqlite(t.where, ref, creds);
    else await loadPostgres(t.where, ref, creds, t.kind === 'prisma');
    console.log(`gen-data: ${N} tickets into ${t.kind} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (opt('meta')) writeMeta(opt('meta'), ref);
}

main().catch((err) => {
  console.error(`gen-data: ${err.message}`);
  process.exit(1);
});
