/*
 * Correct hook installation: previous values saved, chained to, and
 * restored; one hook chains through a helper function.
 */
#include "postgres.h"
#include "fmgr.h"
#include "executor/executor.h"
#include "utils/elog.h"

PG_MODULE_MAGIC;

static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static ExecutorEnd_hook_type prev_ExecutorEnd = NULL;
static emit_log_hook_type prev_emit_log_hook = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;

void		_PG_init(void);
void		_PG_fini(void);

static void
good_ExecutorStart(QueryDesc *queryDesc, int eflags)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

static void
call_previous_end(QueryDesc *queryDesc)
{
	if (prev_ExecutorEnd)
		(*prev_ExecutorEnd) (queryDesc);
	else
		standard_ExecutorEnd(queryDesc);
}

static void
good_ExecutorEnd(QueryDesc *queryDesc)
{
	call_previous_end(queryDesc);
}

static void
good_emit_log(ErrorData *edata)
{
	if (prev_emit_log_hook)
		prev_emit_log_hook(edata);
}

/*
 * One definition whose declarator differs per version: the body, and the
 * chaining in it, belong to every version.
 */
static void
#if PG_VERSION_NUM >= 180000
good_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count)
#else
good_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count,
				 bool execute_once)
#endif
{
#if PG_VERSION_NUM >= 180000
	if (prev_ExecutorRun)
		prev_ExecutorRun(queryDesc, direction, count);
	else
		standard_ExecutorRun(queryDesc, direction, count);
#else
	if (prev_ExecutorRun)
		prev_ExecutorRun(queryDesc, direction, count, execute_once);
	else
		standard_ExecutorRun(queryDesc, direction, count, execute_once);
#endif
}

void
_PG_init(void)
{
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = good_ExecutorStart;
	prev_ExecutorEnd = ExecutorEnd_hook;
	ExecutorEnd_hook = good_ExecutorEnd;
	prev_emit_log_hook = emit_log_hook;
	emit_log_hook = good_emit_log;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = good_ExecutorRun;
}

void
_PG_fini(void)
{
	ExecutorStart_hook = prev_ExecutorStart;
	ExecutorEnd_hook = prev_ExecutorEnd;
	emit_log_hook = NULL;
	ExecutorRun_hook = prev_ExecutorRun;
}
