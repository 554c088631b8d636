#include "postgres.h"
#include "fmgr.h"
#if PG_VERSION_NUM >= 180000
PG_MODULE_MAGIC_EXT(.name = "ext6");
#else
PG_MODULE_MAGIC;
#endif
PG_FUNCTION_INFO_V1(f6);
Datum f6(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
