/*
 * The client program's own assertion macros, which replace c.h's: the
 * names are the program's own, in every major.
 */
#ifndef TOOL_H
#define TOOL_H

#include <assert.h>

#include "util/toollist.h"

#undef AssertArg
#define AssertArg(x)	assert(x)

#endif
