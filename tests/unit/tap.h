/* senda tests — run a Check suite and report every test case in TAP on
 * standard output, so that automake's TAP driver counts each one. */
#ifndef SENDA_TEST_TAP_H
#define SENDA_TEST_TAP_H

#include <check.h>
#include <stdlib.h>

static inline int
run_suite_tap(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
