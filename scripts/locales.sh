#!/bin/sh
# Generates the ja_JP.UTF-8 locale the tests need, when missing.
set -eu
if locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
	exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if command -v localedef >/dev/null 2>&1; then
	$sudo localedef -i ja_JP -f UTF-8 ja_JP.UTF-8 2>/dev/null || true
fi
locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$' || {
	echo "locales: cannot generate ja_JP.UTF-8" >&2
	exit 1
}
