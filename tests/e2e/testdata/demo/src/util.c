#include "postgres.h"

#include "util.h"

/* Складывает два числа. */
int32
demo_sum(int32 a, int32 b)
{
	return a + b;
}
