#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(two);
Datum two(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0) + PG_GETARG_INT32(1)); }
PG_FUNCTION_INFO_V1(one);
Datum
one(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	int32 b = PG_GETARG_INT32(1); /* want PGX011 */
	if (PG_ARGISNULL(2)) /* want PGX011 */
		PG_RETURN_NULL();
	PG_RETURN_INT32(a + b);
}
PG_FUNCTION_INFO_V1(opt);
Datum
opt(PG_FUNCTION_ARGS)
{
	int32 b = PG_NARGS() > 1 ? PG_GETARG_INT32(1) : 0;
	PG_RETURN_INT32(PG_GETARG_INT32(0) + b);
}
PG_FUNCTION_INFO_V1(with_out);
Datum
with_out(PG_FUNCTION_ARGS)
{
	int32 a = PG_GETARG_INT32(0);
	int32 b = PG_GETARG_INT32(1); /* want PGX011 */
	PG_RETURN_NULL();
}
PG_FUNCTION_INFO_V1(support);
Datum
support(PG_FUNCTION_ARGS)
{
	/* called by the server with more arguments than declared */
	PG_RETURN_POINTER(PG_GETARG_POINTER(4));
}
