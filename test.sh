#!/usr/bin/env bash
# Runs every test of the solution against real parts (s3rver on loopback, Kestrel hosts): the README's test command.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/s3rver ] || npm ci --no-audit --no-fund
rm -rf TestResults
dotnet build Control.sln -c Release -warnaserror -nologo -v q
status=0
dotnet test Control.sln -c Release --no-build --nologo --results-directory TestResults --logger trx --logger "console;verbosity=minimal" || status=$?
# One closing line over every test project, in the plain form CI reads.
awk 'match($0, /<Counters [^>]*>/) { c = substr($0, RSTART, RLENGTH);
       match(c, /passed="[0-9]+"/); p += substr(c, RSTART + 8, RLENGTH - 9);
       match(c, /failed="[0-9]+"/); f += substr(c, RSTART + 8, RLENGTH - 9) }
     END { printf "%d passed, %d failed\n", p, f }' TestResults/*.trx
exit $status
