/*
 * Server code that nothing builds yet (no Makefile in its folder, no
 * extension): a file opened on its own is judged by the checks that need
 * no other file.
 */
#include "postgres.h"
#include "fmgr.h"

PG_FUNCTION_INFO_V1(lone_alloc);

Datum
lone_alloc(PG_FUNCTION_ARGS)
{
	char	   *p = malloc(8);	/* want PGX301 */

	PG_RETURN_POINTER(p);
}
