/*
 * Defines InitMaterializedSRF itself for versions that lack it, so its
 * uses are fine everywhere.
 */
#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"

PG_MODULE_MAGIC;

#if PG_VERSION_NUM < 150000
#define InitMaterializedSRF(fcinfo, flags) shim_materialize(fcinfo, flags)
extern void shim_materialize(FunctionCallInfo fcinfo, int flags);
#endif

PG_FUNCTION_INFO_V1(srf_shim);

Datum
srf_shim(PG_FUNCTION_ARGS)
{
	InitMaterializedSRF(fcinfo, 0);
	return (Datum) 0;
}
