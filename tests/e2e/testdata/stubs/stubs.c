#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(clamp_int);

/* Ограничение 🐘 */
Datum
clamp_int(PG_FUNCTION_ARGS)
{
	/* значение 🐘 */ int32 val = PG_GETARG_INT32(0);
	/* границы 🐘🐘 */ int64 lo = PG_GETARG_INT64(1);

	PG_RETURN_INT32(val < lo ? (int32) lo : val);
}
