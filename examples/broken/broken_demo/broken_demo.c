#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

/* PGX002: declared V1 but never defined */
PG_FUNCTION_INFO_V1(ghost); /* want PGX002 */

/* PGX003: a V1 function must be Datum f(PG_FUNCTION_ARGS) */
PG_FUNCTION_INFO_V1(bad_sig);

int
bad_sig(int x) /* want PGX003 */
{
	return x;
}

PG_FUNCTION_INFO_V1(twice);
/* PGX005: repeated marker */
PG_FUNCTION_INFO_V1(twice); /* want PGX005 */

Datum
twice(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_INT32(0) * 2);
}

/* PGX004: no script binds this function */
PG_FUNCTION_INFO_V1(forgotten); /* want PGX004 */

Datum
forgotten(PG_FUNCTION_ARGS)
{
	PG_RETURN_NULL();
}

int missing_fn(int x);

PG_FUNCTION_INFO_V1(widen);

Datum
widen(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);	/* want PGX012 */
	int32		extra = PG_GETARG_INT32(1);	/* want PGX011 */

	PG_RETURN_TEXT_P(NULL);		/* want PGX013 */
}
