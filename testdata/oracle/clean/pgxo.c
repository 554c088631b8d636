/*
 * pgxo.c: scalar functions, a GUC and a chained executor hook.
 */
#include "postgres.h"

#include "executor/executor.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static bool pgxo_enabled = true;
static int64 pgxo_starts = 0;
static ExecutorStart_hook_type prev_ExecutorStart = NULL;

static void
pgxo_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (pgxo_enabled)
		pgxo_starts++;
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

void
_PG_init(void)
{
	DefineCustomBoolVariable("pgxo.enabled",
							 "Counts executor starts when on.",
							 NULL,
							 &pgxo_enabled,
							 true,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	MarkGUCPrefixReserved("pgxo");

	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = pgxo_ExecutorStart;
}

PG_FUNCTION_INFO_V1(pgxo_add);

Datum
pgxo_add(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	int32		b = PG_GETARG_INT32(1);

	PG_RETURN_INT32(a + b);
}

PG_FUNCTION_INFO_V1(pgxo_greet);

Datum
pgxo_greet(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	PG_RETURN_TEXT_P(cstring_to_text(psprintf("hello, %s", name)));
}

PG_FUNCTION_INFO_V1(pgxo_greet_world);

Datum
pgxo_greet_world(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(DirectFunctionCall1(pgxo_greet, CStringGetTextDatum("world")));
}

PG_FUNCTION_INFO_V1(pgxo_executor_starts);

Datum
pgxo_executor_starts(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(pgxo_starts);
}

PG_FUNCTION_INFO_V1(pgxo_repeat);

Datum
pgxo_repeat(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int32		n = PG_GETARG_INT32(1);
	StringInfoData buf;

	initStringInfo(&buf);
	for (int32 i = 0; i < n; i++)
		appendBinaryStringInfo(&buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf.data, buf.len));
}
