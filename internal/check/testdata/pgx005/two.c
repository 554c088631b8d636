#include "postgres.h"
#include "fmgr.h"
PG_FUNCTION_INFO_V1(dup); /* want PGX005 */
