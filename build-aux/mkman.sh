#!/bin/sh
# build-aux/mkman.sh — make senda(1) in one language with help2man, from the
# built binary's own --help, COMMAND --help and --help-keys: the manual page
# is made from the same tables as the help, so that the two cannot disagree.
#
#   mkman.sh LANG SENDA LOCALEDIR INCLUDE OUTPUT
#
# LANG       en or es
# SENDA      the built binary
# LOCALEDIR  the freshly built catalogs (LOCALEDIR/es/LC_MESSAGES/senda.mo)
# INCLUDE    doc/senda.h2m or doc/senda.es.h2m: help2man's include file,
#            whose lines @COMMANDS@ and @KEYS@ become the commands (each
#            one's COMMAND --help) and the keys of the interface; @localedir@
#            and @mandir@ become the installed folders (from $localedir, $mandir).
# OUTPUT     the page; written under a temporary name, then renamed.
#
# Environment: HELP2MAN (default help2man), PERL (default perl).
#
# help2man runs under C.UTF-8, the one locale every machine has: help2man's
# own Spanish needs an es_ES locale (most build machines have none) and says
# "FICHEROS" where senda says "archivos". So for Spanish, senda's help goes
# to help2man with its usage and options headings in the English help2man
# recognizes (the first line, and the line before the first option), the
# bug-report line (the last one) under help2man's *REPORTING BUGS*, and the section
# headings help2man writes are put in Spanish afterwards (es_sections below).
# Every page is then made plain ASCII (other characters as \[uXXXX]), which
# every man and groff read without a -k or a locale.
set -eu

if [ "${1:-}" = --run ]; then
	# help2man's "executable": senda in LANG, with the headings help2man
	# looks for in English.
	lang=$2 senda=$3 localedir=$4
	shift 4
	if [ "$lang" = en ] || [ "$1" != --help ]; then
		exec env LANGUAGE="$lang" SENDA_LOCALEDIR="$localedir" \
			SENDA_QUIET_LOCALE=1 "$senda" "$@"
	fi
	env LANGUAGE="$lang" SENDA_LOCALEDIR="$localedir" SENDA_QUIET_LOCALE=1 \
		"$senda" --help | awk '
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				s = line[i]
				if (i == 1)
					sub(/^[^:]*:/, "Usage:", s)
				else if (!opts && i < NR && s ~ /^[^ ].*:$/ && line[i + 1] ~ /^  +-/) {
					s = "Options:"
					opts = 1
				} else if (i == NR) {
					print ""
					print "*REPORTING BUGS*"
				}
				print s
			}
		}'
	exit
fi

[ $# -eq 5 ] || { echo "usage: $0 LANG SENDA LOCALEDIR INCLUDE OUTPUT" >&2; exit 2; }
lang=$1 senda=$2 localedir=$3 include=$4 output=$5
: "${HELP2MAN:=help2man}" "${PERL:=perl}"
: "${localedir_installed:=/usr/local/share/locale}" "${mandir:=/usr/local/share/man}"
case $senda in /*) ;; *) senda=$(pwd)/$senda ;; esac
case $localedir in /*) ;; *) localedir=$(pwd)/$localedir ;; esac
case $0 in /*) self=$0 ;; *) self=$(pwd)/$0 ;; esac

tmp=$output.tmp$$
trap 'rm -f "$tmp" "$tmp".*' EXIT
say() { env LANGUAGE="$lang" SENDA_LOCALEDIR="$localedir" SENDA_QUIET_LOCALE=1 "$senda" "$@"; }

# roff: text safe in a roff line (backslashes, minus signs, a leading dot or
# apostrophe).
roff_awk='
function roff(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	sub(/^[.'"'"']/, "\\\\&&", s)
	return s
}'

# The commands: their names from --help (the lines "  name   summary" that
# are not options), then each one's COMMAND --help: the usage (after the
# global options) as the tag, the rest as its text, with "  item   text"
# lines as a list of their own.
commands() {
	say --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' | while read -r cmd; do
		say "$cmd" --help | awk -v cmd="$cmd" "$roff_awk"'
		NR == 1 { sub(/^[^]]*\] */, ""); usage = $0; next }
		NR > 1 && !started && /^    [^ ]/ { sub(/^ +/, ""); usage = usage " " $0; next }
		{ started = 1; line[++n] = $0 }
		function close_nf() { if (nf) { print ".fi"; nf = 0 } }
		function close_list() { close_nf(); if (inlist) { print ".RE"; inlist = 0; para = 1 } }
		END {
			if (substr(usage, 1, length(cmd)) == cmd)
				usage = substr(usage, length(cmd) + 1)
			print ".TP"
			print "\\fBsenda " roff(cmd) "\\fR" roff(usage)
			for (i = 1; i <= n; i++) {
				s = line[i]
				if (s == "") { close_nf(); para = 1; continue }
				# "  item   text", or "  item" with its text below
				if (s ~ /^  [^ ]/ && (s ~ /^  [^ ].*[^ ]   *[^ ]/ || line[i + 1] ~ /^                    /)) {
					close_nf()
					if (!inlist) { print ".RS"; inlist = 1 }
					tag = s; text = ""
					sub(/^  /, "", tag)
					if (match(tag, /   */)) {
						text = substr(tag, RSTART + RLENGTH)
						tag = substr(tag, 1, RSTART - 1)
					}
					print ".TP"
					print "\\fB" roff(tag) "\\fR"
					if (text != "") print roff(text)
					continue
				}
				if (inlist && s ~ /^                    /) {
					close_nf(); sub(/^ +/, "", s); print roff(s); continue
				}
				# other indented lines (lists of options): as they are
				if (s ~ /^ /) {
					if (!nf) { if (!inlist && para) print ".IP"; para = 0
						print ".nf"; nf = 1 }
					sub(/^ +/, "", s); print roff(s); continue
				}
				close_list()
				# what follows the summary is a paragraph of its own
				if (para || i == 2) print ".IP"
				para = 0
				print roff(s)
			}
			close_list()
		}'
	done
}

# The keys: "Heading:" lines, then "  KEYS<tab>LABEL<tab>HELP" lines, then
# a note.
keys() {
	say --help-keys | awk -F '\t' "$roff_awk"'
		/^[^ ].*:$/ { sub(/:$/, ""); print ".SS \"" roff($0) "\""; next }
		/^  / { sub(/^  /, "", $1)
			print ".TP"
			print "\\fB" roff($1) "\\fR"
			print "\\fI" roff($2) "\\fR \\(em " roff($3)
			next }
		/^$/ { next }
		{ print ".PP"; print roff($0) }'
}

{ printf '.nh\n.ad l\n'; commands; printf '.ad b\n.hy \\n(HY\n'; } >"$tmp.commands"
keys >"$tmp.keys"
# A senda that cannot run (or says nothing) must not make a page.
grep -q '^\\fBsenda ' "$tmp.commands" || { echo "$0: no commands from $senda --help" >&2; exit 1; }
grep -q '^\.TP' "$tmp.keys" || { echo "$0: no keys from $senda --help-keys" >&2; exit 1; }
awk -v c="$tmp.commands" -v k="$tmp.keys" -v ld="$localedir_installed" -v md="$mandir" '
	$0 == "@COMMANDS@" { while ((getline l < c) > 0) print l; next }
	$0 == "@KEYS@" { while ((getline l < k) > 0) print l; next }
	{ gsub(/@localedir@/, ld); gsub(/@mandir@/, md); print }' "$include" >"$tmp.h2m"

# The Spanish headings of help2man's own sections (senda.es.h2m names its
# ENVIRONMENT, FILES, EXAMPLES and SEE ALSO in English too, so that help2man
# puts them in their usual order).
es_sections='
/^\.TH /a\
.\\" groff has no Spanish hyphenation patterns: none rather than English ones\
.nr HY 0\
.nh
s/^\.SH NAME$/.SH NOMBRE/
s/^\.SH SYNOPSIS$/.SH SINOPSIS/
s/^\.SH DESCRIPTION$/.SH DESCRIPCIÓN/
s/^\.SH OPTIONS$/.SH OPCIONES/
s/^\.SH ENVIRONMENT$/.SH ENTORNO/
s/^\.SH FILES$/.SH ARCHIVOS/
s/^\.SH EXAMPLES$/.SH EJEMPLOS/
s/^\.SH "REPORTING BUGS"$/.SH "INFORMAR DE ERRORES"/
s/^\.SH COPYRIGHT$/.SH "DERECHOS DE AUTOR"/
/^\.SH "DERECHOS DE AUTOR"$/,/^\.SH /{
/^[^.C]/s/^/.br\
/
}
s/^\.SH "SEE ALSO"$/.SH "VÉASE TAMBIÉN"/
/^\.TH /{
s/"User Commands"$/"Órdenes de usuario"/
s/"January /"enero de /;s/"February /"febrero de /;s/"March /"marzo de /
s/"April /"abril de /;s/"May /"mayo de /;s/"June /"junio de /
s/"July /"julio de /;s/"August /"agosto de /;s/"September /"septiembre de /
s/"October /"octubre de /;s/"November /"noviembre de /;s/"December /"diciembre de /
}'

LC_ALL=C.UTF-8 "$HELP2MAN" --locale=C.UTF-8 --no-info --section=1 \
	--include="$tmp.h2m" --output="$tmp.1" \
	"sh '$self' --run $lang '$senda' '$localedir'"
if [ "$lang" = es ]; then
	sed "$es_sections" "$tmp.1" >"$tmp.2"
else
	cp "$tmp.1" "$tmp.2"
fi
# Plain ASCII: every other character as \[uXXXX].
"$PERL" -CSD -pe 's/([^\x00-\x7f])/sprintf("\\[u%04X]", ord $1)/ge' "$tmp.2" >"$tmp"
mv "$tmp" "$output"
