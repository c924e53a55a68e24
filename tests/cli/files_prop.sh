#!/bin/bash
# tests/cli/files_prop.sh — property test of issue 7, item 1: 200 random
# writes (slip --out, levels export, partners export, backup) onto random
# targets — the database under many spellings, its -wal and -shm, links to
# it, hard links, existing files, folders, new names — with and without
# --force. After every one: the database holds exactly what it held and
# passes `senda check`; an existing file changed only when --force was given
# and the command said it succeeded; a link's target never changed; no
# temporary file is left; a failure is a message, never a crash.
# PROP_SEED=N replays a run. Needs: bash, coreutils, sqlite3.

. "$(dirname "$0")/lib.sh"

TRIALS=${PROP_TRIALS:-200}
SEED=${PROP_SEED:-$$}
RANDOM=$SEED
plan 1

mkdir -p "$T/site/sub" "$T/other"
cd "$T/site" || bail_out "no folder"
DB=$T/site/p.db
S() { "$SENDA" --db "$DB" "$@" </dev/null; }
LANGUAGE=en S init --site "Centro" --user "Ana Ruiz" >/dev/null || bail_out "init failed"
S partners add --name "Valley College" --kind college >/dev/null || bail_out "partners add failed"
S programs add "Valley College" --name "ESL evening class" --kind esl >/dev/null ||
	bail_out "programs add failed"
ROSA=$(S add --given "Rosa" --surname "Peña" --consent-share yes) || bail_out "add failed"
PROG=$(sqlite3 "$DB" "SELECT id FROM program LIMIT 1")
CODE=$(LANGUAGE=en S refer "$ROSA" "$PROG" | sed -n 's/^Referral \(R-[0-9A-Z]*\):.*/\1/p')
[ -n "$CODE" ] || bail_out "refer failed"
# Keep the side files present (a second connection holds the WAL open).
fingerprint() {
	sqlite3 "$DB" "SELECT (SELECT count(*) FROM participant) || '/' ||
		(SELECT count(*) FROM referral) || '/' || (SELECT count(*) FROM change_log) || '/' ||
		(SELECT group_concat(given_names) FROM participant)" 2>&1
}
want=$(fingerprint)

# Targets, as a user might type them (relative to the database's folder).
targets=(
	"p.db" "./p.db" "$T/site/p.db" "../site/p.db" "sub/../p.db" "$T//site///p.db"
	"p.db-wal" "p.db-shm" "./p.db-wal" "$T/site/p.db-shm" "p.db-journal"
	"link-db" "link-wal" "dangling" "hard-db" "existing.txt" "sub" "new-file.txt"
	"$T/other/new.csv" "sub/new.txt" "no-such-folder/x.txt" "link-existing"
)
setup_targets() {
	rm -f link-db link-wal dangling hard-db link-existing new-file.txt "$T/other/new.csv" sub/new.txt
	ln -s p.db link-db
	ln -s p.db-wal link-wal
	ln -s nowhere dangling
	ln "$DB" hard-db 2>/dev/null || cp "$DB" hard-db
	printf 'keep me\n' >existing.txt
	ln -s existing.txt link-existing
}

problems=""
for ((t = 1; t <= TRIALS; t++)); do
	setup_targets
	target=${targets[RANDOM % ${#targets[@]}]}
	force=""
	((RANDOM % 2)) && force="--force"
	case $((RANDOM % 4)) in
	0) cmd=(slip "$CODE" --out "$target" $force) ;;
	1) cmd=(levels export "$target" $force) ;;
	2) cmd=(partners export "$target" $force) ;;
	3) cmd=(backup "$target" $force) ;;
	esac
	lang=en
	((RANDOM % 2)) && lang=es
	cp existing.txt "$T/existing.before"
	LANGUAGE=$lang "$SENDA" --db "$DB" "${cmd[@]}" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	why=""
	[ "$rc" -le 2 ] || why+="exit $rc (a crash?); "
	[ "$rc" -eq 0 ] || [ -s "$T/err" ] || why+="failed without a message; "
	got=$(fingerprint)
	[ "$got" = "$want" ] || why+="the database changed: $got; "
	LANGUAGE=en "$SENDA" --db "$DB" check >/dev/null 2>&1 || why+="senda check fails; "
	if ! cmp -s existing.txt "$T/existing.before" && [ -z "$force" ]; then
		why+="existing.txt changed without --force; "
	fi
	[ -L link-db ] && [ "$(readlink link-db)" = p.db ] || why+="the link to the database was replaced; "
	[ -L link-existing ] || why+="a link was replaced by a file; "
	[ -L dangling ] && [ ! -e nowhere ] || why+="the dangling link was followed or removed; "
	left=$(find "$T/site" "$T/site/sub" "$T/other" -maxdepth 1 -name '.*.??????*' 2>/dev/null)
	[ -z "$left" ] || why+="temporary files left: $left; "
	if [ -n "$why" ]; then
		problems+="trial $t: senda ${cmd[*]} [$lang] → exit $rc: $why"$'\n'"$(head -3 "$T/err")"$'\n'
		# Start again from a good database so that later trials mean something.
		break
	fi
done
verdict "$TRIALS random writes onto random targets never touch the database (PROP_SEED=$SEED)" "$problems"

done_testing
