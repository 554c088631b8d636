#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(r_int);
Datum r_int(PG_FUNCTION_ARGS) { if (PG_NARGS() > 5) PG_RETURN_NULL(); PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(r_big);
Datum r_big(PG_FUNCTION_ARGS) { PG_RETURN_FLOAT8(1.0); /* want PGX013 */ }
PG_FUNCTION_INFO_V1(r_void);
Datum r_void(PG_FUNCTION_ARGS) { PG_RETURN_VOID(); }
PG_FUNCTION_INFO_V1(r_set);
Datum r_set(PG_FUNCTION_ARGS) { PG_RETURN_NULL(); }
