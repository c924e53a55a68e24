/* senda — the terminal interface (ncursesw). */
#ifndef SENDA_UI_H
#define SENDA_UI_H

/* Open the interface on the database at db_path; when there is no file
 * there, first-run setup creates it. Returns the exit status: non-zero
 * (after a translated message on stderr) when this terminal cannot show
 * the interface or the file cannot be opened. */
int ui_run(const char *db_path);

/* Print every action of the interface, in groups: a heading line ending in
 * ':', then one line per action, "  KEYS<tab>LABEL<tab>HELP", in the current
 * language; then a note on forms. Needs no terminal: senda --help-keys,
 * which the manual page includes. */
void ui_print_keys(void);

#endif
