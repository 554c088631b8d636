#include "postgres.h"
#include "fmgr.h"

PG_MODULE_MAGIC;

extern int	shim_count(int n);

PG_FUNCTION_INFO_V1(versioned_count);

Datum
versioned_count(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);

	AssertArg(n >= 0);
	PG_RETURN_INT32(shim_count(n));
}
