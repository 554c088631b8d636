#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
PG_FUNCTION_INFO_V1(has_v1);
Datum has_v1(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(implicit_sym);
Datum implicit_sym(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(via_libdir);
Datum via_libdir(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(bare_lib);
Datum bare_lib(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
Datum no_marker(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(implicit_upper); /* want PGX004 */
Datum implicit_upper(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
