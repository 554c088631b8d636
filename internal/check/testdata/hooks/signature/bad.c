/*
 * Hook functions written for one PostgreSQL version only.
 */
#include "postgres.h"
#include "executor/executor.h"
#include "tcop/utility.h"

PG_MODULE_MAGIC;

static ProcessUtility_hook_type prev_ProcessUtility = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;

void		_PG_init(void);

/* The PostgreSQL 13 signature: 14 added bool readOnlyTree. */
static void
old_ProcessUtility(PlannedStmt *pstmt, const char *queryString, /* want@14,15,16,17,18 PGX203 */
				   ProcessUtilityContext context, ParamListInfo params,
				   QueryEnvironment *queryEnv, DestReceiver *dest,
				   QueryCompletion *qc)
{
	if (prev_ProcessUtility)
		prev_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc);	/* want@14,15,16,17,18 PGX206 */
}

/* The PostgreSQL 17 signature: 18 removed bool execute_once. */
static void
old_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, /* want@18 PGX203 */
				uint64 count, bool execute_once)
{
	if (prev_ExecutorRun)
		prev_ExecutorRun(queryDesc, direction, count, execute_once);
	else
		standard_ExecutorRun(queryDesc, direction, count, execute_once);	/* want@18 PGX206 */
}

void
_PG_init(void)
{
	prev_ProcessUtility = ProcessUtility_hook;
	ProcessUtility_hook = old_ProcessUtility;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = old_ExecutorRun;
}
