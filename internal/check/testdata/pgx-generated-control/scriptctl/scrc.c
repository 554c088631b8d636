#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC;
/* Bound through MODULE_PATHNAME, whose module_pathname is unknown: the
 * module of the extension's name is the one meant. No PGX004, and no
 * PGX008 for a control file without module_pathname. */
PG_FUNCTION_INFO_V1(scrc_f);
Datum scrc_f(PG_FUNCTION_ARGS) { PG_RETURN_INT32(1); }
PG_FUNCTION_INFO_V1(scrc_unbound); /* want PGX004 */
Datum scrc_unbound(PG_FUNCTION_ARGS) { PG_RETURN_INT32(3); }
