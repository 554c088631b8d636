/*
 * Compiled for 13 and 14, the majors with a reader of their own: what 15
 * removed is no error.
 */
#include "postgres_fe.h"
#include "access/xlogrecord.h"

extern int	read_page(int info);

int
main(int argc, char **argv)
{
	return read_page(argc) + (argc & BKPIMAGE_IS_COMPRESSED);
}
