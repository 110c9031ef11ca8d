import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Two modes:
 * - TICKETING_BIN=/path/to/ticketing: a throwaway server on a temp SQLite database and a free port,
 *   serving WEB_DIST (default: ./dist) at / and the API under /api. Torn down at the end.
 * - BASE_URL=http://host:port: an already running server (e.g. `vite preview` proxying to a
 *   development server); the admin password comes from E2E_ADMIN_PASSWORD.
 * The tests read E2E_BASE_URL, E2E_ADMIN_USER and E2E_ADMIN_PASSWORD.
 */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

async function waitForReady(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `ticketing serve exited with ${child.exitCode} before it was ready:\n${log()}`,
      );
    }
    try {
      const response = await fetch(url);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${log()}`);
}

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.BASE_URL) {
    process.env.E2E_BASE_URL = process.env.BASE_URL.replace(/\/$/, '');
    process.env.E2E_ADMIN_USER ??= 'admin';
    if (!process.env.E2E_ADMIN_PASSWORD) throw new Error('BASE_URL mode needs E2E_ADMIN_PASSWORD');
    return undefined;
  }

  const bin = process.env.TICKETING_BIN;
  if (!bin)
    throw new Error('Set TICKETING_BIN to the server binary (or BASE_URL to a running server)');
  const binPath = resolve(bin);
  if (!existsSync(binPath)) throw new Error(`TICKETING_BIN does not exist: ${binPath}`);
  const webDist = resolve(process.env.WEB_DIST ?? join(import.meta.dirname, '..', 'dist'));
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(
      `${webDist}/index.html is missing: run \`npm run build\` first (or set WEB_DIST)`,
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'ticketing-e2e-'));
  const port = await freePort();
  const adminPassword = `e2e-${randomBytes(12).toString('hex')}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD: adminPassword,
    PORT: String(port),
    WEB_ROOT: webDist,
    CLIENT_URL: `http://127.0.0.1:${port}`,
  };

  for (const step of ['migrate', 'seed']) {
    const result = spawnSync(binPath, [step], { env, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `ticketing ${step} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
      );
    }
  }

  let output = '';
  const child = spawn(binPath, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(`${base}/readyz`, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  process.env.E2E_BASE_URL = base;
  process.env.E2E_ADMIN_USER = 'admin';
  process.env.E2E_ADMIN_PASSWORD = adminPassword;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
