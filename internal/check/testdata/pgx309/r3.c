#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "postmaster/bgworker.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "tcop/tcopprot.h"
#include "utils/wait_event.h"

PG_MODULE_MAGIC;

void		_PG_init(void);
PGDLLEXPORT void r3_good_main(Datum arg);
PGDLLEXPORT void r3_blocked_main(Datum arg);
PGDLLEXPORT void r3_helper_main(Datum arg);
PGDLLEXPORT void r3_busy_main(Datum arg);
PGDLLEXPORT void r3_oneshot_main(Datum arg);
PGDLLEXPORT void r3_spi_main(Datum arg);
PGDLLEXPORT void r3_unregistered_main(Datum arg);

static volatile long counter;

void
r3_good_main(Datum arg)
{
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	for (;;)
	{
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 1000L, PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
}

void
r3_blocked_main(Datum arg)		/* want PGX309 */
{
	for (;;)
	{
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 1000L, PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
}

static void
setup(void)
{
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
}

static void
step(void)
{
	CHECK_FOR_INTERRUPTS();
	counter++;
}

void
r3_helper_main(Datum arg)
{
	setup();
	for (;;)
		step();
}

void
r3_busy_main(Datum arg)			/* want PGX310 */
{
	BackgroundWorkerUnblockSignals();
	for (;;)
		counter++;
}

void
r3_oneshot_main(Datum arg)
{
	BackgroundWorkerUnblockSignals();
	counter = 1;
	proc_exit(0);
}

void
r3_spi_main(Datum arg)
{
	BackgroundWorkerUnblockSignals();
	BackgroundWorkerInitializeConnection("postgres", NULL, 0);
	for (;;)
	{
		StartTransactionCommand();
		SPI_connect();
		SPI_execute("SELECT 1", true, 0);
		SPI_finish();
		CommitTransactionCommand();
	}
}

void
r3_unregistered_main(Datum arg)
{
	for (;;)
		counter++;
}

static void
register_worker(const char *name)
{
	BackgroundWorker worker;

	memset(&worker, 0, sizeof(worker));
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS;
	worker.bgw_start_time = BgWorkerStart_RecoveryFinished;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "r3");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "%s", name);
	RegisterBackgroundWorker(&worker);
}

void
_PG_init(void)
{
	BackgroundWorker worker;

	memset(&worker, 0, sizeof(worker));
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "r3");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "r3_good_main");
	RegisterBackgroundWorker(&worker);
	strcpy(worker.bgw_function_name, "r3_blocked_main");
	RegisterBackgroundWorker(&worker);
	strlcpy(worker.bgw_function_name, "r3_helper_main", BGW_MAXLEN);
	RegisterBackgroundWorker(&worker);
	sprintf(worker.bgw_function_name, "r3_busy_main");
	RegisterBackgroundWorker(&worker);
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "%s", "r3_oneshot_main");
	RegisterBackgroundWorker(&worker);
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "r3_spi_main");
	RegisterBackgroundWorker(&worker);
	/* a server function, not the module's */
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "postgres");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "ParallelWorkerMain");
	RegisterBackgroundWorker(&worker);
	register_worker("r3_dynamic_main");
}

PG_FUNCTION_INFO_V1(r3_launch);

Datum
r3_launch(PG_FUNCTION_ARGS)
{
	PG_RETURN_VOID();
}
