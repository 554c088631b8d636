#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* From 16 on both are compiled. */
#if PG_VERSION_NUM >= 160000
PG_MODULE_MAGIC; /* want@16,17,18 PGX006 */
#endif
PG_FUNCTION_INFO_V1(t);
Datum t(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
