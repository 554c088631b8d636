/*
 * Written for 16 and later (guc_malloc, guc_free and object_ownercheck,
 * 16's, are used without a guard), with a branch left from when it still
 * built for 13: the guard tells apart two majors the code cannot build
 * for, a stale branch, not a sign that it supports them. It is checked
 * for 16 and later.
 */
#include "postgres.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#if PG_VERSION_NUM >= 170000
PG_MODULE_MAGIC_EXT(.name = "vstale", .version = "1.0"); /* want@17 PGX205 */
#else
PG_MODULE_MAGIC;
#endif

PG_FUNCTION_INFO_V1(vstale_setting);
Datum
vstale_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *copy = guc_malloc(ERROR, strlen(name) + 1);

	if (!object_ownercheck(NamespaceRelationId, PG_CATALOG_NAMESPACE, GetUserId()))
		elog(DEBUG1, "not the owner of pg_catalog");
	strcpy(copy, name);
#if PG_VERSION_NUM >= 140000
	name = pstrdup(copy);
#else
	name = pstrdup(copy);		/* 13 */
#endif
	guc_free(copy);
	PG_RETURN_TEXT_P(cstring_to_text(name));
}
