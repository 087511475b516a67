#!/usr/bin/env bash
# Runs every test of the solution against real parts (s3rver on loopback, Kestrel hosts): the README's test command.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/s3rver ] || npm ci --no-audit --no-fund
# The dashboard's browser tests drive Debian's Chromium (Playwright's own browser downloads are not used).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" != 0 ]; then echo "The browser tests need Chromium: sudo apt-get install -y chromium" >&2; exit 1; fi
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-liberation
fi
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
