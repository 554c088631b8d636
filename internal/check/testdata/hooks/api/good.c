/*
 * The same APIs behind version guards.
 */
#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/guc.h"

void		good_guc(void);

PG_FUNCTION_INFO_V1(srf_good);

Datum
srf_good(PG_FUNCTION_ARGS)
{
#if PG_VERSION_NUM >= 150001
	InitMaterializedSRF(fcinfo, 0);
#else
	elog(ERROR, "not supported");
#endif
	return (Datum) 0;
}

void
good_guc(void)
{
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("api");
#else
	EmitWarningsOnPlaceholders("api");
#endif
}
