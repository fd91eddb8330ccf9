#!/usr/bin/env bash
# Install the Debian packages CounterDesk needs, only those missing, only where we can (root + apt-get).
set -euo pipefail
needed=(fonts-wqy-zenhei fonts-arphic-uming poppler-utils xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0
        libxkbcommon-x11-0 libpulse0 libegl1 libgl1 libfontconfig1 libdbus-1-3)
command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian (Windows, macOS): nothing to do here
missing=()
for p in "${needed[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少系统软件包：${missing[*]}；请以 root 运行：apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
