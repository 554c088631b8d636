/*
 * Kept on a branch of its own for each PostgreSQL major, this code is
 * written for 16 and later: guc_malloc and guc_free, 16's, are used
 * without a version guard, and nothing tells older majors apart. It is
 * checked for 16 and later, whatever pg_config is installed, and what a
 * supported major lacks under its guards is still reported.
 */
#include "postgres.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#if PG_VERSION_NUM >= 170000
PG_MODULE_MAGIC_EXT(.name = "vcode", .version = "1.0"); /* want@17 PGX205 */
#else
PG_MODULE_MAGIC;
#endif

PG_FUNCTION_INFO_V1(vcode_setting);
Datum
vcode_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *copy = guc_malloc(ERROR, strlen(name) + 1);

	strcpy(copy, name);
	name = pstrdup(copy);
	guc_free(copy);
	PG_RETURN_TEXT_P(cstring_to_text(name));
}
