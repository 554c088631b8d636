extern "C" {
#include "postgres.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(cppm_helper);

Datum
cppm_helper(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(7);
}
}
