#!/usr/bin/env bash
# Checks electron-builder.yml for real with the `dir` target. No Electron binary can be
# downloaded here, so a stand-in Electron distribution is used; what is checked is our part:
# the app is packed, the collector is unpacked beside it and runs from there, and the packaged
# main entry starts (under the Electron stand-in) and opens its window with data.
set -euo pipefail
cd "$(dirname "$0")/../.."
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
mkdir -p "$fake/resources"
printf '#!/bin/sh\nexit 0\n' > "$fake/electron" && chmod +x "$fake/electron"
echo "$(node -p 'require("electron/package.json").version')" > "$fake/version"
touch "$fake/LICENSE" "$fake/LICENSES.chromium.html"
rm -rf out/linux-unpacked
npx electron-builder --dir --linux -c.electronDist="$fake" > out-builder.log 2>&1 || { cat out-builder.log; exit 1; }
rm -f out-builder.log
res=out/linux-unpacked/resources
fail() { echo "packaging check: $*" >&2; exit 1; }
[ -f "$res/app.asar" ] || fail "no app.asar"
[ -x out/linux-unpacked/isoscope ] || fail "no isoscope executable"
for f in bin/isoscope.js dist/electron/agent/cli/main.js dist/shared/snapshot/schema.js node_modules/zod/package.json dist/native/seccomp-dump dist/native/kernel-probe dist/remote/isoscope-agent.cjs dist/remote/isoscope-agent.cjs.sha256 dist/kubectl-isoscope.cjs; do
  [ -e "$res/app.asar.unpacked/$f" ] || fail "$f is not unpacked beside the app"
done
# The unpacked collector runs on its own (as the app runs it, with a Node).
out=$(node "$res/app.asar.unpacked/bin/isoscope.js" list --root electron/agent/fixtures/roots/v2-selinux --no-api)
echo "$out" | grep -q "podman" || fail "the unpacked collector did not list the fixture's containers: $out"
echo "packaging check: ok (app.asar packed, collector unpacked and running)"
# The packaged app starts, under the Electron stand-in (e2e/electron-standin): plain Node cannot
# read an asar, so the archive is extracted into a directory of the same name beside
# app.asar.unpacked, and every path the app computes from inside it stays what it is packaged.
npx asar extract "$res/app.asar" "$res/app.asar.extracted"
mv "$res/app.asar" "$res/app.asar.archive" && mv "$res/app.asar.extracted" "$res/app.asar"
npx tsx e2e/packaging/startPackaged.ts "$res"
