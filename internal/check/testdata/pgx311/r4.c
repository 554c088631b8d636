#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static bool r4_enabled = true;
static bool r4_verbose = false;
static int	r4_level = 0;
static bool r4_shared_flag = false;

void
_PG_init(void)
{
	DefineCustomBoolVariable("r4.enabled", "Enables r4.", NULL, &r4_enabled, true,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("verbose",	/* want PGX311 */
							 "No prefix.", NULL, &r4_verbose, false,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("other.level",	/* want PGX312 PGX313 */
							"Another library's prefix.", NULL, &r4_level, 0, 0, 10,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("r4_shared.flag", "A prefix the module reserves.", NULL,
							 &r4_shared_flag, false, PGC_USERSET, 0, NULL, NULL, NULL);
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("r4");
	MarkGUCPrefixReserved("r4_shared");
#else
	EmitWarningsOnPlaceholders("r4");
	EmitWarningsOnPlaceholders("r4_shared");
#endif
}

PG_FUNCTION_INFO_V1(r4_version);

Datum
r4_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1);
}
