/*
 * Compiled for 13 only: AssertArg is in every major up to 15, and
 * LSN_FORMAT_ARGS only from 14 on.
 */
#include "postgres_fe.h"
#include "access/xlogdefs.h"

#include <stdio.h>

extern int	read_page(int info);

int
read_page(int info)
{
	XLogRecPtr	lsn = info;

	AssertArg(info >= 0);
	printf("%X/%X\n", LSN_FORMAT_ARGS(lsn));	/* want@13 PGX205 */
	return info;
}
