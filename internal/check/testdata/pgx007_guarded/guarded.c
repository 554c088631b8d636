#include "postgres.h"
#include "fmgr.h"
/* The #else lost its PG_MODULE_MAGIC: only 18 gets a magic block. */
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "guarded", .version = "1.0");
#else
#endif
PG_FUNCTION_INFO_V1(g);
Datum g(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
