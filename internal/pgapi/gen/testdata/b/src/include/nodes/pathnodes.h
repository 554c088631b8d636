#ifndef PATHNODES_H
#define PATHNODES_H

/* A path. */
typedef struct Path
{
	pg_node_attr(no_copy_equal, no_read, no_query_jumble)

	NodeTag		type;
	NodeTag		pathtype;
	List	   *pathtarget pg_node_attr(write_only_nondefault_pathtarget);
} Path;

#endif
