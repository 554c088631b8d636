/*
 * pgext_demo.c: SQL-callable functions of the pgext_demo extension.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(add_one);

Datum
add_one(PG_FUNCTION_ARGS)
{
	int32		arg = PG_GETARG_INT32(0);

	PG_RETURN_INT32(arg + 1);
}

PG_FUNCTION_INFO_V1(text_reverse);

Datum
text_reverse(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			len = VARSIZE_ANY_EXHDR(t);
	const char *src = VARDATA_ANY(t);
	text	   *result = (text *) palloc(VARHDRSZ + len);
	char	   *dst = VARDATA(result);

	SET_VARSIZE(result, VARHDRSZ + len);
	for (int i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
	PG_RETURN_TEXT_P(result);
}

/* add_ints is not STRICT: the second argument may be NULL. */
PG_FUNCTION_INFO_V1(add_ints);

Datum
add_ints(PG_FUNCTION_ARGS)
{
	int64		a;
	int64		b = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = PG_GETARG_INT64(0);
	if (!PG_ARGISNULL(1))
		b = PG_GETARG_INT64(1);
	PG_RETURN_INT64(a + b);
}
