#include "postgres.h"
#include "fmgr.h"
/* defined in a different file of the same module: fine */
Datum
defined_elsewhere(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
