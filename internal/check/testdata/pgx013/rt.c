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
PG_FUNCTION_INFO_V1(r_flag);
Datum r_flag(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); /* want PGX013 */ }
PG_FUNCTION_INFO_V1(r_widened);
Datum r_widened(PG_FUNCTION_ARGS) { PG_RETURN_INT32(-2); /* want PGX013 */ }
PG_FUNCTION_INFO_V1(r_narrowed);
Datum r_narrowed(PG_FUNCTION_ARGS) { PG_RETURN_INT64(70000); /* want PGX013 */ }
PG_FUNCTION_INFO_V1(r_as_text);
Datum r_as_text(PG_FUNCTION_ARGS) { PG_RETURN_INT32(7); /* want PGX013 */ }
