#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(defined_elsewhere);
PG_FUNCTION_INFO_V1(undefined_fn); /* want PGX002 */
PGDLLEXPORT Datum forward_only(PG_FUNCTION_ARGS);
PG_FUNCTION_INFO_V1(forward_only); /* want PGX002 */
/* bound by no script and referenced from no C code: a warning (dead marker), and no PGX004 besides */
PG_FUNCTION_INFO_V1(dead_marker); /* want PGX002 */
