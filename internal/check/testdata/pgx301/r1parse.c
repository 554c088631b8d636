/* A Bison parser, made by GNU Bison 3.8.2.  */

#include "postgres.h"
#include <stdlib.h>

static void *
yyalloc(size_t n)
{
	return malloc(n);
}

static void
yyfatal(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	exit(2);
}
