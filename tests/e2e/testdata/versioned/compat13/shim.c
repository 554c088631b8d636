#include "postgres.h"

extern int	shim_count(int n);

int
shim_count(int n)
{
	AssertArg(n >= 0);
	return n + 13;
}
