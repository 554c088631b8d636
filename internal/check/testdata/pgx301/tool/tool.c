#include "postgres_fe.h"
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char **argv)
{
	char	   *p = malloc(10);

	printf("a frontend program may print and exit\n");
	free(p);
	exit(0);
}
