#!/usr/bin/env bash
# Runs every test of the solution (the README's test command). Needs `npm ci` once for s3rver.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/s3rver ] || npm ci --no-audit --no-fund
dotnet build Control.sln -c Release -warnaserror
dotnet test Control.sln -c Release --no-build --logger "console;verbosity=normal" --results-directory TestResults --logger trx
