// BullMQ measured in dms-load's shapes, on its own redis-server: single adds one at a time and 64 at once
// (throughput and latency), and the end-to-end drain of N no-op jobs by a Worker of concurrency 50.
// Prints JSON in dms-load's schema ({meta, results: {scenario: {figure: {value, unit}}}, errors, ok}).
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { Queue, Worker } from 'bullmq';
import { attachRedis, startRedis } from './redis_server.mjs';

const { values: flags } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    'drain-count': { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    'worker-concurrency': { type: 'string', default: '50' },
    'redis-fsync': { type: 'string', default: 'none' },
    'max-seconds': { type: 'string', default: '10' },
    // A redis-server already running on this loopback port instead of one of its own (bench/redis-scripts).
    'redis-port': { type: 'string' },
  },
});
const count = Number(flags.count);
const drainCount = Number(flags['drain-count']);
const maxMillis = Number(flags['max-seconds']) * 1000;

// Exact percentiles by nearest rank, as dms-load computes them.
function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (fraction) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length))) - 1] ?? 0;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] ?? 0 };
}

const results = {};
const errors = [];
function add(scenario, figure, value, unit) {
  results[scenario] ??= {};
  results[scenario][figure] = { value, unit };
}

// `connections` async loops each awaiting one queue.add at a time, like dms-load's closed loop.
async function measureAdds(queue, connections) {
  const latencies = [];
  let next = 0;
  let failed = 0;
  let firstError = '';
  const started = performance.now();
  const loop = async () => {
    while (next < count && performance.now() - started < maxMillis) {
      next += 1;
      const sent = performance.now();
      try {
        await queue.add('noop', { n: next });
        latencies.push(performance.now() - sent);
      } catch (error) {
        failed += 1;
        firstError ||= error.message;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const seconds = (performance.now() - started) / 1000;
  const latency = summarize(latencies);
  const name = `add c=${connections}`;
  add(name, 'throughput', latencies.length / seconds, 'jobs/s');
  add(name, 'answered', latencies.length, 'jobs');
  add(name, 'latency p50', latency.p50, 'ms');
  add(name, 'latency p99', latency.p99, 'ms');
  add(name, 'latency p999', latency.p999, 'ms');
  add(name, 'latency max', latency.max, 'ms');
  add(name, 'errors', failed, 'requests');
  if (failed > 0) errors.push({ scenario: name, count: failed, first: firstError });
}

// N jobs queued first (addBulk, not timed), then a Worker started and timed until all have completed.
async function measureDrain(connection) {
  const queue = new Queue('bench-drain', { connection });
  for (let done = 0; done < drainCount; done += 1000) {
    const size = Math.min(1000, drainCount - done);
    await queue.addBulk(Array.from({ length: size }, (_, i) => ({ name: 'noop', data: { n: done + i } })));
  }
  let completed = 0;
  let finish;
  const allDone = new Promise((resolve) => { finish = resolve; });
  const started = performance.now();
  const worker = new Worker('bench-drain', async () => {}, {
    connection, concurrency: Number(flags['worker-concurrency']),
  });
  worker.on('completed', () => {
    completed += 1;
    if (completed === drainCount) finish();
  });
  const timeout = setTimeout(finish, Math.max(maxMillis, 120000));
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  clearTimeout(timeout);
  await worker.close();
  await queue.close();
  const name = `drain n=${drainCount}`;
  add(name, 'throughput', completed / seconds, 'jobs/s');
  add(name, 'completed', completed, 'jobs');
  add(name, 'time to drain', seconds * 1000, 'ms');
  if (completed < drainCount) errors.push({ scenario: name, count: drainCount - completed, first: 'timed out' });
}

if (flags['redis-port'] && flags['redis-fsync'] !== 'none') {
  throw new Error('--redis-fsync sets up the redis-server this starts; with --redis-port the server is already set up');
}
const redis = flags['redis-port'] ? await attachRedis(Number(flags['redis-port']))
  : await startRedis(flags['redis-fsync']);
const require = createRequire(import.meta.url);
const meta = {
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  node: process.version,
  bullmq: require('bullmq/package.json').version,
  ioredis: require('ioredis/package.json').version,
  redis: redis.version,
  'redis durability': redis.durability.startsWith('attached') ? redis.durability
    : redis.durability === 'none' ? 'appendonly no, save ""' : `appendfsync ${redis.durability}`,
  'count per step': count,
  'worker concurrency': Number(flags['worker-concurrency']),
};
try {
  const serial = new Queue('bench-add-1', { connection: redis.connection });
  await measureAdds(serial, 1);
  await serial.close();
  const parallel = new Queue('bench-add-n', { connection: redis.connection });
  await measureAdds(parallel, Number(flags.concurrency));
  await parallel.close();
  await measureDrain(redis.connection);
} catch (error) {
  errors.push({ scenario: 'run', count: 1, first: String(error?.stack ?? error) });
} finally {
  await redis.stop();
}
process.stdout.write(`${JSON.stringify({ meta, results, notes: [], errors, ok: errors.length === 0 }, null, 2)}\n`);
process.exitCode = errors.length === 0 ? 0 : 1;
