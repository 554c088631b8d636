#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* Bound only in the parts of the generated install script. */
PG_FUNCTION_INFO_V1(catb_one);
Datum catb_one(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(catb_two);
Datum catb_two(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }
PG_FUNCTION_INFO_V1(catb_unbound); /* want PGX004 */
Datum catb_unbound(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }
