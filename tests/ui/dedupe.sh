#!/bin/sh
# senda — interface tests of duplicates at intake (issue 11, part 1): before
# a new person is saved, the people she may be are shown with what matched;
# Enter opens the one chosen (the form stays as typed, under her record),
# Esc goes back to the form, one key saves anyway. English and Spanish,
# 80x24. TAP on stdout.

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed"
	exit 0
fi
here=$(dirname "$0")
. "${SENDA_TESTS:-$here/..}/ui/lib.sh"

strings() {
	if [ "$1" = es ]; then
		S_HOME="p Participantes"
		S_GIVEN="Nombres"
		# 3 April 1990, day first: the stored María was born on 4 March
		S_DATE="03/04/1990"
		S_DATE_WORDS="3 de abril de 1990"
		S_BOX="Posibles duplicados"
		S_WHY="fecha de nacimiento con día y mes invertidos"
		S_RECORD="Evaluaciones de inglés"
		S_SAVE_KEY=g
		S_SAVED="Guardado: Nunez, Maria."
		S_TWO="2 participantes en este archivo."
		S_PAIR1="Posible duplicado 1 de 2"
		S_PAIR2="Posible duplicado 2 de 2"
		S_NICK="nombre José = Pepe (apodo)"
		S_NICK_OTHER="given name José = Pepe (nickname)"
		S_DIFF_SAID="Marcadas como personas distintas"
		S_LINKED="Vinculados como una sola persona: Núñez Peña, María José."
		S_NO_MORE="No quedan pares por revisar."
		S_UNDONE="Deshecho: los dos expedientes ya no están vinculados."
		S_NONE="No hay posibles duplicados en el archivo."
		S_THREE="3 participantes en este archivo."
		S_FOUND2="2 encontrados"
		S_ALSO="Misma persona, registrada como Núñez Peña, María José (Centro Comunitario):"
	else
		S_HOME="p Participants"
		S_GIVEN="Given names"
		S_DATE="04/03/1990"
		S_DATE_WORDS="April 3, 1990"
		S_BOX="Possible duplicates"
		S_WHY="birth date day and month swapped"
		S_RECORD="English screenings"
		S_SAVE_KEY=s
		S_SAVED="Saved: Nunez, Maria."
		S_TWO="2 participants in this file."
		S_PAIR1="Possible duplicate 1 of 2"
		S_PAIR2="Possible duplicate 2 of 2"
		S_NICK="given name José = Pepe (nickname)"
		S_NICK_OTHER="nombre José = Pepe (apodo)"
		S_DIFF_SAID="Marked as different people"
		S_LINKED="Linked as one person: Núñez Peña, María José."
		S_NO_MORE="No more pairs to review."
		S_UNDONE="Taken back: the two records are no longer linked."
		S_NONE="No possible duplicates in the file."
		S_THREE="3 participants in this file."
		S_FOUND2="2 found"
		S_ALSO="Same person, recorded as Núñez Peña, María José (Centro Comunitario):"
	fi
}

count() {
	"$SENDA" --db "$1" check | sed -n 's/^ *\(Participants\|Participantes\) *//p'
}

flow_dupes_at_intake() {
	strings "$1"
	db=$(new_db dupes-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given "María José" --surname "Núñez" --surname2 "Peña" \
		--birth 1990-03-04 --phone "(312) 555-0147" >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_GIVEN" || return 1
	type_text "Maria" && keys Tab && type_text "Nunez" && keys Tab Tab Tab &&
		type_text "$S_DATE" && wait_for "$S_DATE_WORDS" || return 1
	# Saving first shows who she may be, and why.
	keys C-s && wait_for "$S_BOX" && wait_for "Núñez Peña, María José" &&
		wait_for "$S_WHY" || return 1
	[ "$(count "$db")" = 1 ] || fail_because "saved before the question was answered" || return 1
	# Esc: back to the form, nothing saved, what was typed still there.
	keys Escape && wait_gone "$S_BOX" && wait_for "$S_DATE_WORDS" || return 1
	[ "$(count "$db")" = 1 ] || fail_because "Esc saved her" || return 1
	# Enter opens the one chosen: her record, over the form.
	keys C-s && wait_for "$S_BOX" || return 1
	keys Enter && wait_for "$S_RECORD" && wait_for "(312) 555-0147" || return 1
	keys Escape && wait_for "$S_DATE_WORDS" || return 1
	# Saving anyway is one key.
	keys C-s && wait_for "$S_BOX" || return 1
	keys "$S_SAVE_KEY" && wait_for "$S_SAVED" || return 1
	[ "$(count "$db")" = 2 ] || fail_because "saving anyway did not save her"
}

# No one like her in the file: saved at once, no question.
flow_no_dupes() {
	strings "$1"
	db=$(new_db nodupes-$1 "$1") || return 1
	"$SENDA" --db "$db" add --given "Lucía" --surname "Ortiz" --birth 1971-08-30 >/dev/null || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys n && wait_for "$S_GIVEN" || return 1
	type_text "Maria" && keys Tab && type_text "Nunez" && keys Tab Tab Tab &&
		type_text "$S_DATE" && wait_for "$S_DATE_WORDS" || return 1
	keys C-s && wait_for "$S_SAVED" || return 1
	[ "$(count "$db")" = 2 ] || fail_because "not saved"
}

# The review from home: two pairs side by side with what matched; d marks
# the first as different people, s links the second; neither is proposed
# again, and home counts the linked person once; at a second site that merges
# the first's bundle, neither pair is proposed.
flow_review() {
	strings "$1"
	db=$(new_db review-$1 "$1") || return 1
	A=$("$SENDA" --db "$db" add --yes --given "José" --surname "Zubiaurre" --phone "312-555-9999" --consent-share yes) &&
	B=$("$SENDA" --db "$db" add --yes --given "Pepe" --surname "Zubiaurre" --phone "+1 312 555 9999" --consent-share yes) &&
	C=$("$SENDA" --db "$db" add --yes --given "María José" --surname "Núñez" --surname2 "Peña" \
		--birth 1990-03-04 --phone "(312) 555-0147" --consent-share yes) &&
	D=$("$SENDA" --db "$db" add --yes --given "Maria" --surname "Nunez" --birth 1990-04-03 \
		--consent-share yes) || return 1
	ui_start "$db" && wait_for "$S_HOME" || return 1
	keys d && wait_for "$S_PAIR1" && wait_for "Zubiaurre, Pepe" && wait_for "$S_NICK" || return 1
	# F2 says what matched in the other language, and back
	keys F2 && wait_for "$S_NICK_OTHER" || return 1
	keys F2 && wait_for "$S_NICK" || return 1
	keys d && wait_for "$S_PAIR2" && wait_for "$S_DIFF_SAID" || return 1
	[ "$(sqlite3 "$db" "SELECT person_a < person_b AND '$A' IN (person_a, person_b) AND '$B' IN (person_a, person_b) FROM dedupe_distinct")" = 1 ] ||
		fail_because "the first pair is not marked different" || return 1
	keys s && wait_for "$S_NO_MORE" && wait_for "$S_LINKED" || return 1
	[ "$(sqlite3 "$db" "SELECT linked_to FROM participant WHERE id = '$D'")" = "$C" ] ||
		fail_because "the second pair is not linked" || return 1
	# u takes the link back and shows the pair again; s links it again.
	keys u && wait_for "$S_UNDONE" && wait_for "$S_PAIR2" || return 1
	[ -z "$(sqlite3 "$db" "SELECT linked_to FROM participant WHERE id = '$D'")" ] ||
		fail_because "u did not take the link back" || return 1
	keys s && wait_for "$S_NO_MORE" || return 1
	[ "$(sqlite3 "$db" "SELECT linked_to FROM participant WHERE id = '$D'")" = "$C" ] ||
		fail_because "the second pair is not linked again" || return 1
	keys Escape && wait_for "$S_THREE" || return 1
	keys d && wait_for "$S_NONE" || return 1
	# Her record shows the other record's pathway too: Maria sorts first.
	keys Escape && wait_for "$S_THREE" || return 1
	keys / && type_text "maria nunez" && wait_for "$S_FOUND2" || return 1
	keys Enter && wait_for "$S_RECORD" && keys End && wait_for "$S_ALSO" || return 1
	# The decisions travel: a second site that merges this one's bundle is
	# proposed neither pair (one marked different, one linked).
	"$SENDA" --db "$db" export --full --plain --force --out "$UI_DIR/review-$1.bundle" \
		>/dev/null 2>&1 || fail_because "export failed" || return 1
	db2=$(new_db review2-$1 "$1") || return 1
	"$SENDA" --db "$db2" merge "$UI_DIR/review-$1.bundle" >/dev/null 2>&1 ||
		fail_because "merge failed" || return 1
	ui_restart "$db2" && wait_for "$S_HOME" || return 1
	keys d && wait_for "$S_NONE"
}

for l in en es; do
	run_test "the review from home: side by side, different people, same person, neither proposed after a merge ($l)" flow_review $l
	run_test "a possible duplicate is shown before saving: Esc, open, save anyway ($l)" flow_dupes_at_intake $l
	run_test "nobody like her: saved without a question ($l)" flow_no_dupes $l
done
ui_done
