#include "postgres.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(nomagic_answer);

Datum
nomagic_answer(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(42);
}
