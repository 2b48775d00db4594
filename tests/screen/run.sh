#!/bin/sh
# Headless screen tests (tig-style): each tests/screen/NAME.keys is a key
# script run by the real binary in script mode (HYOKA_SCRIPT), in English and
# in Japanese; every `dump @OUT@/X` screen is compared with
# tests/screen/expected/X.LANG.screen.  UPDATE=1 rewrites the expected screens.
set -u
cd "$(dirname "$0")/../.." || exit 1
HYOKA=${HYOKA_BIN:-$PWD/hyoka}
work=$(mktemp -d /tmp/hyoka-screen.XXXXXX)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
for keys in tests/screen/*.keys; do
	name=$(basename "$keys" .keys)
	doc=$(sed -n 's/^# doc: *//p' "$keys")
	# "# env: NAME=VALUE ...": the environment a script runs in
	envs=$(sed -n 's/^# env: *//p' "$keys")
	for lang in en ja; do
		case $lang in en) loc=C.UTF-8 ;; ja) loc=ja_JP.UTF-8 ;; esac
		out="$work/$name-$lang"
		mkdir -p "$out/docs"
		[ -n "$doc" ] && cp "$doc" "$out/docs/"
		sed "s|@OUT@|$out|g" "$keys" > "$out/script"
		# shellcheck disable=SC2086
		( cd "$out/docs" && env -u COLUMNS -u LINES $envs LANG=$loc LC_ALL=$loc TERM=xterm \
			HYOKA_FORMS="$OLDPWD/forms" HYOKA_SCRIPT="$out/script" \
			timeout 20 "$HYOKA" ${doc:+$(basename "$doc")} ) >"$out/stdout" 2>"$out/stderr"
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
			echo "FAIL $name ($lang): exit $rc"; sed 's/^/  /' "$out/stderr"
			failed=$((failed + 1))
			continue
		fi
		for shot in "$out"/*.screen; do
			[ -f "$shot" ] || continue
			base=$(basename "$shot" .screen)
			want="tests/screen/expected/$base.$lang.screen"
			if [ "${UPDATE:-0}" = 1 ]; then
				cp "$shot" "$want"
				echo "updated $want"
				passed=$((passed + 1))
			elif [ -f "$want" ] && cmp -s "$shot" "$want"; then
				passed=$((passed + 1))
			else
				echo "FAIL $name ($lang): $base differs from $want"
				[ -f "$want" ] && diff -u "$want" "$shot" | head -n 40 | sed 's/^/  /'
				failed=$((failed + 1))
			fi
		done
	done
done
echo "screen: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
