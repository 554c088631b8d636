#include "postgres.h"
#include "fmgr.h"

/* PGX006: a second magic block in the same module */
PG_MODULE_MAGIC; /* want PGX006 */
