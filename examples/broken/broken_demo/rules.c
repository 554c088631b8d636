/*
 * rules.c: the server coding rules (PGX301-PGX313), one finding each.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "miscadmin.h"
#include "postmaster/bgworker.h"
#include "storage/fd.h"
#include "utils/guc.h"

PGDLLEXPORT void broken_worker_main(Datum arg);
void		broken_rules_init(void);

static bool verbose = false;
static int	other_level = 0;
static volatile long spins = 0;

static char *
copy_name(const char *name)
{
	char	   *copy = malloc(strlen(name) + 1);	/* want PGX301 */

	strcpy(copy, name);
	return copy;
}

static void
give_up(void)
{
	exit(1);					/* want PGX302 */
}

static void
nap(void)
{
	sleep(1);					/* want PGX303 */
}

static void
run_shell(void)
{
	(void) system("true");		/* want PGX304 */
}

static void
read_config(void)
{
	FILE	   *f = fopen("/tmp/broken.conf", "r");	/* want PGX305 */

	if (f)
		fclose(f);
	printf("read the config\n");	/* want PGX306 */
}

static int
careful(int n)
{
	PG_TRY();
	{
		if (n < 0)
			return -1;			/* want PGX307 */
		n = n * 2;
	}
	PG_CATCH();					/* want PGX308 */
	{
		n = 0;
	}
	PG_END_TRY();
	return n;
}

void
broken_worker_main(Datum arg)	/* want PGX309 PGX310 */
{
	for (;;)
		spins++;
}

void
broken_rules_init(void)
{
	BackgroundWorker worker;

	DefineCustomBoolVariable("verbose",	/* want PGX311 */
							 "A GUC name without a prefix.", NULL, &verbose, false,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("other.level",	/* want PGX312 PGX313 */
							"Another prefix, never reserved.", NULL, &other_level, 0, 0, 10,
							PGC_USERSET, 0, NULL, NULL, NULL);

	memset(&worker, 0, sizeof(worker));
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "broken_demo");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "broken_worker_main");
	RegisterBackgroundWorker(&worker);

	free(copy_name("x"));
	give_up();
	nap();
	run_shell();
	read_config();
	(void) careful(1);
}

/* A variable changed inside PG_TRY and read in PG_CATCH must be volatile. */
int
broken_volatile(int n)
{
	int			done = 0;

	PG_TRY();
	{
		done = careful(n);		/* want PGX314 */
		done += careful(done);
	}
	PG_CATCH();
	{
		elog(LOG, "failed after %d", done);
		PG_RE_THROW();
	}
	PG_END_TRY();
	return done;
}
