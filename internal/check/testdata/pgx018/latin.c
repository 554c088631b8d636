#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

/* fonction déjà écrite */ PG_FUNCTION_INFO_V1(latin_one);

Datum
latin_one(PG_FUNCTION_ARGS)
{
	/* été */ PG_RETURN_INT32(PG_GETARG_INT32(0) + PG_GETARG_INT32(1)); /* want PGX011 */
}
