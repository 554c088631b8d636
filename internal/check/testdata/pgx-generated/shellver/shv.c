#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(shv_f);
Datum shv_f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(shv_dead); /* want PGX004 */
Datum shv_dead(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
