#!/usr/bin/env bash
# Checks a .deb made by `cargo deb`: what it holds, that its binary runs
# and its unit starts that binary, and (as root, on a Debian-like system)
# that it installs (creating the simpul user) and removes cleanly.
#
#   bash contrib/debian/check-package.sh PACKAGE.deb
set -euo pipefail
deb="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/simpul ./lib/systemd/system/simpul.service ./usr/share/doc/simpul/README.md; do
  grep -q " $f\$" <<<"$files" || { echo "the package lacks $f" >&2; exit 1; }
done
grep -q -- '-rwxr-xr-x .* ./usr/bin/simpul$' <<<"$files" || { echo "usr/bin/simpul is not 0755" >&2; exit 1; }
info="$(dpkg-deb -I "$deb")"
grep -q '^ Depends: libc6' <<<"$info" || { echo "no libc6 dependency" >&2; exit 1; }

dpkg-deb -e "$deb" "$work/control"
sh -n "$work/control/postinst"
dpkg-deb -x "$deb" "$work/root"
version="$("$work/root/usr/bin/simpul" --version)"
[[ "$version" == "simpul "* ]] || { echo "the binary says $version" >&2; exit 1; }
exec_line="$(grep '^ExecStart=' "$work/root/lib/systemd/system/simpul.service")"
[[ "$exec_line" == "ExecStart=/usr/bin/simpul serve "* ]] || { echo "the unit starts $exec_line" >&2; exit 1; }
# the unit's command line is one the packaged binary accepts
db="$work/db"
mkdir -m 0700 "$db"
# shellcheck disable=SC2086 # the unit's words, split as systemd splits them
key="$(SIMPUL_DB="$db" "$work/root/usr/bin/simpul" ${exec_line#ExecStart=/usr/bin/simpul } --print-host-key)"
[[ "$key" == SHA256:* ]] || { echo "the unit's command line gave: $key" >&2; exit 1; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && ! dpkg -s simpul >/dev/null 2>&1; then
  dpkg -i "$deb" >/dev/null
  getent passwd simpul >/dev/null || { echo "postinst did not create the simpul user" >&2; exit 1; }
  [[ "$(/usr/bin/simpul --version)" == "simpul "* ]] || { echo "/usr/bin/simpul does not run" >&2; exit 1; }
  dpkg --purge simpul >/dev/null
  [ ! -e /usr/bin/simpul ] || { echo "/usr/bin/simpul left after purge" >&2; exit 1; }
  echo "package: installed, checked and removed"
else
  echo "package: contents checked (not installed: needs root on a system without simpul installed)"
fi
