#!/usr/bin/env bash
# Rebuild the query editor's bundle from the pinned npm packages (package-lock.json), offline
# after `npm ci`: esbuild writes one IIFE into the package's static files, and the licences of
# every bundled package are copied beside it. See docs/frontend.md.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund
static=../src/kg/web/static
npx esbuild src/editor.js --bundle --minify --format=iife --target=es2020 \
  --legal-comments=none --charset=utf8 --outfile="$static/editor.bundle.js"
# The licences: every package esbuild put in the bundle (its metafile's inputs), in name order.
npx esbuild src/editor.js --bundle --format=iife --metafile=node_modules/.meta.json \
  --outfile=node_modules/.discard.js --log-level=warning
node -e '
  const fs = require("fs"), path = require("path");
  const meta = JSON.parse(fs.readFileSync("node_modules/.meta.json", "utf8"));
  const names = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) names.add(m[1]);
  }
  let out = "Licences of the packages bundled in editor.bundle.js (built by frontend/build.sh).\n";
  for (const name of [...names].sort()) {
    const dir = path.join("node_modules", name);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    out += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n\n`;
    out += file ? fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n" : `${pkg.license}\n`;
  }
  fs.writeFileSync(process.argv[1], out);
' "$static/editor.bundle.LICENSES.txt"
