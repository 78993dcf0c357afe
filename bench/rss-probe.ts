/**
 * Preloaded (`node --require dist/bench/rss-probe.js dist/src/cli.js ...`) by the pipeline
 * benchmark: when the process exits, however it exits, writes its peak RSS (getrusage maxRSS,
 * every thread included) to the file named by BENCH_RSS_FILE. The command itself runs unchanged.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file !== undefined && file !== '') {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
  });
}
