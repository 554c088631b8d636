/*
 * Compiled for PostgreSQL 17 only (else ifeq ($(MAJORVERSION),17)).
 */
#include "postgres.h"
#include "commands/vacuum.h"

extern int	new_count(int n);

int
new_count(int n)
{
	vacuum_delay_point();
	vacuum_delay_point(false);	/* want@17 PGX206 */
	return n;
}
