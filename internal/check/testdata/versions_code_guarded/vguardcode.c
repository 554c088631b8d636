/*
 * This code tells PostgreSQL 14 from 15 and later, so it is written for
 * 14 too: its unguarded use of guc_malloc (16 and later) is a bug there,
 * not a sign of the majors it targets, and it is checked for the majors in
 * support.
 */
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(vguardcode_setting);
Datum
vguardcode_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *copy = guc_malloc(ERROR, strlen(name) + 1); /* want@14,15 PGX205 */

	strcpy(copy, name);
#if PG_VERSION_NUM >= 150000
	name = pstrdup(copy);
#endif
	PG_RETURN_TEXT_P(cstring_to_text(name));
}
