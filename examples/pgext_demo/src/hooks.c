/*
 * hooks.c: an ExecutorStart hook that counts executor starts, chained to
 * whatever hook was installed before, and a GUC to turn it off.
 */
#include "postgres.h"

#include "executor/executor.h"
#include "fmgr.h"
#include "utils/guc.h"

static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static bool demo_enabled = true;
static int64 executor_calls = 0;

void		_PG_init(void);

static void
demo_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (demo_enabled)
		executor_calls++;
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

PG_FUNCTION_INFO_V1(demo_executor_calls);

Datum
demo_executor_calls(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(executor_calls);
}

void
_PG_init(void)
{
	DefineCustomBoolVariable("pgext_demo.enabled",
							 "Count executor starts.",
							 NULL,
							 &demo_enabled,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
#if PG_VERSION_NUM >= 150000
	MarkGUCPrefixReserved("pgext_demo");
#else
	EmitWarningsOnPlaceholders("pgext_demo");
#endif

	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = demo_ExecutorStart;
}
