#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* bound in statements swallowed by the unclosed parenthesis: unknown, not unbound */
PG_FUNCTION_INFO_V1(up_one);
Datum up_one(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }
PG_FUNCTION_INFO_V1(up_two);
Datum up_two(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }
PG_FUNCTION_INFO_V1(up_three_c);
Datum up_three_c(PG_FUNCTION_ARGS) { PG_RETURN_INT32(PG_GETARG_INT32(0)); }
/* named nowhere in the scripts: unbound whatever the failed statement held */
PG_FUNCTION_INFO_V1(up_dead); /* want PGX004 */
Datum up_dead(PG_FUNCTION_ARGS) { PG_RETURN_INT32(0); }
/* no definition, named in the failed statement: whether it is bound is unknown, so a warning */
PG_FUNCTION_INFO_V1(up_four); /* want PGX002 */
