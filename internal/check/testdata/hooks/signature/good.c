/*
 * Hook functions that follow the signature of every version: one defined
 * per branch, one with #if inside its parameter list.
 */
#include "postgres.h"
#include "executor/executor.h"
#include "optimizer/planner.h"
#include "tcop/utility.h"

static ExecutorRun_hook_type prev_ExecutorRun2 = NULL;
static planner_hook_type prev_planner = NULL;
static ExecutorStart_hook_type prev_ExecutorStart = NULL;
static ProcessUtility_hook_type prev_utility = NULL;

/* One macro per version stands for the parameter list. */
#if PG_VERSION_NUM >= 180000
#define START_ARGS QueryDesc *queryDesc, int eflags
#else
#define START_ARGS QueryDesc *queryDesc, int eflags
#endif

void		good_init(void);

#if PG_VERSION_NUM >= 180000
static void
new_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count)
{
	if (prev_ExecutorRun2)
		prev_ExecutorRun2(queryDesc, direction, count);
	else
		standard_ExecutorRun(queryDesc, direction, count);
}
#else
static void
new_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction, uint64 count,
				bool execute_once)
{
	if (prev_ExecutorRun2)
		prev_ExecutorRun2(queryDesc, direction, count, execute_once);
	else
		standard_ExecutorRun(queryDesc, direction, count, execute_once);
}
#endif

static PlannedStmt *
my_planner(Query *parse,
#if PG_VERSION_NUM >= 130000
		   const char *query_string,
#endif
		   int cursorOptions, ParamListInfo boundParams)
{
	if (prev_planner)
		return prev_planner(parse, query_string, cursorOptions, boundParams);
	return standard_planner(parse, query_string, cursorOptions, boundParams);
}

static void
my_ExecutorStart(START_ARGS)
{
	if (prev_ExecutorStart)
		prev_ExecutorStart(queryDesc, eflags);
	else
		standard_ExecutorStart(queryDesc, eflags);
}

/* The head alternates: each branch opens the body with its own parameters. */
static void
#if PG_VERSION_NUM >= 140000
split_utility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
			  ProcessUtilityContext context, ParamListInfo params,
			  QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	Node	   *tree = pstmt->utilityStmt;
#else
split_utility(PlannedStmt *pstmt, const char *queryString,
			  ProcessUtilityContext context, ParamListInfo params,
			  QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	Node	   *tree = pstmt->utilityStmt;
#endif

	(void) tree;
#if PG_VERSION_NUM >= 140000
	if (prev_utility)
		prev_utility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
#else
	if (prev_utility)
		prev_utility(pstmt, queryString, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc);
#endif
}

void
good_init(void)
{
	prev_utility = ProcessUtility_hook;
	ProcessUtility_hook = split_utility;
	prev_ExecutorRun2 = ExecutorRun_hook;
	ExecutorRun_hook = new_ExecutorRun;
	prev_planner = planner_hook;
	planner_hook = my_planner;
	prev_ExecutorStart = ExecutorStart_hook;
	ExecutorStart_hook = my_ExecutorStart;
}
