#!/usr/bin/env bash
# The bench's one-time setup: what its seed baseline (bench/SeedBaseline, scenario seed-baseline) runs on, Debian's
# Flask, scikit-learn and gunicorn for /usr/bin/python3. The inference host needs none of it, and CI does not run the
# bench. Installs only what is missing; needs root for apt-get.
set -euo pipefail

packages=(python3-flask python3-sklearn gunicorn)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bench setup: ${packages[*]} already installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "bench setup: ${missing[*]} missing; run this script as root (it calls apt-get install)" >&2
  exit 1
fi

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
