#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fmgr.h"
#include "storage/fd.h"

PG_MODULE_MAGIC;

/* The module's own puts: calls of it are not stdio logging. */
#define puts(s) elog(LOG, "%s", (s))

struct allocator
{
	void	   *(*malloc) (size_t);
	void		(*free) (void *);
};

static char *cache;				/* lives as long as the backend */
static char *unchecked;

static void
system_note(void)
{
	elog(LOG, "a function of the module, not system()");
}

PG_FUNCTION_INFO_V1(r1_calls);

Datum
r1_calls(PG_FUNCTION_ARGS)
{
	char	   *buf = malloc(16);	/* want PGX301 */
	char	   *zero = (char *) calloc(1, 16);	/* want PGX301 */
	char	   *copy = strdup("x");	/* want PGX301 */
	struct allocator *a = NULL;
	FILE	   *f;

	buf = realloc(buf, 32);		/* want PGX301 */
	free(buf);
	free(zero);
	free(copy);
	if (cache == NULL)
	{
		/* a deliberate allocation outside memory contexts, checked */
		cache = (char *) malloc(64);
		if (cache == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	unchecked = malloc(8);		/* want PGX301 */
	buf = a->malloc(8);
	a->free(buf);

	if (PG_GETARG_INT32(0) == 1)
		exit(1);				/* want PGX302 */
	if (PG_GETARG_INT32(0) == 2)
		abort();				/* want PGX302 */
	if (PG_GETARG_INT32(0) == 3)
		proc_exit(1);

	sleep(1);					/* want PGX303 */
	usleep(10);					/* want PGX303 */
	pg_usleep(10);

	system("true");				/* want PGX304 */
	f = popen("true", "r");		/* want PGX304 */
	system_note();

	f = fopen("/tmp/r1", "r");	/* want PGX305 */
	f = AllocateFile("/tmp/r1", "r");
	FreeFile(f);

	printf("hello\n");			/* want PGX306 */
	fprintf(stderr, "to the log, unformatted\n");	/* want PGX306 */
	fprintf(f, "to a file\n");
	puts("the module's own macro");

#ifdef FRONTEND
	printf("frontend build\n");
	exit(1);
#endif
#ifdef R1_DEBUG
	fprintf(stderr, "debugging output\n");
#endif
#if PG_VERSION_NUM < 100000
	sleep(1);
#endif
	/* malloc(1) in a comment, "exit(1)" in a string */
	elog(LOG, "exit(1)");
	PG_RETURN_INT32(0);
}
