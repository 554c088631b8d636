#include "postgres.h"
#include "fmgr.h"
#include "compat.h"
/* Built only for 17 and later (compat.h), so no magic block for older majors is needed. */
#if PG_VERSION_NUM >= 170000
PG_MODULE_MAGIC;
#endif
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC; /* want@18 PGX006 */
#endif
PG_FUNCTION_INFO_V1(f);
Datum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
