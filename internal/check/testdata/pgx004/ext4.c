#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(old_only);
Datum old_only(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(in_upgrade);
Datum in_upgrade(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(mytype_in);
Datum mytype_in(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
PG_FUNCTION_INFO_V1(never_bound); /* want PGX004 */
Datum never_bound(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
