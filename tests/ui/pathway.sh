# senda — interface tests of the pathway screens (issue 4): ESL screening,
# referral and its status loop, the slip, job placement, the partner
# directory and the ESL tables. Sourced by ui.sh after lib.sh; every flow
# runs once in English and once in Spanish. Data is set up with the command
# line to keep the flows short.

PNAME="Núñez Peña, María José"

# The words each flow looks for, in the interface language L.
pathway_strings() {
	if [ "$1" = es ]; then
		P_HOME="p Participantes"
		P_SCREENINGS="Evaluaciones de inglés"
		P_SCORE="Puntaje"
		P_TYPE_SCORE="el nivel de inglés aparece aquí"
		P_L5="Nivel 5: Intermedio alto"
		P_EXITED="Completó los niveles de inglés"
		P_LETTERS="solo dígitos"
		P_SCR_SAVED="Evaluación guardada: nivel 5, Intermedio alto."
		P_REC_LEVEL="nivel 5: Intermedio alto"
		P_GAIN="Avance de nivel: 3 → 5 (+2)"
		P_CHOOSE="Elija un programa"
		P_REF_DATE="Fecha del referido"
		P_SLIP_Q="¿Escribir ahora la hoja"
		P_CONSENT_Q="no ha aceptado compartir su información"
		P_REFERRED="referido"
		P_CHANGE="c Cambiar estado"
		P_STATUS_DATE="Fecha del estado"
		P_NEVER="El participante nunca se inscribió"
		P_NOTHING="No se guardó nada."
		P_NOW_ENROLLED=": inscrito."
		P_NOW_COMPLETED=": completado."
		P_FILE="Nombre del archivo"
		P_SLIP_IN="La hoja está en"
		P_EMPLOYER="Empleador"
		P_ZERO="Un salario de \$0.00 por hora"
		P_CHANGE_PCT="+25.0% desde el registro"
		P_ORGS="Organizaciones aliadas"
		P_NEW_ORG="Una organización aliada nueva"
		P_PROGRAMS="Ninguno todavía"
		P_PROGRAM_NAME="Nombre del programa"
		P_LEVELS_HEAD="vigente desde el 1 de julio de 2006"
		P_LEVELS_EXIT="más de 235: completó los niveles de inglés"
		P_RETIRE_Q="¿Retirar la tabla BEST Literacy"
		P_RESTORE_Q="¿Volver a usar la tabla BEST Literacy"
		P_RETIRED="(retirada)"
		P_YES=s
		P_NO=n
		P_ORAL="< Entrevista oral"
		P_TABE_HEAD="TABE CLAS-E lectura —"
		P_CREATED="Registro de ingreso creado"
		P_TABE_SOURCE="Fuente: Manual estatal del año fiscal 2018"
		P_PROGRAMS_HINT="Intro abre uno para cambiarlo"
		P_SLIP_NAME="referido-R-"
		P_RETIRE_CASAS="¿Retirar la tabla CASAS lectura o escucha (NRS 2006-2016)?"
		P_CASAS="< CASAS lectura o escucha"
	else
		P_HOME="p Participants"
		P_SCREENINGS="English screenings"
		P_SCORE="Score"
		P_TYPE_SCORE="the ESL level appears here"
		P_L5="Level 5: High Intermediate ESL"
		P_EXITED="Has exited ESL"
		P_LETTERS="digits only"
		P_SCR_SAVED="Screening saved: level 5, High Intermediate ESL."
		P_REC_LEVEL="level 5: High Intermediate ESL"
		P_GAIN="Level gain: 3 → 5 (+2)"
		P_CHOOSE="Choose a program"
		P_REF_DATE="Referral date"
		P_SLIP_Q="Write the slip"
		P_CONSENT_Q="has not agreed to share their information"
		P_REFERRED="referred"
		P_CHANGE="c Change status"
		P_STATUS_DATE="Status date"
		P_NEVER="The participant was never enrolled"
		P_NOTHING="Nothing was saved."
		P_NOW_ENROLLED="is now: enrolled."
		P_NOW_COMPLETED="is now: completed."
		P_FILE="File name"
		P_SLIP_IN="The slip is in"
		P_EMPLOYER="Employer"
		P_ZERO="A wage of \$0.00 an hour"
		P_CHANGE_PCT="+25.0% since intake"
		P_ORGS="Partner organizations"
		P_NEW_ORG="A new partner organization"
		P_PROGRAMS="None yet"
		P_PROGRAM_NAME="Program name"
		P_LEVELS_HEAD="in effect from July 1, 2006"
		P_LEVELS_EXIT="above 235: exited ESL"
		P_RETIRE_Q="Retire the table BEST Literacy"
		P_RESTORE_Q="Bring the table BEST Literacy"
		P_RETIRED="(retired)"
		P_YES=y
		P_NO=n
		P_ORAL="< Oral interview"
		P_TABE_HEAD="TABE CLAS-E reading —"
		P_CREATED="Intake recorded"
		P_TABE_SOURCE="Source: State manual FY2018 (TABE CLAS-E reading)"
		P_PROGRAMS_HINT="Enter opens one to change it"
		P_SLIP_NAME="referral-R-"
		P_RETIRE_CASAS="Retire the table CASAS reading or listening (NRS 2006-2016)?"
		P_CASAS="< CASAS reading or listening"
	fi
}

# pathway_setup NAME L PLANG: a file in interface language L with one
# participant (language PLANG, $12.00 an hour at intake) and a college with
# two programs: one for level 5 and up (credential Nurse Aide I), one for
# level 6. Sets DB and PID.
pathway_setup() {
	DB=$(new_db "$1" "$2") || return 1
	PID=$("$SENDA" --db "$DB" add --given "María José" --surname "Núñez" --surname2 "Peña" \
		--birth 1990-03-04 --language "$3" --wage 12 2>&1) ||
		fail_because "add: $PID" || return 1
	"$SENDA" --db "$DB" partners add --name "Valley College" --kind college \
		--address "1200 College Ave" --city Springfield --phone 555-010-0101 >/dev/null &&
	"$SENDA" --db "$DB" programs add "Valley College" --name "Nurse aide bridge" \
		--min-level 5 --credential "Nurse Aide I" --documents "photo ID" \
		--schedule "Tue 6 pm" >/dev/null &&
	"$SENDA" --db "$DB" programs add "Valley College" --name "Welding II" \
		--min-level 6 >/dev/null || fail_because "could not set up the partner"
}

# Open the only participant's record.
open_record() {
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	keys p && wait_for "$PNAME" && keys Enter && wait_for "$P_SCREENINGS"
}

# The level appears as the score is typed; above the top it says exited;
# letters get a message; saved, the record shows the level by name and the
# gain since the first screening (level 3, from the command line).
flow_screening() {
	pathway_strings "$1"
	pathway_setup screen-$1 $1 es || return 1
	"$SENDA" --db "$DB" screen "$PID" --instrument casas --score 200 \
		--date 2025-01-15 >/dev/null || return 1
	open_record || return 1
	keys s && wait_for "$P_SCORE" && wait_for "$P_TYPE_SCORE" || return 1
	keys Tab Tab && type_text "2a" && wait_for "$P_LETTERS" || return 1
	keys C-u && type_text "236" && wait_for "$P_EXITED" || return 1
	keys C-u && type_text "21" && wait_gone "$P_EXITED" || return 1
	type_text "5" && wait_for "$P_L5" || return 1
	keys C-s && wait_for "$P_SCR_SAVED" && wait_for "$P_REC_LEVEL" &&
		wait_for "$P_GAIN" || return 1
	# The new screening's row names its test (the record keeps its own copy).
	wait_match "${P_CASAS#< } +215 " || return 1
	"$SENDA" --db "$DB" show "$PID" | grep -q " 215" ||
		fail_because "the screening is not in the file"
}

# Cycling the test through the oral interview and back to the same test
# keeps the score typed (issue 7, item 16).
flow_screening_cycle() {
	pathway_strings "$1"
	pathway_setup cycle-$1 $1 es || return 1
	open_record || return 1
	keys s && wait_for "$P_SCORE" && wait_for "$P_TYPE_SCORE" || return 1
	keys Tab Tab && type_text "215" && wait_for "$P_L5" || return 1
	keys BTab BTab Right Right Right Right && wait_for "$P_ORAL" || return 1
	keys Right && wait_for "$P_CASAS" && wait_for "$P_L5" || return 1
	keys C-s && wait_for "$P_SCR_SAVED" || return 1
	"$SENDA" --db "$DB" show "$PID" | grep -q " 215" ||
		fail_because "the score is not in the file"
}

# Refer to a program the person can enter; a status change that skips a
# step asks (no: nothing saved); enrolled, then completed with a credential.
flow_referral() {
	pathway_strings "$1"
	pathway_setup refer-$1 $1 es || return 1
	"$SENDA" --db "$DB" screen "$PID" --instrument casas --score 215 >/dev/null || return 1
	open_record || return 1
	keys r && wait_for "$P_CHOOSE" && wait_for "Nurse aide bridge" || return 1
	keys Enter && wait_for "$P_REF_DATE" || return 1
	# She has not consented to share: asked first; "no" saves nothing.
	keys C-s && wait_for "$P_CONSENT_Q" || return 1
	keys "$P_NO" && wait_for "$P_NOTHING" || return 1
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM referral')" -eq 0 ] ||
		fail_because "a referral was saved without consent" || return 1
	keys C-s && wait_for "$P_CONSENT_Q" || return 1
	keys "$P_YES" && wait_for "$P_SLIP_Q" || return 1
	[ "$(sqlite3 "$DB" 'SELECT consent_share FROM participant')" -eq 1 ] ||
		fail_because "the consent given was not recorded" || return 1
	keys "$P_NO" && wait_for "$P_SCREENINGS" || return 1
	keys End && wait_for "↑" && wait_for "Nurse aide bridge — Valley College" &&
		wait_for "$P_REFERRED" || return 1
	keys Enter && wait_for "$P_CHANGE" || return 1
	# referred -> completed skips enrolling: asked, and "no" saves nothing.
	keys c && wait_for "$P_STATUS_DATE" || return 1
	keys Right Right Right Right && keys C-s && wait_for "$P_NEVER" || return 1
	keys "$P_NO" && wait_for "$P_NOTHING" || return 1
	"$SENDA" --db "$DB" referrals "$PID" | grep -q referred ||
		fail_because "the refused change was saved" || return 1
	keys Left Left Left && keys C-s && wait_for "$P_NOW_ENROLLED" || return 1
	keys c && keys Tab Tab Tab && type_text "Nurse Aide I" && keys C-s &&
		wait_for "$P_NOW_COMPLETED" && wait_for "Nurse Aide I" || return 1
	"$SENDA" --db "$DB" referrals "$PID" | grep -q completed ||
		fail_because "the file does not say completed"
}

# The slip goes to a file named on the screen, the participant's language
# first: Spanish for the Spanish flow's participant, English for the other.
flow_slip() {
	pathway_strings "$1"
	pathway_setup slip-$1 $1 $1 || return 1
	"$SENDA" --db "$DB" screen "$PID" --instrument casas --score 215 >/dev/null || return 1
	prog=$("$SENDA" --db "$DB" programs list | awk '/Nurse aide bridge/ {print $1}')
	"$SENDA" --db "$DB" refer "$PID" "$prog" --consent-given >/dev/null || return 1
	open_record && keys Enter && wait_for "$P_CHANGE" || return 1
	slip="$UI_DIR/slip-$1.txt"
	keys w && wait_for "$P_FILE" && keys C-u && type_text "$slip" && keys Enter &&
		wait_for "$P_SLIP_IN $slip" || return 1
	[ -f "$slip" ] || fail_because "no slip in $slip" || return 1
	en=$(grep -n "REFERRAL SLIP" "$slip" | cut -d: -f1)
	es=$(grep -n "HOJA DE REFERIDO" "$slip" | cut -d: -f1)
	[ -n "$en" ] && [ -n "$es" ] || fail_because "the slip lacks a language" || return 1
	grep -q "photo ID" "$slip" || fail_because "the slip lacks what to bring" || return 1
	if [ "$1" = es ]; then
		[ "$es" -lt "$en" ] || fail_because "Spanish is not first"
	else
		[ "$en" -lt "$es" ] || fail_because "English is not first"
	fi
}

# A job: a wage of 0 asks (no: nothing saved); $15 against $12 at intake
# is +25.0%, on the message line and on the record.
flow_placement() {
	pathway_strings "$1"
	pathway_setup job-$1 $1 es || return 1
	open_record || return 1
	keys j && wait_for "$P_EMPLOYER" || return 1
	type_text "Acme Foods" && keys Tab && type_text "Line cook" && keys Tab &&
		type_text "Food" && keys Tab Tab && type_text "0" && keys C-s &&
		wait_for "$P_ZERO" || return 1
	keys "$P_NO" && wait_for "$P_NOTHING" || return 1
	keys C-u && type_text "15" && keys C-s && wait_for "$P_CHANGE_PCT" &&
		wait_for "$P_SCREENINGS" || return 1
	keys End && wait_for "↑" && wait_for "Acme Foods" && wait_for "$P_CHANGE_PCT" || return 1
	# The job's row on the record (not the message line) names the employer.
	wait_match "[0-9]{2}/[0-9]{2}/[0-9]{4} Acme Foods" || return 1
	"$SENDA" --db "$DB" show "$PID" | grep -q "Acme Foods" ||
		fail_because "the job is not in the file"
}

# The directory: a new organization and a program, from the home screen.
flow_partners() {
	pathway_strings "$1"
	DB=$(new_db orgs-$1 $1) || return 1
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	keys o && wait_for "$P_ORGS" && keys n && wait_for "$P_NEW_ORG" || return 1
	type_text "Centro Esperanza" && keys C-s && wait_for "$P_PROGRAMS" || return 1
	keys a && wait_for "$P_PROGRAM_NAME" && type_text "Inglés nocturno" &&
		keys Tab Tab Right Right Right && keys C-s && wait_gone "$P_PROGRAM_NAME" &&
		wait_for "Inglés nocturno" || return 1
	"$SENDA" --db "$DB" programs list | grep "Inglés nocturno" | grep -q " 3 " ||
		fail_because "the program is not in the file with level 3"
}

# The ESL tables: CASAS with its exit line; retire one, then bring it back.
flow_levels() {
	pathway_strings "$1"
	DB=$(new_db levels-$1 $1) || return 1
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	keys l && wait_for "$P_LEVELS_HEAD" || return 1
	keys r && wait_for "$P_RETIRE_Q" && keys "$P_YES" && wait_for "$P_RETIRED" || return 1
	"$SENDA" --db "$DB" levels list --all | grep -Eq "retired|retirad" ||
		fail_because "no table was retired in the file" || return 1
	keys r && wait_for "$P_RESTORE_Q" && keys "$P_YES" && wait_gone "$P_RETIRED" || return 1
	keys End && wait_for "↑" && wait_for "$P_LEVELS_EXIT"
}

# Page Down keeps the selection on screen, and the question names the table
# that r acts on (issue 7, item 10).
flow_levels_page() {
	pathway_strings "$1"
	DB=$(new_db levels-page-$1 $1) || return 1
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	keys l && wait_for "$P_LEVELS_HEAD" || return 1
	keys NPage && wait_for "$P_TABE_HEAD" || return 1
	seen=$(ui_screen)
	keys r && wait_for "$P_RETIRE_CASAS" && keys "$P_YES" && wait_for "$P_RETIRED" || return 1
	retired=$("$SENDA" --db "$DB" levels list --all | grep -E '^[A-Z].*(retired|retirad)')
	case $retired in
	"CASAS reading or listening"*) ;;
	*) fail_because "retired: ${retired:-none}" || return 1 ;;
	esac
	case $seen in
	*"CASAS"*) ;;
	*) fail_because "the retired table was not on the screen" ;;
	esac
}

# Words (issue 7, item 18): the partner's programs say Enter opens one, as
# the bar does; the slip's file name is in the language of the screen; the
# shipped TABE table's source note is translated.
flow_pathway_words() {
	pathway_strings "$1"
	pathway_setup words-$1 $1 es || return 1
	prog=$("$SENDA" --db "$DB" programs list | awk '/Nurse aide bridge/ {print $1}')
	"$SENDA" --db "$DB" refer "$PID" "$prog" --consent-given >/dev/null || return 1
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	keys o && wait_for "$P_ORGS" && wait_for "Valley College" || return 1
	keys Enter && wait_for "$P_PROGRAMS_HINT" || return 1
	keys Escape && wait_for "$P_ORGS" && keys Escape && wait_for "$P_HOME" || return 1
	keys l && wait_for "$P_LEVELS_HEAD" && keys End && wait_for "$P_TABE_SOURCE" || return 1
	keys Escape && wait_for "$P_HOME" || return 1
	keys p && wait_for "$PNAME" && keys Enter && wait_for "$P_SCREENINGS" || return 1
	keys Enter && wait_for "$P_CHANGE" && keys w && wait_for "$P_FILE" &&
		wait_for "$P_SLIP_NAME"
}

# At 200x60 text columns get the room: the user's name in the history and
# the organization's name in the record and in the list of programs are
# whole (issue 7, item 19).
flow_wide() {
	pathway_strings "$1"
	long_user="Coordinadora del programa de empleo"
	long_org="Centro Latino de Aprendizaje y Empleo Comunitario"
	DB="$UI_DIR/wide-$1.db"
	rm -f "$DB"*
	env -u LANGUAGE "$SENDA" --db "$DB" init --site "Centro" --user "$long_user" \
		--lang "$1" >/dev/null || return 1
	PID=$("$SENDA" --db "$DB" add --given "María José" --surname "Núñez" --surname2 "Peña" \
		--language es 2>&1) || fail_because "add: $PID" || return 1
	"$SENDA" --db "$DB" partners add --name "$long_org" --kind community >/dev/null &&
	"$SENDA" --db "$DB" programs add "$long_org" --name "Inglés por la tarde" >/dev/null ||
		fail_because "could not set up the partner" || return 1
	ui_start "$DB" && wait_for "$P_HOME" || return 1
	ui_resize 200 60 || return 1
	keys p && wait_for "$PNAME" && keys Enter && wait_for "$P_SCREENINGS" || return 1
	# The whole user's name, then the change, on one line of the history.
	wait_match "$long_user +$P_CREATED" || return 1
	wait_match "    Inglés por la tarde +$long_org" || return 1
	# In the list of programs the whole name, then the room left: the row
	# (the line below the list says it all anyway, after a colon).
	keys r && wait_for "$P_CHOOSE" && wait_match "$long_org   " || return 1
}

pathway_tests() {
	for l in en es; do
		run_test "ESL screening: level as typed, exited, record ($l)" flow_screening $l
		run_test "screening: cycling the test back keeps the score ($l)" flow_screening_cycle $l
		run_test "referral: refer, confirm a skip, enrolled, completed ($l)" flow_referral $l
		run_test "referral slip to a file, participant's language first ($l)" flow_slip $l
		run_test "job placement: confirm a wage of 0, wage change ($l)" flow_placement $l
		run_test "partner directory: new organization and program ($l)" flow_partners $l
		run_test "words: programs hint, slip file name, TABE source ($l)" flow_pathway_words $l
		run_test "at 200x60 names are not cut ($l)" flow_wide $l
		run_test "ESL tables: view, retire, restore ($l)" flow_levels $l
		run_test "ESL tables: Page Down keeps the selection in view, r names it ($l)" flow_levels_page $l
	done
}
