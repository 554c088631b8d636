#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(dup);
Datum dup(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
#if PG_VERSION_NUM >= 160000
PG_FUNCTION_INFO_V1(versioned);
Datum versioned(PG_FUNCTION_ARGS) { PG_RETURN_INT32(16); }
#else
PG_FUNCTION_INFO_V1(versioned);
Datum versioned(PG_FUNCTION_ARGS) { PG_RETURN_INT32(15); }
#endif
