/* senda tests — read one value in a test, failing the test when the
 * database reports an error (db_int and db_text never return a default).
 * GNU statement expressions, as the tests build with gcc. */
#ifndef SENDA_TEST_DBQ_H
#define SENDA_TEST_DBQ_H

#include <check.h>
#include "db/stmt.h"

/* T_INT(db, sql, types, ...): the value; no row, NULL or an error fail. */
#define T_INT(db, ...) ({ \
	int64_t t_v_ = 0; \
	senda_error t_e_ = { 0 }; \
	senda_err t_r_ = db_int((db), &t_v_, &t_e_, __VA_ARGS__); \
	ck_assert_msg(t_r_ == SENDA_OK, "db_int: error %d (%s)", (int)t_r_, t_e_.detail); \
	t_v_; })

/* T_TEXT(db, sql, types, ...): malloc'd text, NULL for no row or NULL;
 * an error fails. */
#define T_TEXT(db, ...) ({ \
	char *t_s_ = NULL; \
	senda_error t_e_ = { 0 }; \
	senda_err t_r_ = db_text((db), &t_s_, &t_e_, __VA_ARGS__); \
	ck_assert_msg(t_r_ == SENDA_OK || t_r_ == SENDA_E_NOTFOUND, "db_text: error %d (%s)", \
		      (int)t_r_, t_e_.detail); \
	t_s_; })

/* T_GET(type, fn, args...): calls fn(args..., &out, &err), fails the test
 * unless it returns SENDA_OK, and gives out. */
#define T_GET(type, fn, ...) ({ \
	type t_o_ = 0; \
	senda_error t_e_ = { 0 }; \
	senda_err t_r_ = fn(__VA_ARGS__, &t_o_, &t_e_); \
	ck_assert_msg(t_r_ == SENDA_OK, #fn ": error %d (%s)", (int)t_r_, t_e_.detail); \
	t_o_; })

#endif
