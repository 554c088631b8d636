#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* Bound by the scripts of the extension whose control file the Makefile
 * generates from sedc.control.in: no PGX004. */
PG_FUNCTION_INFO_V1(sedc_f);
Datum sedc_f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(sedc_g);
Datum sedc_g(PG_FUNCTION_ARGS) { PG_RETURN_INT32(2); }
PG_FUNCTION_INFO_V1(sedc_unbound); /* want PGX004 */
Datum sedc_unbound(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }
