# Helpers for the end-to-end tests: a private tmux server, keys, screens.
# Each test is a shell function that returns non-zero on failure.
HYOKA=${HYOKA_BIN:-$PWD/hyoka}
SOCK="hyoka-e2e-$$"
T="tmux -L $SOCK"
WORK=$(mktemp -d /tmp/hyoka-e2e.XXXXXX)
passed=0
failed=0

cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# start NAME LANG CMD...: a new window running CMD at 80x24 in locale LANG
start() {
	name=$1 lang=$2
	shift 2
	$T kill-session -t "$name" 2>/dev/null
	$T new-session -d -s "$name" -x 80 -y 24 -e "LANG=$lang" -e "LC_ALL=$lang" \
		-e "TERM=${E2E_TERM:-tmux-256color}" -e "HYOKA_FORMS=$PWD/forms" -c "$WORK" "$*; sleep 600"
	$T set-option -t "$name" -g default-terminal tmux-256color >/dev/null 2>&1
	sleep 0.4
}

keys() {
	$T send-keys -t "$1" "$2"
	sleep "${3:-0.25}"
}

# type_text NAME TEXT: literal text (Japanese included)
type_text() {
	$T send-keys -t "$1" -l "$2"
	sleep 0.3
}

screen() {
	$T capture-pane -p -t "$1"
}

# wait_for NAME TEXT [SECONDS]: until TEXT is on the screen
wait_for() {
	i=0
	limit=$(( ${3:-5} * 10 ))
	while [ $i -lt $limit ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "  screen of $1 never showed: $2"
	screen "$1" | sed 's/^/  | /'
	return 1
}

pid_of() {
	# the hyoka process inside the window
	pane=$($T display-message -p -t "$1" '#{pane_pid}')
	pgrep -P "$pane" -x hyoka | head -n 1
}

# E2E_ONLY=PATTERN runs only the tests whose names match (a grep pattern),
# for looking into one by hand.
run_test() {
	_test=$1
	if [ -n "${E2E_ONLY:-}" ] && ! printf '%s\n' "$_test" | grep -q -- "$E2E_ONLY"; then
		return 0
	fi
	if "$_test"; then
		passed=$((passed + 1))
		echo "ok   $_test"
	else
		failed=$((failed + 1))
		echo "FAIL $_test"
	fi
}

# hyoka processes of this run (started in $WORK) that are still alive
leftovers() {
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/cwd" 2>/dev/null)" = "$WORK" ] || continue
		[ "$(cat "$d/comm" 2>/dev/null)" = hyoka ] && echo "${d#/proc/}"
	done
}

finish() {
	# once their terminals are gone, every editor must exit (not spin)
	$T kill-server 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -z "$(leftovers)" ] && break
		sleep 0.5
	done
	left=$(leftovers)
	if [ -n "$left" ]; then
		echo "FAIL hyoka still running 5 s after its terminal closed (pid $left)"
		kill -9 $left 2>/dev/null
		failed=$((failed + 1))
	fi
	echo "e2e: $passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# msg "English msgid": the message as the interface in $LOC shows it; for a
# message with %s parts, its first fixed piece of some length (enough to find it on
# screen, and not where a long line is cut).
msg() {
	case "$LOC" in
	ja*) text=$(TEXTDOMAINDIR="$PWD/build/locale" LANGUAGE=ja LC_ALL=ja_JP.UTF-8 \
		gettext hyoka "$1") ;;
	*) text=$1 ;;
	esac
	# its first 8 characters: short enough not to be wrapped on screen, long
	# enough to be that message
	printf '%s\n' "$text" | sed 's/%[0-9]*\$*[a-z]*/\n/g' |
		awk '{ sub(/^[ \t]+/, "") } length($0) >= 6 && !found { found = $0 }
			{ if (length($0) > length(best)) best = $0 }
			END { print found != "" ? found : best }' |
		LC_ALL=C.UTF-8 sed -E 's/^[[:space:]]+//; s/^(.{0,8}).*/\1/'
}
