// Reads dms-load --json and bench.mjs outputs (one or more runs of each) and prints the shapes side by side:
// the median over runs of each figure, and DMS's figure divided by BullMQ's.
// Usage: node side_by_side.mjs --dms a.json [b.json ...] --bullmq c.json [d.json ...] [--json]
import { readFileSync } from 'node:fs';

const files = { dms: [], bullmq: [] };
let side = null;
let asJson = false;
for (const arg of process.argv.slice(2)) {
  if (arg === '--dms' || arg === '--bullmq') side = arg.slice(2);
  else if (arg === '--json') asJson = true;
  else if (side) files[side].push(arg);
}
if (!files.dms.length || !files.bullmq.length) {
  process.stderr.write('usage: node side_by_side.mjs --dms a.json ... --bullmq b.json ... [--json]\n');
  process.exit(2);
}
const runs = Object.fromEntries(Object.entries(files).map(([name, list]) =>
  [name, list.map((file) => JSON.parse(readFileSync(file, 'utf8')))]));

function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// The median of one figure over a side's runs; `scenario` may be a prefix ("drain" matches "drain n=20000").
function figure(name, scenario, which) {
  const values = runs[name].map((run) => {
    const key = Object.keys(run.results ?? {}).find((k) => k === scenario || k.startsWith(`${scenario} `));
    return key ? run.results[key][which]?.value : NaN;
  });
  return median(values);
}

// [what, DMS scenario, BullMQ scenario, figure, unit, higher is better]
const shapes = [
  ['submit one at a time (DMS over HTTP, BullMQ queue.add)', 'submit c=1', 'add c=1', 'throughput', '/s', true],
  ['  latency p99', 'submit c=1', 'add c=1', 'latency p99', 'ms', false],
  ['submit 64 at once', 'submit c=64', 'add c=64', 'throughput', '/s', true],
  ['  latency p50', 'submit c=64', 'add c=64', 'latency p50', 'ms', false],
  ['  latency p99', 'submit c=64', 'add c=64', 'latency p99', 'ms', false],
  ['drain N no-op tasks (DMS workers, BullMQ Worker concurrency 50)', 'drain', 'drain', 'throughput', '/s', true],
];
const rows = shapes.map(([what, dmsScenario, bullScenario, which, unit, higherBetter]) => {
  const dms = figure('dms', dmsScenario, which);
  const bullmq = figure('bullmq', bullScenario, which);
  return { what, unit, dms, bullmq, ratio: dms / bullmq, higherBetter };
});
const failed = Object.entries(runs).flatMap(([name, list]) =>
  list.filter((run) => !run.ok).map((run) => `${name}: ${JSON.stringify(run.errors)}`));

if (asJson) {
  process.stdout.write(`${JSON.stringify({ runs: { dms: files.dms.length, bullmq: files.bullmq.length },
    dms_meta: runs.dms[0].meta, bullmq_meta: runs.bullmq[0].meta, rows, ok: failed.length === 0, failed }, null, 2)}\n`);
} else {
  const format = (value, unit) => (!Number.isFinite(value) ? 'n/a'
    : unit === 'ms' ? `${value.toFixed(2)} ms` : `${Math.round(value).toLocaleString('en-US')}/s`);
  console.log(`DMS: ${runs.dms.length} run(s), ${JSON.stringify(runs.dms[0].meta)}`);
  console.log(`BullMQ: ${runs.bullmq.length} run(s), ${JSON.stringify(runs.bullmq[0].meta)}`);
  console.log('Medians over the runs; ratio = DMS / BullMQ (throughput: above 1 is DMS ahead; latency: below 1 is).\n');
  console.log('| Shape | DMS | BullMQ | DMS / BullMQ |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    const ratio = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : 'n/a';
    console.log(`| ${row.what} | ${format(row.dms, row.unit)} | ${format(row.bullmq, row.unit)} | ${ratio} |`);
  }
  if (failed.length) {
    console.log('\n!!!!!!!! ERRORS: SOME RUNS HAD FAILURES, THESE FIGURES ARE NOT CLEAN !!!!!!!!');
    for (const line of failed) console.log(`!! ${line}`);
  }
}
process.exitCode = failed.length ? 1 : 0;
