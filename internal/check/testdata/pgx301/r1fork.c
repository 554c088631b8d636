/*
 * Ending the child process of a fork(): _exit() is right there, exit()
 * runs the backend's exit callbacks in the child. In the parent, exit()
 * ends the backend.
 */
#include "postgres.h"
#include <stdlib.h>
#include <unistd.h>

void		r1_spawn(const char *path);
void		r1_spawn_switch(const char *path);

void
r1_spawn(const char *path)
{
	pid_t		pid;

	if ((pid = fork()) < 0)		/* want PGX304 */
		exit(1);				/* want PGX302 */
	if (pid == 0)
	{
		if (execl(path, path, NULL) < 0)	/* want PGX304 */
			exit(1);			/* want PGX302 */
		_exit(2);
	}
}

void
r1_spawn_switch(const char *path)
{
	switch (fork())				/* want PGX304 */
	{
		case -1:
			_exit(1);			/* want PGX302 */
		case 0:
			execl(path, path, NULL);	/* want PGX304 */
			_exit(127);
		default:
			break;
	}
}
