/* munged_fixture.h - a private munged with a random key for unit tests:
 * its own directory under /tmp and socket, started as our child (it
 * gets SIGTERM should the test die first) and removed again on stop. A
 * missing munged is a failure: make deps installs it. */
#ifndef FLURM_TEST_MUNGED_FIXTURE_H
#define FLURM_TEST_MUNGED_FIXTURE_H

#include <stddef.h>
#include <sys/types.h>

struct munged_fixture {
	char dir[64];
	pid_t pid;
	char *sock;	/* the socket to give auth_create() */
};

/* 0, or -1 with a "# ..." line on stderr saying why. */
int munged_fixture_start(struct munged_fixture *f);
/* The same with a given key (a golden capture's), or a random one when
 * key is NULL. */
int munged_fixture_start_key(struct munged_fixture *f, const void *key,
			     size_t key_len);
void munged_fixture_stop(struct munged_fixture *f);

#endif
