#!/bin/bash
test_description='the test harness finds the built programs'
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'programs are built and runnable' '
	for p in flurmctld flurmnd flurmbd flurmsh flurmtop; do
		test -x "$FLURM_BIN/$p" || return 1
	done
'
test_done
