/*
 * A client program in a folder of no module: AssertArg is its header's
 * own macro, lnext its subfolder header's; AssertState is c.h's, which 16
 * removed.
 */
#include "postgres_fe.h"

#include "tool.h"

int
main(int argc, char **argv)
{
	AssertArg(argc > 0);
	AssertState(argv != NULL);	/* want@16,17,18 PGX205 */
	{
		ToolCell	last = {NULL};
		ToolCell	first = {&last};

		/* the subfolder header's lnext, one argument: no PGX206 */
		return lnext(&first) == &last ? 0 : 1;
	}
}
