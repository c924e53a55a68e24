#!/bin/bash
# The manual page senda(1), in English and in Spanish (made by help2man from
# senda's own help: build-aux/mkman.sh): groff finds nothing to warn about,
# man renders it, and it says everything the help and the key table say, in
# its language.
. "$(dirname "$0")/lib.sh"

plan 19

# The pages: made in the build folder (beside senda), or shipped in the
# sources (a build from the tarball without help2man).
page() {
	local b
	b=$(dirname "$SENDA")
	if [ -f "$b/$1" ]; then echo "$b/$1"; else echo "$SENDA_TESTS/../$1"; fi
}
[ "$(senda_q es --help | head -1)" != "$(senda_q en --help | head -1)" ] ||
	bail_out "senda does not speak Spanish here (no catalog in $SENDA_LOCALEDIR?)"
EN=$(page doc/senda.1)
ES=$(page doc/es/senda.1)
check "the English page is there ($EN)" test -s "$EN"
check "the Spanish page is there ($ES)" test -s "$ES"

for l in en es; do
	if [ $l = en ]; then p=$EN; else p=$ES; fi
	out=$(groff -man -ww -z "$p" 2>&1)
	verdict "groff -man -ww -z has nothing to say [$l]" "$out"
done

# render FILE: the page as text, on lines too long to break (so that no
# word is hyphenated), then all of it on one line with single spaces.
render() {
	if command -v man >/dev/null 2>&1; then
		MANWIDTH=3000 MAN_KEEP_FORMATTING= man -l "$1"
	else
		groff -Tutf8 -man -rLL=3000n "$1" | sed 's/.\x08//g'
	fi 2>&1 | tr -s ' \t\n' '   '
}
squeeze() { tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//'; }

TEXT_en=$(render "$EN")
TEXT_es=$(render "$ES")
case $TEXT_en in *'SENDA(1)'*NAME*'senda - '*SYNOPSIS*) ok "man -l renders it [en]" ;;
*) not_ok "man -l renders it [en]"; diag "${TEXT_en:0:300}" ;; esac
case $TEXT_es in *'SENDA(1)'*NOMBRE*'senda - '*SINOPSIS*) ok "man -l renders it [es]" ;;
*) not_ok "man -l renders it [es]"; diag "${TEXT_es:0:300}" ;; esac

# missing LANG TEXT...: the texts (one a line on standard input) that the
# rendered page of LANG does not contain.
missing() {
	local text=$1 line
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		[[ $text == *"$line"* ]] || echo "$line"
	done
}

# The commands, each in the summary and with its own usage.
commands=$(senda_q en --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ "$(echo "$commands" | wc -l)" -ge 15 ] || bail_out "no commands in senda --help"
for l in en es; do
	text=TEXT_$l
	probs=$(for c in $commands; do
		[[ ${!text} == *" $c "*"senda $c "* ]] || echo "command $c"
	done)
	verdict "every command of --help, with its usage [$l]" "$probs"
done

# Every line of the help, in the page (help2man takes the usage's heading
# off and puts tags and descriptions on lines of their own).
for l in en es; do
	text=TEXT_$l
	probs=$(senda_q $l --help | sed '1s/^[^:]*: *//' | grep -v '^[^ ].*:$' |
		while IFS= read -r line; do echo "$line" | squeeze; echo; done | missing "${!text}")
	verdict "every line of senda --help [$l]" "$probs"
done

# Every command's --help: its summary and its other lines.
for l in en es; do
	text=TEXT_$l
	probs=$(for c in $commands; do
		senda_q $l "$c" --help | tail -n +2 | sed 's/  \+/ /g' | \
			sed 's/^ //; s/ $//'
	done | missing "${!text}")
	verdict "every line of each COMMAND --help [$l]" "$probs"
done

# The keys: every action's keys, label and help sentence, and the headings.
for l in en es; do
	text=TEXT_$l
	probs=$(senda_q $l --help-keys | awk -F '\t' '
		/^  / { sub(/^  /, "", $1); print $1 " " $2 " — " $3; next }
		{ sub(/:$/, ""); print }' | sed 's/^ //' | missing "${!text}")
	verdict "every key of the interface, with its label and help [$l]" "$probs"
done

# The environment.
for l in en es; do
	text=TEXT_$l
	probs=$(printf '%s\n' SENDA_DB SENDA_LOCALEDIR LANGUAGE NO_COLOR XDG_DATA_HOME | missing "${!text}")
	verdict "the environment: SENDA_DB, SENDA_LOCALEDIR, LANGUAGE, NO_COLOR [$l]" "$probs"
done

# The Spanish page is in Spanish: its headings, and no line of the English
# help that has a translation (texts of 10 characters or more).
probs=$(printf '%s\n' 'Órdenes de usuario' ' ÓRDENES ' ' TECLAS ' ' OPCIONES ' ' ENTORNO ' \
	' ARCHIVOS ' ' EJEMPLOS ' 'INFORMAR DE ERRORES' 'DERECHOS DE AUTOR' 'VÉASE TAMBIÉN' \
	'En todas las pantallas' 'Formularios' | missing "$TEXT_es")
verdict "the Spanish page has Spanish headings" "$probs"

english_only() {   # the lines of English output that Spanish does not have
	local es_lines
	es_lines=$(LANGUAGE=es "$@" 2>/dev/null | tr '\t' '\n' | sed 's/^ *//; s/ *$//')
	LANGUAGE=en "$@" 2>/dev/null | tr '\t' '\n' | sed 's/^ *//; s/ *$//' |
		while IFS= read -r line; do
			[ ${#line} -ge 10 ] || continue
			grep -qxF -- "$line" <<<"$es_lines" || echo "$line"
		done
}
probs=$({
	english_only "$SENDA" --help
	english_only "$SENDA" --help-keys
	for c in $commands; do english_only "$SENDA" "$c" --help; done
} | sed '1s/^Usage: //' | sed 's/  */ /g' | sort -u |
	while IFS= read -r line; do
		[[ $TEXT_es == *"$line"* ]] && echo "untranslated: $line"
	done)
verdict "the Spanish page has no untranslated line of the help" "$probs"

# --help-keys is no option of getopt's: "--he" still abbreviates --help.
is "$(senda_q en --he | head -1)" "$(senda_q en --help | head -1)" "--he is still --help, beside --help-keys"

done_testing
