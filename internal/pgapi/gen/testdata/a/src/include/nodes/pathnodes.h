#ifndef PATHNODES_H
#define PATHNODES_H

/* A path. */
typedef struct Path
{
	NodeTag		type;
	NodeTag		pathtype;
	List	   *pathtarget;
} Path;

#endif
