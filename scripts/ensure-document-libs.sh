#!/usr/bin/env bash
# PDFs are laid out by WeasyPrint (Pango) and Word charts drawn by CairoSVG (Cairo): both load
# system libraries. Install Debian's packages for them if they are missing; fonts too, so the
# documents' Arial falls back to the metric-compatible Liberation Sans. Downloads nothing else.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-liberation fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian's ${missing[*]} for the PDF and Word documents"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Install them with: apt-get install ${missing[*]} (needs root)" >&2
  exit 1
fi
