/*
 * A helper of the client program in a folder without a Makefile: the
 * Makefile above compiles it into PROGRAM, so it is no server code, though
 * it never includes postgres_fe.h.
 */
#include "util.h"
#include <stdlib.h>
#include <string.h>

char *
util_copy(const char *s)
{
	char	   *p = malloc(strlen(s) + 1);

	if (p == NULL)
		exit(1);
	return strcpy(p, s);
}
