#!/bin/sh
# Installs the Debian packages hyoka needs to build and test, when missing.
# Uses sudo when not root.  Safe without a terminal (CI).
set -eu
packages="gcc make pkg-config libncurses-dev libyaml-dev gettext libcriterion-dev tmux locales valgrind poppler-utils"
missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing packages:$missing (and no apt-get to install them)" >&2
	exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing </dev/null
