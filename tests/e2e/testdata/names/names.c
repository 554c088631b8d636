#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(names_add);
PG_FUNCTION_INFO_V1(nm_twice);
PG_FUNCTION_INFO_V1(names_sum);

Datum
names_add(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) + PG_GETARG_INT32(1));
}

Datum
nm_twice(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(names_add, PG_GETARG_DATUM(0), PG_GETARG_DATUM(0));
}

Datum
names_sum(PG_FUNCTION_ARGS)
{
	Datum		ab = DirectFunctionCall2(names_add, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1));

	return DirectFunctionCall2(names_add, ab, PG_GETARG_DATUM(2));
}
