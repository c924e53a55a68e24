/* senda — the migrations built into the binary (generated from schema/). */
#ifndef SENDA_DB_MIGRATIONS_H
#define SENDA_DB_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration senda_migrations[];
extern const int senda_migrations_count;

#endif
