/* senda — `senda duplicates` (the same person met twice: every possible
 * pair of the file, or those of one person) and `senda nicknames` (the
 * table the given names are matched with). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "senda/dedupe.h"
#include "senda/i18n.h"
#include "senda/mem.h"
#include "senda/participant.h"

/* ---- nicknames ---------------------------------------------------------- */

struct nick_ctx {
	char last[64];
	int groups;
};

static int
print_nick(const char *name, const char *formal, void *ctx)
{
	struct nick_ctx *c = ctx;
	if (strcmp(c->last, formal) != 0) {
		if (c->groups++)
			putchar('\n');
		snprintf(c->last, sizeof c->last, "%s", formal);
		printf("%s:", formal);
	}
	if (strcmp(name, formal) != 0)
		printf(" %s", name);
	return 0;
}

int
cmd_nicknames(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "list";
	if (strcmp(sub, "--help") == 0) {
		cli_command_help("nicknames");
		return EXIT_OK;
	}
	bool list = strcmp(sub, "list") == 0, add = strcmp(sub, "add") == 0,
	     rm = strcmp(sub, "remove") == 0;
	if (!list && !add && !rm)
		return cli_usage_error("nicknames", _("unknown command '%s'"), sub);
	if ((list && argc > 2) || (add && argc < 4) || (rm && (argc < 3 || argc > 4)))
		return cli_usage_error("nicknames", "%s", _("wrong number of arguments"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (list) {
		struct nick_ctx c = { "", 0 };
		if (dedupe_nicknames(cli->db, print_nick, &c, &err) != SENDA_OK)
			return cli_fail(&err);
		if (c.groups)
			putchar('\n');
		return EXIT_OK;
	}
	if (add) {
		int added = 0;
		senda_error there = { 0 };
		for (int i = 3; i < argc; i++) {
			senda_err e = dedupe_nickname_add(cli->db, argv[2], argv[i], &err);
			if (e == SENDA_E_EXISTS) {
				/* the others are added all the same */
				there = err;
				senda_error_clear(&err);
				continue;
			}
			if (e != SENDA_OK)
				return cli_fail(&err);
			added++;
		}
		if (added == 0)
			return cli_fail(&there);
		if (there.code)
			cli_fail(&there);
		/* L10N: nicknames added to a group; %s is the formal name */
		printf(P_("%d nickname added to %s.\n", "%d nicknames added to %s.\n",
			  (unsigned long)added), added, argv[2]);
		return EXIT_OK;
	}
	int removed = 0;
	if (dedupe_nickname_remove(cli->db, argv[2], argc == 4 ? argv[3] : NULL, &removed, &err) !=
	    SENDA_OK)
		return cli_fail(&err);
	/* L10N: rows taken off the nickname table */
	printf(P_("%d nickname removed.\n", "%d nicknames removed.\n", (unsigned long)removed),
	       removed);
	return EXIT_OK;
}

/* ---- duplicates --------------------------------------------------------- */

/* "  ID  Surnames, Given names" of a participant. */
static senda_err
print_person(senda_db *db, const char *id, senda_error *err)
{
	participant p;
	participant_init(&p);
	senda_err e = participant_get(db, id, &p, err);
	if (e == SENDA_OK) {
		char *name = participant_name_new(&p);
		printf("    %s  %s", p.id, name);
		if (*p.birth_date)
			printf("  %s", p.birth_date);
		if (*p.phone)
			printf("  %s", p.phone);
		putchar('\n');
		free(name);
	}
	participant_free(&p);
	return e;
}

static int
duplicates_of(struct cli *cli, const char *id, long limit)
{
	senda_error err = { 0 };
	participant p;
	participant_init(&p);
	if (participant_get(cli->db, id, &p, &err) != SENDA_OK)
		return cli_fail(&err);
	dedupe_match *m = NULL;
	size_t n = 0;
	senda_err e = dedupe_candidates(cli->db, &p, limit > 0 ? (size_t)limit : 100, &m, &n, &err);
	participant_free(&p);
	if (e != SENDA_OK)
		return cli_fail(&err);
	for (size_t i = 0; i < n && e == SENDA_OK; i++) {
		printf("%3d", m[i].score);
		e = print_person(cli->db, m[i].id, &err);
		printf("       %s\n", m[i].evidence);
	}
	if (e == SENDA_OK)
		/* L10N: after the possible duplicates of one person */
		printf(P_("%zu possible duplicate.\n", "%zu possible duplicates.\n",
			  (unsigned long)n), n);
	dedupe_matches_free(m, n);
	return e == SENDA_OK ? EXIT_OK : cli_fail(&err);
}

/* link A B, different A B, unlink A */
static int
decide(struct cli *cli, int argc, char **argv)
{
	const char *sub = argv[1];
	bool unlink = strcmp(sub, "unlink") == 0;
	if (argc != (unlink ? 3 : 4))
		return cli_usage_error("duplicates", "%s", _("wrong number of arguments"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	senda_error err = { 0 };
	if (strcmp(sub, "link") == 0) {
		if (dedupe_link(cli->db, argv[2], argv[3], &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: after `senda duplicates link A B` */
		puts(_("Linked: the same person. Both records and their histories are kept."));
	} else if (unlink) {
		int n = 0;
		if (dedupe_unlink(cli->db, argv[2], &n, &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: after `senda duplicates unlink A`: records no longer linked */
		printf(P_("%d record unlinked.\n", "%d records unlinked.\n", (unsigned long)n), n);
	} else {
		if (dedupe_mark_different(cli->db, argv[2], argv[3], &err) != SENDA_OK)
			return cli_fail(&err);
		/* L10N: after `senda duplicates different A B` */
		puts(_("Marked as different people: the pair will not be proposed again."));
	}
	return EXIT_OK;
}

int
cmd_duplicates(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "link") == 0 || strcmp(argv[1], "unlink") == 0 ||
			  strcmp(argv[1], "different") == 0))
		return decide(cli, argc, argv);
	long limit = 0;
	const char *of = NULL;
	bool scan = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			cli_command_help("duplicates");
			return EXIT_OK;
		} else if (strcmp(argv[i], "--scan") == 0) {
			scan = true;
		} else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			char *end;
			limit = strtol(argv[++i], &end, 10);
			if (*end || limit < 0)
				/* L10N: %s is what the user typed after --limit */
				return cli_usage_error("duplicates", _("not a number: '%s'"), argv[i]);
		} else if (strcmp(argv[i], "of") == 0 && i + 1 < argc && !of) {
			of = argv[++i];
		} else if (argv[i][0] == '-') {
			return cli_usage_error("duplicates", _("unknown option '%s'"), argv[i]);
		} else {
			return cli_usage_error("duplicates", _("unknown command '%s'"), argv[i]);
		}
	}
	if (of && scan)
		return cli_usage_error("duplicates", "%s", _("wrong number of arguments"));
	if (!cli_open(cli, false))
		return EXIT_ERROR;
	if (of)
		return duplicates_of(cli, of, limit);
	senda_error err = { 0 };
	dedupe_pair *p = NULL;
	size_t n = 0;
	dedupe_scan_stats st;
	if (dedupe_scan(cli->db, &p, &n, &st, &err) != SENDA_OK)
		return cli_fail(&err);
	size_t shown = limit > 0 && (size_t)limit < n ? (size_t)limit : n;
	/* the ids and the evidence, which names them: a scan of a large file
	 * may find thousands */
	for (size_t i = 0; i < shown; i++)
		printf("%3d  %s  %s\n     %s\n", p[i].score, p[i].a, p[i].b, p[i].evidence);
	dedupe_pairs_free(p, n);
	/* L10N: after `senda duplicates`: pairs found, people in the file */
	printf(P_("%zu possible duplicate pair among %lld people", "%zu possible duplicate pairs among %lld people",
		  (unsigned long)n), n, (long long)st.people);
	if (shown < n)
		/* L10N: after the count of pairs, when --limit showed fewer */
		printf(_(" (the first %zu shown)"), shown);
	puts(".");
	if (st.skipped)
		/* L10N: a scan leaves out people who share a birth date or phone with too many */
		printf(_("%lld people share a birth date or a phone with more than %d others:"
			 " those were compared by name only.\n"), (long long)st.skipped,
		       DEDUPE_BLOCK_MAX);
	return EXIT_OK;
}
