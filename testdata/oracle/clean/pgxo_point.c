/*
 * pgxo_point.c: a fixed-size type with text input and output and addition.
 */
#include "postgres.h"

#include "fmgr.h"

typedef struct PgxoPoint
{
	int32		x;
	int32		y;
} PgxoPoint;

PG_FUNCTION_INFO_V1(pgxo_point_in);

Datum
pgxo_point_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	PgxoPoint  *p = palloc(sizeof(PgxoPoint));

	if (sscanf(str, " ( %d , %d )", &p->x, &p->y) != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"pgxo_point", str)));
	PG_RETURN_POINTER(p);
}

PG_FUNCTION_INFO_V1(pgxo_point_out);

Datum
pgxo_point_out(PG_FUNCTION_ARGS)
{
	PgxoPoint  *p = (PgxoPoint *) PG_GETARG_POINTER(0);

	PG_RETURN_CSTRING(psprintf("(%d,%d)", p->x, p->y));
}

PG_FUNCTION_INFO_V1(pgxo_point_add);

Datum
pgxo_point_add(PG_FUNCTION_ARGS)
{
	PgxoPoint  *a = (PgxoPoint *) PG_GETARG_POINTER(0);
	PgxoPoint  *b = (PgxoPoint *) PG_GETARG_POINTER(1);
	PgxoPoint  *r = palloc(sizeof(PgxoPoint));

	r->x = a->x + b->x;
	r->y = a->y + b->y;
	PG_RETURN_POINTER(r);
}
