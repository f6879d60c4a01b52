// A private redis-server for one benchmark run: Debian's binary on a free loopback port, data in a temp dir,
// removed afterwards, so the figures never touch (or depend on) a Redis someone else runs.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';

// How Redis keeps data: 'none' is the plain figure (no AOF, no snapshots); 'everysec' and 'always' turn the
// append-only file on with that fsync policy ('always' syncs every write, like DMS's default).
const durabilityArgs = {
  none: ['--appendonly', 'no'],
  everysec: ['--appendonly', 'yes', '--appendfsync', 'everysec'],
  always: ['--appendonly', 'yes', '--appendfsync', 'always'],
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startRedis(durability = 'none') {
  if (!durabilityArgs[durability]) throw new Error(`--redis-fsync must be none, everysec or always (got ${durability})`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dms-bullmq-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--daemonize', 'no', '--loglevel', 'warning', ...durabilityArgs[durability]];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const probe = new IORedis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0,
    retryStrategy: () => null });
  probe.on('error', () => {});  // refused while redis-server starts: the loop below retries
  const deadline = Date.now() + 10000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${error.message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const version = (await probe.info('server')).match(/redis_version:(\S+)/)?.[1] ?? 'unknown';
  probe.disconnect();
  return {
    port,
    version,
    durability,
    connection: { host: '127.0.0.1', port },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A redis-server someone else started (bench/redis-scripts captures what BullMQ sends it); stop() leaves it running.
export async function attachRedis(port) {
  const probe = new IORedis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, retryStrategy: () => null });
  probe.on('error', () => {});  // the awaited calls below reject with it
  try {
    const version = (await probe.info('server')).match(/redis_version:(\S+)/)?.[1] ?? 'unknown';
    const [, appendonly] = await probe.config('GET', 'appendonly');
    const [, save] = await probe.config('GET', 'save');
    const fsync = appendonly === 'yes' ? `, appendfsync ${(await probe.config('GET', 'appendfsync'))[1]}` : '';
    const durability = `attached: appendonly ${appendonly}${fsync}, save "${save}"`;
    return { port, version, durability, connection: { host: '127.0.0.1', port }, async stop() {} };
  } finally {
    probe.disconnect();
  }
}
