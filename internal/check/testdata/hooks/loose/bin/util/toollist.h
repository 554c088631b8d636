/*
 * The program's own list, in a subfolder: its lnext takes one argument,
 * where the server's takes two from 13 on.
 */
#ifndef TOOLLIST_H
#define TOOLLIST_H

typedef struct ToolCell
{
	struct ToolCell *next;
} ToolCell;

#define lnext(lc)	((lc)->next)

#endif
