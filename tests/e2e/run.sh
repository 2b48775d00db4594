#!/bin/sh
# End-to-end tests: the real hyoka binary in tmux on a private socket, driven
# with send-keys and read with capture-pane, as a person would use it.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/e2e/lib.sh

JA=ja_JP.UTF-8
EN=C.UTF-8
locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$' || { echo "e2e: ja_JP.UTF-8 is missing (make locales)"; exit 1; }
cc -shared -fPIC -o "$WORK/failwrite.so" tests/e2e/failwrite.c -ldl || exit 1

example() {
	cp examples/yokohama-hitorioya-focused.yaml "$WORK/$1"
}

# A new document from scratch: pick the form, type Japanese, save, quit, reopen.
test_create_document() {
	rm -f "$WORK/new.yaml"
	start create $LOC "$HYOKA" new.yaml
	wait_for create "focused" || return 1
	# it says that the file does not exist before offering to create it
	wait_for create "$(msg "%s does not exist: a new document of which form?")" || return 1
	keys create 2 0.5                        # 2) focused
	wait_for create "評価書番号" || return 1
	keys create Tab
	keys create Enter
	type_text create "45"
	keys create Enter
	keys create Down
	keys create Enter
	type_text create "横浜市 ひとり親家庭等医療費助成に関する事務 重点項目評価書"
	keys create Enter
	wait_for create "横浜市 ひとり親家庭等医療費助成" || return 1
	keys create C-s 0.5
	keys create C-q 0.5
	grep -q "eval_title: 横浜市 ひとり親家庭等医療費助成に関する事務 重点項目評価書" "$WORK/new.yaml" || {
		echo "  saved YAML lacks the typed title"; cat "$WORK/new.yaml"; return 1; }
	grep -q "eval_no: 45" "$WORK/new.yaml" || { echo "  eval_no missing"; return 1; }
	"$HYOKA" --forms forms validate "$WORK/new.yaml" >/dev/null 2>&1
	[ $? -eq 1 ] || { echo "  a fresh document should still have errors"; return 1; }
	# reopen: the title is there
	start reopen $LOC "$HYOKA" new.yaml
	wait_for reopen "横浜市 ひとり親家庭等医療費助成" || return 1
	keys reopen C-q
}

# Choosing an official option by its number.
test_pick_option() {
	example pick.yaml
	start pick $LOC "$HYOKA" pick.yaml
	wait_for pick "Ⅰ　基本情報" || return 1
	keys pick j                              # Ⅰ
	keys pick j                              # １．
	keys pick Tab
	keys pick Down
	keys pick Down                           # ③対象人数
	keys pick Enter
	wait_for pick "1) 1,000人未満" || return 1
	keys pick 4 0.5                          # 4) 10万人以上30万人未満
	keys pick C-s 0.5
	keys pick C-q 0.5
	grep -q "target_population: 10万人以上30万人未満" "$WORK/pick.yaml" || {
		grep -n target_population "$WORK/pick.yaml"; return 1; }
}

# Adding and deleting repeat blocks (システム).
test_repeat_blocks() {
	example rep.yaml
	start rep $LOC "$HYOKA" rep.yaml
	wait_for rep "システム" || return 1
	before=$(grep -c "^    - name:" "$WORK/rep.yaml")
	keys rep j; keys rep j; keys rep j; keys rep j    # down to the システム list
	screen rep | grep -q "▸ システム1" || { echo "  the システム list is not selected"; return 1; }
	keys rep +
	wait_for rep "$(msg "entry added")" || return 1
	keys rep Enter                           # ①システムの名称 of the new entry
	type_text rep "テスト連携システム"
	keys rep C-d                             # the name is multi-line (a ＊ note may follow)
	keys rep C-s 0.5
	after=$(grep -c "^    - name:" "$WORK/rep.yaml")
	[ "$after" -eq $((before + 1)) ] || { echo "  systems: $before -> $after"; return 1; }
	grep -q "name: テスト連携システム" "$WORK/rep.yaml" || return 1
	keys rep -
	wait_for rep "$(msg "Delete %s and everything in it? (y/n)")" || return 1
	keys rep y
	keys rep C-s 0.5
	keys rep C-q 0.5
	after=$(grep -c "^    - name:" "$WORK/rep.yaml")
	[ "$after" -eq "$before" ] || { echo "  after delete: $after, want $before"; return 1; }
}

# Searching labels and values, in Japanese.
test_search() {
	example search.yaml
	start search $LOC "$HYOKA" search.yaml
	wait_for search "Ⅰ　基本情報" || return 1
	keys search /
	type_text search "中間サーバー"
	keys search Enter
	# a list of every place, with its printed path
	wait_for search "$(msg 'Up/Down: move  Enter: go there  Esc: close')" || return 1
	wait_for search "Ⅰ．２．システム3 ① システムの名称" || return 1
	keys search Enter
	wait_for search "$(msg 'found "%s" (n: next, N: previous, Esc: stop)')" || return 1
	# the breadcrumb says where the hit is
	wait_for search "▶ Ⅰ．１．② 事務の内容" || return 1
	keys search n
	wait_for search "▶ Ⅰ．２．システム3" || return 1
	keys search C-q
}

# `/` opens an empty prompt; the last term is one Up away; Ctrl-A/E/K/U edit it.
test_fresh_search_prompt() {
	example fresh.yaml
	start fresh $LOC "$HYOKA" fresh.yaml
	wait_for fresh "Ⅰ　基本情報" || return 1
	keys fresh /
	type_text fresh "統合番号"
	keys fresh Enter
	keys fresh Escape
	keys fresh /
	wait_for fresh "$(msg 'Enter: OK  Esc: cancel  Up: the previous one')" || return 1
	screen fresh | grep -q "│ 統合番号 " && { echo "  the prompt starts with the last term"; return 1; }
	keys fresh Up
	wait_for fresh "│ 統合番号 " || return 1
	keys fresh C-a
	type_text fresh "新"
	keys fresh C-e
	type_text fresh "旧"
	wait_for fresh "│ 新統合番号旧 " || return 1
	keys fresh C-u
	type_text fresh "X"
	wait_for fresh "│ X " || return 1
	keys fresh Escape
	keys fresh C-q
}

# `:` goes to a printed path; `p` shows the section as printed; a checklist
# is numbered and ticked by number.
test_goto_preview_checklist() {
	example go.yaml
	start go $LOC "$HYOKA" go.yaml
	wait_for go "Ⅰ　基本情報" || return 1
	keys go :
	type_text go "Ⅱ．特定個人情報ファイル1 ３．① 入手元"
	keys go Enter
	wait_for go "▶ Ⅱ．特定個人情報ファイル1 ３．① 入手元" || return 1
	keys go p
	wait_for go "$(msg 'As printed (hyoka render)')" || return 1
	wait_for go "│３．特定個人情報の入手・使用" || return 1
	keys go Escape
	keys go Enter
	wait_for go "1) [○] 本人又は本人の代理人" || return 1
	keys go 1
	wait_for go "1) [  ] 本人又は本人の代理人" || return 1
	keys go Enter
	keys go C-s 0.5
	keys go C-q 0.5
	grep -q -- "- 本人又は本人の代理人" "$WORK/go.yaml" && { echo "  the untick was not saved"; return 1; }
	return 0
}

# u undoes a field's edit and an added entry; Ctrl-R redoes.
test_undo_redo() {
	example undo.yaml
	start undo $LOC "$HYOKA" undo.yaml
	wait_for undo "Ⅰ　基本情報" || return 1
	keys undo Tab
	keys undo Down
	keys undo Down
	keys undo Down                           # 特記事項
	keys undo Enter
	keys undo End
	type_text undo "（取消用）"
	keys undo C-d
	wait_for undo "なし（取消用）" || return 1
	keys undo u
	wait_for undo "$(msg 'undone: %s')" || return 1
	keys undo C-s 0.5
	grep -q "（取消用）" "$WORK/undo.yaml" && { echo "  the undone edit was saved"; return 1; }
	keys undo C-r
	wait_for undo "$(msg 'redone: %s')" || return 1
	keys undo C-s 0.5
	grep -q "（取消用）" "$WORK/undo.yaml" || { echo "  the redone edit was not saved"; return 1; }
	before=$(grep -c "^    - name:" "$WORK/undo.yaml")
	keys undo :
	type_text undo "Ⅰ．２．システム1"
	keys undo Enter
	keys undo +
	wait_for undo "$(msg "entry added")" || return 1
	keys undo u
	keys undo C-s 0.5
	keys undo C-q 0.5
	after=$(grep -c "^    - name:" "$WORK/undo.yaml")
	[ "$after" -eq "$before" ] || { echo "  entries: $before -> $after after undo"; return 1; }
}

# A bracketed paste with CR LF line ends: one line break per line; Esc on a
# changed long text asks first.
test_crlf_paste() {
	example paste.yaml
	start paste $LOC "$HYOKA" paste.yaml
	wait_for paste "Ⅰ　基本情報" || return 1
	keys paste :
	type_text paste "Ⅰ．１．② 事務の内容"
	keys paste Enter
	keys paste Enter
	keys paste PageDown
	keys paste PageDown
	keys paste End
	$T set-buffer -b crlf "$(printf '\r\n貼付一行目\r\n貼付二行目')"
	$T paste-buffer -p -r -b crlf -t paste
	sleep 0.5
	wait_for paste "貼付二行目" || return 1
	keys paste Escape
	wait_for paste "$(msg 'Throw away your changes to this text? (y/n)')" || return 1
	keys paste n
	keys paste C-d
	keys paste C-s 0.5
	keys paste C-q 0.5
	grep -A1 "貼付一行目" "$WORK/paste.yaml" | tail -n 1 | grep -q "貼付二行目" ||
		{ echo "  the pasted lines are not one below the other"; grep -A2 "貼付一行目" "$WORK/paste.yaml"; return 1; }
}

# Resizing while a text editor is open keeps what was typed.
test_resize_while_editing() {
	example resize.yaml
	start resize $LOC "$HYOKA" resize.yaml
	wait_for resize "Ⅰ　基本情報" || return 1
	keys resize Tab
	keys resize Down
	keys resize Enter
	keys resize End
	type_text resize "（改訂）"
	$T resize-window -t resize -x 100 -y 30; sleep 0.5
	wait_for resize "（改訂）" || return 1
	type_text resize "追記"
	$T resize-window -t resize -x 60 -y 20; sleep 0.5
	wait_for resize "$(msg "Terminal too small: %dx%d.")" || return 1
	$T resize-window -t resize -x 80 -y 24; sleep 0.5
	wait_for resize "（改訂）追記" || return 1
	keys resize Enter
	keys resize C-s 0.5
	keys resize C-q 0.5
	grep -q "（改訂）追記" "$WORK/resize.yaml" || { echo "  text lost in resize"; return 1; }
}

# The interface follows the locale; form labels stay Japanese.
test_japanese_interface() {
	example ja.yaml
	start ja $JA "$HYOKA" ja.yaml
	wait_for ja "Ⅰ　基本情報" || return 1
	last=$(screen ja | tail -n 1)
	case "$last" in
	*"Tab:fields"*) echo "  key line is not translated: $last"; return 1 ;;
	esac
	keys ja C-q
	start en $EN "$HYOKA" ja.yaml
	wait_for en "Tab:fields" || return 1
	keys en C-q
}

# A dropped SSH session (SIGHUP): the recovery file keeps every edit.
test_hangup_recovery() {
	example hup.yaml
	start hup $LOC "$HYOKA" hup.yaml
	wait_for hup "Ⅰ　基本情報" || return 1
	keys hup Tab
	keys hup Down
	keys hup Enter
	keys hup End
	type_text hup "停電前の入力"
	keys hup Enter
	pid=$(pid_of hup)
	[ -n "$pid" ] || { echo "  no hyoka process"; return 1; }
	kill -HUP "$pid"
	sleep 0.5
	[ -f "$WORK/.hup.yaml.hyoka-recover" ] || { echo "  no recovery file"; ls -la "$WORK"; return 1; }
	grep -q "停電前の入力" "$WORK/hup.yaml" && { echo "  the document itself was changed"; return 1; }
	start hup2 $LOC "$HYOKA" hup.yaml
	wait_for hup2 "$(msg "A recovery file newer than this document exists (hyoka was interrupted). (r)estore it, (s)how what differs, or (d)iscard it?")" || return 1
	keys hup2 r
	wait_for hup2 "$(msg "recovered; save with Ctrl-S to keep it")" || return 1
	keys hup2 C-s 0.5
	keys hup2 C-q 0.5
	grep -q "停電前の入力" "$WORK/hup.yaml" || { echo "  restored edit not saved"; return 1; }
	[ ! -f "$WORK/.hup.yaml.hyoka-recover" ] || { echo "  recovery file left after save"; return 1; }
}

# The terminal goes away (a dropped SSH link, a closed tmux) while a field
# is being typed: hyoka must exit, not spin, and keep the typed text.
test_lost_terminal() {
	example lost.yaml
	start lost $LOC "$HYOKA" lost.yaml
	wait_for lost "Ⅰ　基本情報" || return 1
	keys lost Tab
	keys lost Down
	keys lost Enter
	keys lost End
	type_text lost "回線断の前に入力"
	pid=$(pid_of lost)
	[ -n "$pid" ] || { echo "  no hyoka process"; return 1; }
	$T kill-session -t lost
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "  hyoka still running 5 s after its terminal closed"
		kill -9 "$pid"
		return 1
	fi
	grep -q "回線断の前に入力" "$WORK/.lost.yaml.hyoka-recover" 2>/dev/null ||
		{ echo "  the typed text is not in the recovery file"; return 1; }
}

# kill -9 loses at most the autosave interval.
test_kill9_autosave() {
	example k9.yaml
	start k9 $LOC "$HYOKA" k9.yaml
	wait_for k9 "Ⅰ　基本情報" || return 1
	keys k9 Tab
	keys k9 Down
	keys k9 Enter
	keys k9 End
	type_text k9 "自動保存"
	keys k9 Enter
	sleep 5
	kill -9 "$(pid_of k9)"
	sleep 0.3
	grep -q "自動保存" "$WORK/.k9.yaml.hyoka-recover" 2>/dev/null || { echo "  autosave missing"; return 1; }
	( cd "$WORK" && "$HYOKA" --forms "$OLDPWD/forms" recover k9.yaml --restore ) >/dev/null 2>&1
	grep -q "自動保存" "$WORK/k9.yaml" || { echo "  recover --restore failed"; return 1; }
}

# Two editors on one file: the second is warned.
test_two_editors() {
	example two.yaml
	start one $LOC "$HYOKA" two.yaml
	wait_for one "Ⅰ　基本情報" || return 1
	start two $LOC "$HYOKA" two.yaml
	wait_for two "$(msg "%s is open in another hyoka (process %ld). Open it (r)ead-only, (t)ake over, or (q)uit?")" || return 1
	keys two r
	wait_for two "$(msg "read-only")" || return 1
	keys two C-q
	keys one C-q
}

# A file changed by another program while open: saving asks first.
test_changed_on_disk() {
	example disk.yaml
	start disk $LOC "$HYOKA" disk.yaml
	wait_for disk "Ⅰ　基本情報" || return 1
	keys disk Tab
	keys disk Down
	keys disk Enter
	keys disk End
	type_text disk "A"
	keys disk Enter
	sleep 1.1
	echo "# edited by a colleague" >> "$WORK/disk.yaml"
	keys disk C-s
	wait_for disk "$(msg "%s changed on disk since it was opened. Overwrite it? (y/n)")" || return 1
	keys disk n
	wait_for disk "$(msg "not saved")" || return 1
	grep -q "edited by a colleague" "$WORK/disk.yaml" || return 1
	keys disk C-q
	keys disk n
}

# Saving onto a full disk or into an unwritable directory keeps the old file.
test_failed_saves() {
	for mode in enospc eacces; do
		mkdir -p "$WORK/full-disk-$mode"
		example "full-disk-$mode/doc.yaml"
		sum=$(cksum < "$WORK/full-disk-$mode/doc.yaml")
		$T kill-session -t fail 2>/dev/null
		$T new-session -d -s fail -x 80 -y 24 -e LANG=$LOC -e LC_ALL=$LOC -e HYOKA_FORMS="$PWD/forms" \
			-e HYOKA_FAIL=$mode -e HYOKA_FAIL_DIR="full-disk-$mode" \
			-e LD_PRELOAD="$WORK/failwrite.so" -c "$WORK/full-disk-$mode" \
			"$HYOKA doc.yaml; sleep 600"
		wait_for fail "Ⅰ　基本情報" || return 1
		keys fail Tab
		keys fail Down
		keys fail Enter
		type_text fail "X"
		keys fail Enter
		keys fail C-s
		wait_for fail "$(msg "NOT saved: %s. Save under another name? (y/n)")" || return 1
		[ "$(cksum < "$WORK/full-disk-$mode/doc.yaml")" = "$sum" ] || { echo "  $mode: file changed"; return 1; }
		ls -A "$WORK/full-disk-$mode" | grep -q '^\.doc\.yaml\.[A-Za-z0-9]\{6\}$\|^\.hyoka-[0-9a-f]\{6\}-' &&
			{ echo "  $mode: temp file left"; ls -A "$WORK/full-disk-$mode"; return 1; }
		if [ $mode = enospc ]; then
			keys fail n
			wait_for fail "$(msg "NOT saved (your edits are kept here)")" || return 1
			keys fail C-q
			keys fail n
			continue
		fi
		# save as: somewhere that can be written
		keys fail y
		wait_for fail "$(msg "Save as (file name)")" || return 1
		rm -f "$WORK/e.yaml"
		type_text fail "$WORK/e.yaml"
		keys fail Enter 0.5
		wait_for fail "$(msg "saved as %s")" || return 1
		grep -q "^form: focused" "$WORK/e.yaml" || { echo "  save as wrote nothing"; return 1; }
		keys fail C-q
	done
	return 0
}

# Out of memory in the middle of a 9 MB paste: the terminal comes back, the
# recovery file is written, the lock is gone, hyoka says so and exits 4.
test_out_of_memory() {
	mkdir -p "$WORK/oom-$LOC"
	example "oom-$LOC/doc.yaml"
	awk 'BEGIN { for (i = 0; i < 3000000; i++) printf "あ" }' > "$WORK/big.txt"
	$T kill-session -t oom 2>/dev/null
	$T new-session -d -s oom -x 80 -y 24 -e LANG=$LOC -e LC_ALL=$LOC -e HYOKA_FORMS="$PWD/forms" \
		-e HYOKA_FAIL=malloc -e HYOKA_FAIL_MALLOC_OVER=6000000 \
		-e LD_PRELOAD="$WORK/failwrite.so" -c "$WORK/oom-$LOC" \
		"$HYOKA doc.yaml; echo EXIT=\$?; sleep 600"
	wait_for oom "Ⅰ　基本情報" || return 1
	keys oom Tab
	keys oom Down
	keys oom Down
	keys oom Enter
	type_text oom "貼付前"
	$T load-buffer "$WORK/big.txt"
	$T paste-buffer -p -t oom
	wait_for oom "EXIT=4" 30 || return 1
	case $LOC in ja*) words="メモリが足りません" ;; *) words="out of memory" ;; esac
	wait_for oom "$words" || return 1
	grep -q "貼付前" "$WORK/oom-$LOC/.doc.yaml.hyoka-recover" 2>/dev/null ||
		{ echo "  no recovery file with the edit"; ls -A "$WORK/oom-$LOC"; return 1; }
	[ ! -e "$WORK/oom-$LOC/.doc.yaml.hyoka-lock" ] || { echo "  the lock was left"; return 1; }
}

# A file with YAML comments: the first save asks, since hyoka writes none.
test_comments_ask_first() {
	sed 's/^cover:$/cover:\n  # 要確認: 総務課に確認/' examples/yokohama-hitorioya-focused.yaml > "$WORK/cm.yaml"
	start cm $LOC "$HYOKA" cm.yaml
	wait_for cm "Ⅰ　基本情報" || return 1
	keys cm Tab
	keys cm Down
	keys cm Enter
	type_text cm "X"
	keys cm Enter
	keys cm C-s
	wait_for cm "$(msg "This file has YAML comments (line %d: %s), which saving removes. Save anyway? (y/n)")" || return 1
	keys cm n
	grep -q "要確認" "$WORK/cm.yaml" || { echo "  the comment went without a yes"; return 1; }
	keys cm C-s
	keys cm y 0.5
	grep -q "要確認" "$WORK/cm.yaml" && { echo "  saved with yes, yet the comment is there"; return 1; }
	grep -q "^form: focused" "$WORK/cm.yaml" || { echo "  not saved"; return 1; }
	keys cm C-q
}

# Autosave goes on while a field is being typed: kill -9 loses at most a few
# seconds, not the field and what came before it.
test_autosave_while_typing() {
	example typing.yaml
	start typing $LOC "$HYOKA" typing.yaml
	wait_for typing "Ⅰ　基本情報" || return 1
	keys typing Tab
	keys typing Down
	keys typing Enter
	keys typing End
	type_text typing "入力途中の文"
	sleep 5                                  # no Enter: the box is still open
	kill -9 "$(pid_of typing)"
	sleep 0.3
	grep -q "入力途中の文" "$WORK/.typing.yaml.hyoka-recover" 2>/dev/null ||
		{ echo "  what was being typed is not in the recovery file"; return 1; }
}

# A hang-up says the edits are safe only when the recovery file was written.
test_hangup_unwritable_recovery() {
	mkdir -p "$WORK/nowrite-$LOC"
	example "nowrite-$LOC/doc.yaml"
	$T kill-session -t nowrite 2>/dev/null
	$T new-session -d -s nowrite -x 80 -y 24 -e LANG=$LOC -e LC_ALL=$LOC -e HYOKA_FORMS="$PWD/forms" \
		-e HYOKA_FAIL=eacces -e HYOKA_FAIL_DIR="$WORK" -e HOME="$WORK/nowrite-$LOC" \
		-e XDG_STATE_HOME="$WORK/nowrite-$LOC/state" \
		-e LD_PRELOAD="$WORK/failwrite.so" -c "$WORK/nowrite-$LOC" "$HYOKA doc.yaml; sleep 600"
	wait_for nowrite "Ⅰ　基本情報" || return 1
	keys nowrite Tab
	keys nowrite Down
	keys nowrite Enter
	type_text nowrite "X"
	keys nowrite Enter
	pid=$(pid_of nowrite)
	[ -n "$pid" ] || { echo "  no hyoka process"; return 1; }
	kill -HUP "$pid"
	case $LOC in
	ja*) failed_words="復旧ファイルを書けませんでした" safe_words="にあります" ;; # "編集内容は" is in both
	*) failed_words="could NOT be written" safe_words="your edits are in" ;;
	esac
	wait_for nowrite "$failed_words" || return 1
	screen nowrite | grep -qF "$safe_words" &&
		{ echo "  promised a recovery file that was not written"; return 1; }
	return 0
}

# The terminals people log in with, with and without colour.
test_terminals() {
	example term.yaml
	for term in xterm-256color screen-256color tmux-256color linux vt100; do
		E2E_TERM=$term start "term-$term" $LOC "$HYOKA" term.yaml
		wait_for "term-$term" "Ⅰ　基本情報" || { echo "  TERM=$term"; return 1; }
		keys "term-$term" j
		wait_for "term-$term" "１．特定個人情報ファイル" || return 1
		keys "term-$term" C-q
	done
	E2E_TERM=xterm start nocolor $LOC env NO_COLOR=1 "$HYOKA" --ascii term.yaml
	wait_for nocolor "Ⅰ　基本情報" || return 1
	screen nocolor | grep -q "│" && { echo "  --ascii drew box-drawing lines"; return 1; }
	keys nocolor C-q
}

# Starting with no file: the start screen.
test_start_screen() {
	start home $LOC "$HYOKA"
	wait_for home "$(msg "New document…")" || return 1
	pid=$(pid_of home)
	[ -n "$pid" ] || { echo "  no hyoka process on the start screen"; return 1; }
	keys home 3
	sleep 0.3
	kill -0 "$pid" 2>/dev/null && { echo "  hyoka did not quit"; return 1; }
	return 0
}

# "Open a file…" lists the documents in the directory.
test_open_list() {
	# a directory of its own: the list shows every document in it
	mkdir -p "$WORK/openl-$LOC"
	example "openl-$LOC/open-me.yaml"
	start openl $LOC "cd openl-$LOC && $HYOKA"
	wait_for openl "$(msg "New document…")" || return 1
	keys openl 2
	wait_for openl "$(msg "Open which document?")" || return 1
	wait_for openl "open-me.yaml" || return 1
	# the last entry; End shows it however many files the other tests left
	keys openl End
	wait_for openl "$(msg "Another file name…")" || return 1
	keys openl Escape
	wait_for openl "$(msg "New document…")" || return 1
	# another name: Tab completes it
	keys openl 2
	keys openl End
	wait_for openl "$(msg "Another file name…")" || return 1
	keys openl Enter
	wait_for openl "$(msg "Open: file name (Tab completes)")" || return 1
	type_text openl "open-m"
	keys openl Tab
	wait_for openl "│ open-me.yaml " || return 1
	keys openl Enter
	wait_for openl "Ⅰ　基本情報" || return 1
	keys openl C-q
}

# A document made by `hyoka import` (the example printed, as pdftotext -layout
# reads it, with two choices the importer cannot recognise): r jumps to the
# first field marked for review, choosing its option clears the mark, and the
# saved YAML's review mapping has lost that field only.
test_review_marks() {
	# in a folder of its own: the open list of other tests shows $WORK's files
	mkdir -p "$WORK/imported"
	f="$WORK/imported/$LOC.yaml"
	rm -f "$f"
	"$HYOKA" --forms forms render --ascii examples/yokohama-hitorioya-focused.yaml |
		sed -e '/^[ +|=-]*$/d' -e 's/|/  /g' -e 's/\[ 1万人以上10万人未満 \]/[ 約3万人 ]/' \
			-e 's/\[ 実施する \]/[ 実施するかも ]/' |
		"$HYOKA" --forms forms import - -o "$f" >/dev/null
	[ $? -eq 1 ] || { echo "  the import should leave fields to review (exit 1)"; return 1; }
	grep -q "^  basic_info.task.target_population: check" "$f" || {
		echo "  the import did not mark 対象人数"; return 1; }
	case $LOC in ja*) left="要確認 4" after="要確認 3" ;; *) left="to review 4" after="to review 3" ;; esac
	start review $LOC "$HYOKA" "imported/$LOC.yaml"
	wait_for review "$left" || return 1
	keys review r
	wait_for review "Ⅰ．１．③" || return 1  # the breadcrumb: 対象人数
	keys review Enter
	wait_for review "1) 1,000人未満" || return 1
	keys review 3 0.5                        # 3) 1万人以上10万人未満, as published
	wait_for review "$(msg "confirmed; %zu to review (r: next)")" || return 1
	wait_for review "$after" || return 1
	keys review C-s 0.5
	keys review C-q 0.5
	grep -q "target_population: 1万人以上10万人未満" "$f" || { echo "  the choice was not saved"; return 1; }
	if grep -q "basic_info.task.target_population:" "$f"; then
		echo "  the confirmed field is still in the review mapping"; return 1
	fi
	[ "$(grep -c ": check$" "$f")" -eq 3 ] || { echo "  the other three marks should stay"; grep ": check" "$f"; return 1; }
}

# every scenario in English and in Japanese
for LOC in $EN $JA; do
	echo "-- LANG=$LOC"
	for t in test_create_document test_pick_option test_repeat_blocks test_search \
		test_resize_while_editing test_hangup_recovery test_lost_terminal test_kill9_autosave \
		test_two_editors test_changed_on_disk test_failed_saves test_terminals \
		test_start_screen test_fresh_search_prompt test_goto_preview_checklist test_undo_redo \
		test_crlf_paste test_open_list test_autosave_while_typing test_hangup_unwritable_recovery \
		test_comments_ask_first test_out_of_memory test_review_marks; do
		run_test "$t"
	done
done
run_test test_japanese_interface
finish
