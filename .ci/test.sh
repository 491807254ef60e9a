#!/usr/bin/env bash
# The one test command (`npm test`): installs what the tests need (apt packages when root,
# npm packages), builds, lints, and runs every suite — unit tests on real captured text and
# fixture trees, then the collector against a lab of real containers.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

step() { printf '\n== %s\n' "$*"; }

step "system packages"
bash e2e/lab/install-deps.sh

step "npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

step "build, typecheck, lint, format"
npm run --silent build
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check  # Prettier, width 130 (.prettierrc.json); `npm run format` rewrites
npx tsx e2e/security/electronegativity.ts  # Electron security scan: fails on any HIGH/MEDIUM finding

rm -rf test-results && mkdir -p test-results
status=0

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json || status=1

step "lab tests (real containers)"
if [ "$(id -u)" -eq 0 ]; then
  npx vitest run --project lab --reporter=default --reporter=json --outputFile.json=test-results/lab.json || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "lab tests need root (they start real containers); CI runs as root" >&2
  status=1
else
  echo "skipping lab tests: not root (run as root to start the container lab)"
fi

step "packaging (electron-builder dir target, stand-in Electron)"
bash e2e/packaging/check.sh || status=1

step "GUI end-to-end (browser mode and the Electron stand-in in Chromium; Electron where a binary exists)"
if [ "$(id -u)" -eq 0 ]; then
  npx playwright test || status=1
else
  echo "skipping GUI e2e: not root (it runs against the container lab)"
fi

node -e '
  const fs = require("fs");
  let passed = 0, failed = 0, skipped = 0;
  const failures = [];
  const firstLines = (m) => String(m || "").replace(/\x1b\[[0-9;]*m/g, "").split("\n").slice(0, 6).join("\n      ");
  for (const f of ["test-results/unit.json", "test-results/lab.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
    for (const file of r.testResults || []) {
      for (const t of file.assertionResults || []) {
        if (t.status === "failed") failures.push(`${file.name} › ${t.fullName}\n      ${firstLines((t.failureMessages || [])[0])}`);
      }
      if (file.status === "failed" && !(file.assertionResults || []).some((t) => t.status === "failed")) {
        failures.push(`${file.name} (the file itself failed)\n      ${firstLines(file.message)}`);
      }
    }
  }
  if (fs.existsSync("test-results/e2e.json")) {
    const e = JSON.parse(fs.readFileSync("test-results/e2e.json", "utf8"));
    const s = e.stats;
    passed += s.expected; failed += s.unexpected + (s.flaky || 0); skipped += s.skipped;
    const walk = (suite, trail) => {
      for (const spec of suite.specs || []) for (const t of spec.tests || []) {
        if (t.status === "unexpected" || t.status === "flaky") {
          const err = ((t.results || []).find((x) => x.error) || {}).error || {};
          failures.push(`[${t.projectName}] ${spec.file}:${spec.line} › ${[...trail, spec.title].join(" › ")} (${t.status})\n      ${firstLines(err.message)}`);
        }
      }
      for (const child of suite.suites || []) walk(child, [...trail, child.title]);
    };
    for (const suite of e.suites || []) walk(suite, []);
  }
  if (failures.length) console.log("\nfailed:\n" + failures.map((f) => "  " + f).join("\n"));
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  if (passed === 0) process.exitCode = 1;
' || status=1
exit $status
