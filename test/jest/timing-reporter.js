/**
 * After a run, prints how long each Jest project took on which database, and appends the same
 * lines to the file named by TEST_TIMES_FILE when set (.ci/run prints them all at its end).
 */
const { appendFileSync } = require('node:fs');

function databaseName() {
  const url = process.env.TEST_DATABASE_URL ?? '';
  return /^(mysql|mariadb):/.test(url) ? 'MariaDB/MySQL' : 'SQLite';
}

const seconds = (ms) => `${(ms / 1000).toFixed(0)} s`;

class TimingReporter {
  onRunComplete(_contexts, results) {
    const projects = new Map();
    for (const file of results.testResults) {
      const name = file.displayName?.name ?? 'tests';
      const project = projects.get(name) ?? { files: 0, tests: 0, start: Infinity, end: 0 };
      project.files += 1;
      project.tests += file.numPassingTests + file.numFailingTests + file.numPendingTests;
      project.start = Math.min(project.start, file.perfStats.start);
      project.end = Math.max(project.end, file.perfStats.end);
      projects.set(name, project);
    }
    const lines = [
      `Test suite on ${databaseName()}: ${seconds(Date.now() - results.startTime)}, ${results.numTotalTests} tests (${results.numFailedTests} failed)`,
      ...[...projects].map(
        ([name, p]) =>
          `  ${name.padEnd(5)} ${String(p.files).padStart(4)} files ${String(p.tests).padStart(5)} tests  ${seconds(p.end - p.start)} from its first file's start to its last file's end`,
      ),
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (process.env.TEST_TIMES_FILE)
      appendFileSync(process.env.TEST_TIMES_FILE, `${lines.join('\n')}\n`);
  }
}

module.exports = TimingReporter;
