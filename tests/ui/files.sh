# senda — interface tests of issue 7, items 1 and 6: the slip screen writes through
# the same safe writer as the command line. It refuses the open database and
# a symbolic link (saying so beside the field), asks before replacing an
# existing file ("no" keeps it), and writes it when told yes; the first-run
# screen never makes its file through a symbolic link. Sourced by ui.sh
# after pathway.sh (whose pathway_strings and pathway_setup it uses); once in
# English and once in Spanish. POSIX sh, like ui.sh.

files_strings() {
	if [ "$1" = es ]; then
		F_ISDB="es la base de datos abierta"
		F_LINK="es un enlace simbólico"
		F_REPLACE="¿Reemplazarlo?"
		F_WELCOME="Le damos la bienvenida a senda."
	else
		F_ISDB="is the open database"
		F_LINK="is a symbolic link"
		F_REPLACE="Write over"
		F_WELCOME="Welcome to senda."
	fi
}

flow_slip_refusals() {
	pathway_strings "$1"
	files_strings "$1"
	pathway_setup slipsafe-$1 $1 $1 || return 1
	"$SENDA" --db "$DB" edit "$PID" --consent-share yes >/dev/null || return 1
	"$SENDA" --db "$DB" screen "$PID" --instrument casas --score 215 >/dev/null || return 1
	prog=$("$SENDA" --db "$DB" programs list | awk '/Nurse aide bridge/ {print $1}')
	"$SENDA" --db "$DB" refer "$PID" "$prog" >/dev/null || return 1
	before=$(md5sum <"$DB")
	open_record && keys Enter && wait_for "$P_CHANGE" || return 1
	keys w && wait_for "$P_FILE" && keys C-u && type_text "$DB" && keys Enter &&
		wait_for "$F_ISDB" || return 1
	[ "$(md5sum <"$DB")" = "$before" ] || fail_because "the database was written" || return 1
	ln -s "$UI_DIR/nowhere-$1" "$UI_DIR/link-$1.txt"
	keys C-u && type_text "$UI_DIR/link-$1.txt" && keys Enter && wait_for "$F_LINK" || return 1
	[ -L "$UI_DIR/link-$1.txt" ] && [ ! -e "$UI_DIR/nowhere-$1" ] ||
		fail_because "the link was followed or replaced" || return 1
	old="$UI_DIR/old-$1.txt"
	echo "keep me" >"$old"
	keys C-u && type_text "$old" && keys Enter && wait_for "$F_REPLACE" || return 1
	keys "$P_NO" && wait_gone "$F_REPLACE" || return 1
	[ "$(cat "$old")" = "keep me" ] || fail_because "the file was replaced after no" || return 1
	keys Enter && wait_for "$F_REPLACE" && keys "$P_YES" && wait_for "$P_SLIP_IN $old" || return 1
	grep -q "REFERRAL SLIP" "$old" || fail_because "no slip in $old after yes" || return 1
	[ "$(stat -c %a "$old")" = 600 ] || fail_because "the slip is not mode 0600"
}

# First run on a dangling symbolic link: the file is not made through the
# link, the link stays, and the screen says why (issue 7, item 6).
flow_first_run_link() {
	files_strings "$1"
	db="$UI_DIR/firstlink-$1.db"
	rm -f "$db"* "$UI_DIR/nowhere-first-$1.db"
	ln -s "$UI_DIR/nowhere-first-$1.db" "$db"
	ui_start "$db" LANGUAGE=$1 && wait_for "$F_WELCOME" || return 1
	type_text "Centro Esperanza" && keys Tab && type_text "Luis Ortiz" && keys C-s &&
		wait_for "$F_LINK" || return 1
	[ -L "$db" ] && [ ! -e "$UI_DIR/nowhere-first-$1.db" ] ||
		fail_because "the link was followed or removed"
}

files_tests() {
	for l in en es; do
		run_test "slip screen: refuses the database and a link, asks before replacing ($l)" \
			flow_slip_refusals $l
		run_test "first run on a dangling link: refused, the link kept ($l)" \
			flow_first_run_link $l
	done
}
