#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

typedef struct Foo
{
	int			n;
} Foo;

static int	calls;				/* a file-scope variable lives in memory */

static int
work(int n)
{
	if (n < 0)
		elog(ERROR, "negative");
	return n;
}

static Foo *
make_foo(int n)
{
	Foo		   *foo = palloc(sizeof(Foo));

	foo->n = work(n);
	return foo;
}

static void
use(void *p)
{
	(void) p;
}

PG_FUNCTION_INFO_V1(r14_fires);

Datum
r14_fires(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);
	int			result = 0;
	int			steps = 0;
	Foo		   *foo = NULL;
	volatile Foo *pointee = NULL;	/* only *pointee is volatile */
	char	   *msg = NULL;

	/* read in PG_CATCH */
	PG_TRY();
	{
		result = work(n);		/* want PGX314 */
		foo = make_foo(n);		/* want PGX314 */
		steps++;				/* want PGX314 */
		use(foo);				/* an error may follow the changes */
	}
	PG_CATCH();
	{
		if (foo != NULL)
			pfree(foo);
		elog(LOG, "failed after %d steps with %d", steps, result);
		PG_RE_THROW();
	}
	PG_END_TRY();

	/* read after PG_END_TRY, which the PG_CATCH block falls through to */
	PG_TRY();
	{
		pointee = make_foo(n);	/* want PGX314 */
		++n;					/* want PGX314 */
		msg = pstrdup("done");	/* want PGX314 */
		use(msg);
	}
	PG_CATCH();
	{
		FlushErrorState();
	}
	PG_END_TRY();
	use((void *) pointee);
	use(msg);

	/* read in PG_FINALLY */
	PG_TRY();
	{
		while (steps < 10)
		{
			use(foo);
			result += steps++;	/* want PGX314 */
		}
	}
	PG_FINALLY();
	{
		elog(LOG, "result %d", result);
	}
	PG_END_TRY();

	PG_RETURN_INT32(result + n);
}

PG_FUNCTION_INFO_V1(r14_silent);

Datum
r14_silent(PG_FUNCTION_ARGS)
{
	int			n = PG_GETARG_INT32(0);
	volatile int result = 0;
	Foo		   *volatile foo = NULL;
	int			inside = 0;
	int			taken = 0;
	int			reset = 0;
	static int	counter = 0;
	int			after = 0;
	int			last = 0;
	int			derived = 0;
	Foo		   *plain = NULL;
	int			*volatile vp = NULL;

	/* volatile variables, a static, a global and one whose address is taken */
	PG_TRY();
	{
		result = work(n);
		foo = make_foo(n);
		vp = &n;
		counter++;
		calls++;
		use(&taken);
		taken = work(n);
		use(vp);
	}
	PG_CATCH();
	{
		elog(LOG, "%d %p %d %d %d %p", result, (void *) foo, counter, calls, taken, (void *) vp);
		PG_RE_THROW();
	}
	PG_END_TRY();

	/* used only inside the try block, or declared there */
	PG_TRY();
	{
		int			local = work(n);

		inside = work(n);
		inside += local;
		local++;
	}
	PG_CATCH();
	{
		int			local = 0;

		FlushErrorState();
		local++;
	}
	PG_END_TRY();

	/* re-assigned before it is read on the error path */
	PG_TRY();
	{
		reset = work(n);
		plain = make_foo(n);
		use(plain);
	}
	PG_CATCH();
	{
		reset = 0;
		plain = NULL;
		FlushErrorState();
	}
	PG_END_TRY();
	use(plain);

	/*
	 * Changed last, with no call after it: an error leaves them unchanged,
	 * so their values are determinate.
	 */
	PG_TRY();
	{
		last = work(n);
		derived = last + 1;
	}
	PG_CATCH();
	{
		FlushErrorState();
	}
	PG_END_TRY();
	elog(LOG, "%d %d", last, derived);

	/* read after PG_END_TRY only when the catch block re-throws or returns */
	PG_TRY();
	{
		after = work(n);
		use(&n);
	}
	PG_CATCH();
	{
		PG_RE_THROW();
	}
	PG_END_TRY();

	PG_TRY();
	{
		after = work(after);
		use(&n);
	}
	PG_CATCH();
	{
		FlushErrorState();
		return (Datum) 0;
	}
	PG_END_TRY();

	PG_RETURN_INT32(result + reset + after);
}
