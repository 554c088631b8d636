/* no Makefile: every C file of the folder forms one implicit module named after the extension */
#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(f8);
Datum f8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(g8);
Datum g8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(h8);
Datum h8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(i8);
Datum i8(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
