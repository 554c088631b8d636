#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "util.h"

PG_MODULE_MAGIC;

/* Комментарий: сложение 🐘 */ PG_FUNCTION_INFO_V1(demo_add);

Datum
demo_add(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	int32		b = PG_GETARG_INT32(1);

	PG_RETURN_INT32(demo_sum(a, b));
}

PG_FUNCTION_INFO_V1(demo_greet);

Datum
demo_greet(PG_FUNCTION_ARGS)
{
	text	   *name = PG_GETARG_TEXT_PP(0);

	PG_RETURN_TEXT_P(name);
}
