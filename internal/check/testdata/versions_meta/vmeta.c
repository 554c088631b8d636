#include "postgres.h"
#include "fmgr.h"
/* Only 18 is supported (META.json), so no #else is needed. */
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "vmeta", .version = "1.0");
#endif
PG_FUNCTION_INFO_V1(f);
Datum f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
