#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(untc_f);
Datum untc_f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(untc_other);
Datum untc_other(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }
