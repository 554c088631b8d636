#include "postgres.h"

#include "fmgr.h"
#include "nodes/pg_list.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

static void
forget_error(void)
{
	FlushErrorState();
}

static int
work(int n)
{
	if (n < 0)
		elog(ERROR, "negative");
	return n;
}

PG_FUNCTION_INFO_V1(r2_try);

Datum
r2_try(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);
	int			result = 0;
	int			i;
	ListCell   *lc;
	List	   *list = NIL;

	PG_TRY();
	{
		if (n == 1)
			return (Datum) 0;	/* want PGX307 */
		if (n == 2)
			PG_RETURN_NULL();	/* want PGX307 */
		for (i = 0; i < 10; i++)
		{
			if (i == 3)
				break;
			if (i == 2)
				continue;
		}
		while (result < 3)
			if (result++ == 2)
				break;
		foreach(lc, list)
		{
			if (lfirst(lc) == NULL)
				break;
		}
		switch (n)
		{
			case 3:
				break;
			default:
				break;
		}
		do
		{
			if (n == 4)
				break;
		} while (0);
		if (n == 5)
			break;				/* want PGX307 */
		if (n == 6)
			goto out;			/* want PGX307 */
		if (n == 7)
			goto retry;
retry:
		result = work(n);
	}
	PG_CATCH();
	{
		forget_error();
		/* PG_CATCH has restored the exception stack: a return is safe */
		return (Datum) 0;
	}
	PG_END_TRY();

	PG_TRY();
	{
		PG_TRY();
		{
			result = work(n);	/* want PGX314 */
		}
		PG_CATCH();
		{
			FlushErrorState();
			return (Datum) 0;	/* want PGX307 */
		}
		PG_END_TRY();
	}
	PG_FINALLY();
	{
		result++;
	}
	PG_END_TRY();

out:
	PG_RETURN_INT32(result);
}

PG_FUNCTION_INFO_V1(r2_catch);

Datum
r2_catch(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);
	volatile int result = 0;
	MemoryContext oldcontext = CurrentMemoryContext;

	PG_TRY();
	{
		result = work(n);
	}
	PG_CATCH();					/* want PGX308 */
	{
		elog(WARNING, "ignored");
	}
	PG_END_TRY();

	PG_TRY();
	{
		result = work(n);
	}
	PG_CATCH();
	{
		result = -1;
		PG_RE_THROW();
	}
	PG_END_TRY();

	PG_TRY();
	{
		result = work(n);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcontext);
		edata = CopyErrorData();
		FlushErrorState();
		elog(LOG, "caught: %s", edata->message);
		FreeErrorData(edata);
	}
	PG_END_TRY();

	PG_TRY();
	{
		result = work(n);
	}
	PG_CATCH();
	{
		forget_error();
	}
	PG_END_TRY();

	PG_TRY();
	{
		result = work(n);
	}
	PG_CATCH();
	{
		ereport(ERROR, (errmsg("work failed for %d", n)));
	}
	PG_END_TRY();

	PG_TRY();
	{
		result = work(n);
	}
	PG_FINALLY();
	{
		result++;
	}
	PG_END_TRY();

	PG_RETURN_INT32(result);
}

/* A jump after elog(ERROR) is unreachable (hypopg's shape): silent. */
static int
unreachable_after_error(int n)
{
	PG_TRY();
	{
		if (n < 0)
		{
			elog(ERROR, "negative: %d", n);
			break;
		}
		if (n > 100)
		{
			ereport(FATAL, (errmsg("too big")));
			return -1;
		}
		n = work(n);
	}
	PG_CATCH();
	{
		PG_RE_THROW();
	}
	PG_END_TRY();
	return n;
}
