/*
 * Calls of server functions whose number of parameters differs between
 * the supported majors, without a version guard.
 */
#include "postgres.h"
#include "fmgr.h"
#include "commands/vacuum.h"
#include "utils/memutils.h"

void		sweep(void);

void
sweep(void)
{
	MemoryContext cxt = GenerationContextCreate(CurrentMemoryContext, "sweep", 8192);	/* want@15,16,17,18 PGX206 */

	vacuum_delay_point();		/* want@18 PGX206 */
	MemoryContextDelete(cxt);
}
