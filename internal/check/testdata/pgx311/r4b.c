#include "postgres.h"

#include "fmgr.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static int	r4b_size = 1;
static int	r4b_count = 1;

void
_PG_init(void)
{
	DefineCustomIntVariable("r4b.size",	/* want PGX313 */
							"Never reserved.", NULL, &r4b_size, 1, 1, 100,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("r4b.count", "Same prefix: reported once.", NULL, &r4b_count, 1, 1, 100,
							PGC_USERSET, 0, NULL, NULL, NULL);
}
