/*
 * Compiled for 14 only.
 */
#include "postgres_fe.h"
#include "access/xlogdefs.h"
#include "access/xlogrecord.h"

#include <stdio.h>

extern int	read_page(int info);

int
read_page(int info)
{
	XLogRecPtr	lsn = info;

	printf("%X/%X\n", LSN_FORMAT_ARGS(lsn));
	return info & BKPIMAGE_IS_COMPRESSED;
}
