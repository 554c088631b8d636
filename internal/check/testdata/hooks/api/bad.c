/*
 * Uses APIs that older supported versions lack, without a version guard.
 */
#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

PG_FUNCTION_INFO_V1(srf_bad);

Datum
srf_bad(PG_FUNCTION_ARGS)
{
	InitMaterializedSRF(fcinfo, 0);	/* want@13,14,15 PGX205 */
	return (Datum) 0;
}

void
_PG_init(void)
{
	MarkGUCPrefixReserved("api");	/* want@13,14 PGX205 */
}
