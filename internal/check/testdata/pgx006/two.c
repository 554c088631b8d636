#include "postgres.h"
#include "fmgr.h"
PG_MODULE_MAGIC; /* want PGX006 */
