/*
 * The same calls with arguments per major: behind #if around the call or
 * inside it, or through a compatibility macro of the module's own.
 */
#include "postgres.h"
#include "fmgr.h"
#include "commands/vacuum.h"
#include "utils/memutils.h"

#if PG_VERSION_NUM >= 180000
#define delay_point() vacuum_delay_point(false)
#else
#define delay_point() vacuum_delay_point()
#endif

void		sweep_good(void);

void
sweep_good(void)
{
	MemoryContext cxt = GenerationContextCreate(CurrentMemoryContext, "sweep",
#if PG_VERSION_NUM >= 150000
												0, 8192,
#endif
												8192);
	MemoryContext other;

#if PG_VERSION_NUM >= 180000
	vacuum_delay_point(false);
#else
	vacuum_delay_point();
#endif
	delay_point();
	other = AllocSetContextCreate(cxt, "other", ALLOCSET_DEFAULT_SIZES);
	MemoryContextDelete(other);
	MemoryContextDelete(cxt);
}
