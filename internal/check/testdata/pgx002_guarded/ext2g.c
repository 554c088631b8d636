#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;

/* Declared for every major, defined only from 16 on. */
PG_FUNCTION_INFO_V1(newer); /* want@14,15 PGX002 */
#if PG_VERSION_NUM >= 160000
Datum newer(PG_FUNCTION_ARGS) { PG_RETURN_INT32(16); }
#endif

/* One definition per branch: defined for every major. */
PG_FUNCTION_INFO_V1(each);
#if PG_VERSION_NUM >= 160000
Datum each(PG_FUNCTION_ARGS) { PG_RETURN_INT32(16); }
#elif defined(WIN32)
Datum each(PG_FUNCTION_ARGS) { PG_RETURN_INT32(0); }
#else
Datum each(PG_FUNCTION_ARGS) { PG_RETURN_INT32(15); }
#endif

/* The marker is guarded like its definition. */
#ifdef USE_GUARDED
PG_FUNCTION_INFO_V1(guarded);
Datum guarded(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
#endif
