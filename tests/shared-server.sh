#!/bin/sh
# A shared server: documents in a group directory, edited by several staff.
# Saves (fmt, the editor's save, render -o) keep owner, group, mode, ACL and
# links, honour the umask, and never widen access.  The checks that need two
# users run as root with setpriv; elsewhere they are skipped with a message.
# Prints "shared-server: N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 1
H="${HYOKA_BIN:-$PWD/hyoka} --forms $PWD/forms"
W=$(mktemp -d /tmp/hyoka-shared.XXXXXX)
chmod 0777 "$W"
trap 'rm -rf "$W"' EXIT
passed=0 failed=0 skipped=0
ok() { passed=$((passed + 1)); echo "PASS $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1: $2"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }
# a document whose canonical form differs from what is on disk, so fmt writes
doc() { sed 's/^form: focused$/form:   focused/' examples/yokohama-hitorioya-focused.yaml > "$1"; }
mode() { stat -c %a "$1"; }
owner() { stat -c %u:%g "$1"; }

# umask: new files are 0666 less the umask
( umask 077; $H new --form focused "$W/new.yaml" >/dev/null 2>&1 )
[ "$(mode "$W/new.yaml")" = 600 ] && ok umask-new || bad umask-new "mode $(mode "$W/new.yaml")"
( umask 077; $H render examples/yokohama-hitorioya-focused.yaml -o "$W/out.txt" >/dev/null 2>&1 )
[ "$(mode "$W/out.txt")" = 600 ] && ok umask-render || bad umask-render "mode $(mode "$W/out.txt")"
( umask 002; $H new --form focused "$W/group.yaml" >/dev/null 2>&1 )
[ "$(mode "$W/group.yaml")" = 664 ] && ok umask-group || bad umask-group "mode $(mode "$W/group.yaml")"

# a symbolic link stays a link; the backup is of the target, a real file
doc "$W/real.yaml"
ln -s real.yaml "$W/link.yaml"
$H fmt "$W/link.yaml" >/dev/null 2>&1
if [ -L "$W/link.yaml" ] && [ ! -e "$W/link.yaml~" ] && [ -f "$W/real.yaml~" ] && [ ! -L "$W/real.yaml~" ]; then
	ok symlink-kept
else
	bad symlink-kept "$(ls -la "$W" | grep -e link -e real)"
fi

# ACL entries and the mask survive a save, and the group bits stay the mask
if command -v setfacl >/dev/null 2>&1 && doc "$W/acl.yaml" && chmod 0640 "$W/acl.yaml" &&
	setfacl -m u:4321:rw "$W/acl.yaml" 2>/dev/null; then
	before=$(getfacl -cp "$W/acl.yaml" 2>/dev/null)
	$H fmt "$W/acl.yaml" >/dev/null 2>&1
	after=$(getfacl -cp "$W/acl.yaml" 2>/dev/null)
	if [ "$before" = "$after" ] && grep -q 'sekinin\|form: focused' "$W/acl.yaml"; then
		ok acl-kept
	else
		bad acl-kept "before: $(echo $before) after: $(echo $after)"
	fi
else
	skip acl-kept "no setfacl, or no ACLs on this file system"
fi

# two users: a group member's save keeps the owner's file the owner's
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	doc "$W/theirs.yaml"
	chown 4321:65534 "$W/theirs.yaml"
	chmod 0664 "$W/theirs.yaml"
	setpriv --reuid=65534 --regid=65534 --clear-groups $H fmt "$W/theirs.yaml" >/dev/null 2>&1
	rc=$?
	if [ $rc -eq 0 ] && [ "$(owner "$W/theirs.yaml")" = 4321:65534 ] && [ "$(mode "$W/theirs.yaml")" = 664 ] &&
		grep -q '^form: focused' "$W/theirs.yaml"; then
		ok other-users-file
	else
		bad other-users-file "exit $rc, owner $(owner "$W/theirs.yaml"), mode $(mode "$W/theirs.yaml")"
	fi
	# a file the user may not write is not replaced through its directory
	doc "$W/readonly.yaml"
	chown 4321:4321 "$W/readonly.yaml"
	chmod 0644 "$W/readonly.yaml"
	sum=$(cksum < "$W/readonly.yaml")
	setpriv --reuid=65534 --regid=65534 --clear-groups $H fmt "$W/readonly.yaml" >"$W/ro.out" 2>&1
	rc=$?
	if [ $rc -eq 3 ] && [ "$(cksum < "$W/readonly.yaml")" = "$sum" ] && grep -q "cannot write" "$W/ro.out"; then
		ok fmt-checks-permission
	else
		bad fmt-checks-permission "exit $rc: $(cat "$W/ro.out")"
	fi
	# a writable file in a directory the user cannot write: saved in place
	mkdir "$W/locked" && chmod 0755 "$W/locked"
	doc "$W/locked/doc.yaml"
	chmod 0666 "$W/locked/doc.yaml"
	setpriv --reuid=65534 --regid=65534 --clear-groups $H fmt "$W/locked/doc.yaml" >/dev/null 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q '^form: focused' "$W/locked/doc.yaml"; then
		ok unwritable-directory
	else
		bad unwritable-directory "exit $rc"
	fi
else
	skip other-users-file "needs root and setpriv to act as two users"
	skip unwritable-directory "needs root and setpriv to act as another user"
fi

echo "shared-server: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
