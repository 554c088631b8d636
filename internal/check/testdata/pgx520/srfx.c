#include "postgres.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

#define SRFX_RETURN_ROWS(n) return srfx_rows(fcinfo, (n))

static Datum srfx_rows(FunctionCallInfo fcinfo, int n);

PG_FUNCTION_INFO_V1(srfx_count);
Datum
srfx_count(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;

	if (SRF_IS_FIRSTCALL())
	{
		fctx = SRF_FIRSTCALL_INIT();
		fctx->max_calls = PG_GETARG_INT32(0);
	}
	fctx = SRF_PERCALL_SETUP();
	if (fctx->call_cntr < fctx->max_calls)
		SRF_RETURN_NEXT(fctx, Int32GetDatum((int32) fctx->call_cntr));
	SRF_RETURN_DONE(fctx);
}

PG_FUNCTION_INFO_V1(srfx_mat);
Datum
srfx_mat(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		v = Int32GetDatum(5);
	bool		n = false;

	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);	/* want PGX205 */
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &v, &n);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(srfx_one);
Datum
srfx_one(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(7);
}

static Datum
srfx_rows(FunctionCallInfo fcinfo, int n)
{
	FuncCallContext *fctx;

	if (SRF_IS_FIRSTCALL())
	{
		fctx = SRF_FIRSTCALL_INIT();
		fctx->max_calls = n;
	}
	fctx = SRF_PERCALL_SETUP();
	if (fctx->call_cntr < fctx->max_calls)
		SRF_RETURN_NEXT(fctx, Int32GetDatum((int32) fctx->call_cntr));
	SRF_RETURN_DONE(fctx);
}

PG_FUNCTION_INFO_V1(srfx_helper);
Datum
srfx_helper(PG_FUNCTION_ARGS)
{
	return srfx_rows(fcinfo, 3);
}

PG_FUNCTION_INFO_V1(srfx_macro);
Datum
srfx_macro(PG_FUNCTION_ARGS)
{
	SRFX_RETURN_ROWS(3);
}

PG_FUNCTION_INFO_V1(srfx_dual);
Datum
srfx_dual(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;

	if (fcinfo->resultinfo == NULL || !IsA(fcinfo->resultinfo, ReturnSetInfo))
		PG_RETURN_INT32(1);
	if (SRF_IS_FIRSTCALL())
		fctx = SRF_FIRSTCALL_INIT();
	fctx = SRF_PERCALL_SETUP();
	SRF_RETURN_DONE(fctx);
}

PG_FUNCTION_INFO_V1(srfx_store);
Datum
srfx_store(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = tuplestore_begin_heap(false, false, work_mem);
	return (Datum) 0;
}
