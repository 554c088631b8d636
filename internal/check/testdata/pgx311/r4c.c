#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static char *r4c_path = NULL;

void
_PG_init(void)
{
	/* the extension's name is an accepted prefix too */
	DefineCustomStringVariable("r4.path", "A path.", NULL, &r4c_path, NULL,
							   PGC_SUSET, 0, NULL, NULL, NULL);
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("r4");
#else
	EmitWarningsOnPlaceholders("r4");
#endif
}
