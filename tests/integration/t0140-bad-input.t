#!/bin/bash
test_description='bad, oversized and unauthenticated frames on the Slurm and node ports are refused and change nothing; health and metrics endpoints'
. "$(dirname "$0")/test-lib.sh"

test_under_flurm 1 || error "cannot start a cluster"

test_expect_success 'cluster is up with one job queued' '
	flurm_wait_ready &&
	sbatch --hold --wrap true >out &&
	squeue -h -t all -o "%i %T" >before
'

test_expect_success 'garbage on the Slurm port: connection closed, no reply' '
	send $FLURM_SLURM_PORT 0000000a0102030405060708090a >reply &&
	test_must_be_empty reply
'

test_expect_success 'a frame claiming 1 GiB is refused without reading it' '
	send $FLURM_SLURM_PORT 40000000deadbeef >reply &&
	test_must_be_empty reply &&
	grep -q "refusing frame of 1073741824 bytes" $(flurm_ctld_log 1)
'

test_expect_success 'a request with auth/none is refused by a MUNGE controller' '
	# REQUEST_PING (1008 = 0x3f0)
	send $FLURM_SLURM_PORT $(auth_none_frame 03f0) >reply &&
	auth_error_reply reply &&
	grep -q "REQUEST_PING: authentication failed" $(flurm_ctld_log 1)
'

test_expect_success 'a replayed captured request is refused (expired credential)' '
	golden=${FLURM_GOLDEN:-$FLURM_SRCDIR/tests/golden/slurm-22.05} &&
	test -f $golden/scontrol_ping/01-request.bin &&
	send $FLURM_SLURM_PORT $(xxd -p $golden/scontrol_ping/01-request.bin | tr -d "\n") >reply &&
	auth_error_reply reply
'

test_expect_success 'garbage and unregistered messages on the node port are refused' '
	send $FLURM_NODE_PORT 7fffffff00010001 >reply &&
	test_must_be_empty reply &&
	# a heartbeat before registering: answered with an error frame
	send $FLURM_NODE_PORT 00000018000100020000000065000000000000000000000000000000 >reply &&
	test -n "$(cat reply)" &&
	grep -q "NODE_HEARTBEAT before registration" $(flurm_ctld_log 1)
'

test_expect_success 'a node registration without a valid credential is refused' '
	# register body: cred "bad" then fields for node1
	body=0000000462616400 &&
	body=${body}000000066e6f64653100 &&
	body=${body}00000002000000010000000200000001 &&
	body=${body}00000000000003e80000000000000000 &&
	body=${body}00000000000000000000000000000000 &&
	frame=00010001$body &&
	len=$(printf "%08x" $(( ${#frame} / 2 ))) &&
	send $FLURM_NODE_PORT $len$frame >reply &&
	test -n "$(cat reply)" &&
	grep -q "node registration refused" $(flurm_ctld_log 1)
'

test_expect_success 'a node daemon whose name is not in slurm.conf is refused and exits' '
	mkdir -p "$FLURM_SCRATCH/node9/spool" &&
	sed -e "s/node1/node9/g" "$FLURM_SCRATCH/node1/flurmnd.conf" \
		>"$FLURM_SCRATCH/node9/flurmnd.conf" &&
	test_expect_code 1 timeout 20 flurmnd -D -f "$FLURM_SCRATCH/node9/flurmnd.conf" &&
	grep -q "node .node9. is not defined in" "$FLURM_SCRATCH/node9/flurmnd.log"
'

test_expect_success 'the controller refuses a node its slurm.conf does not define' '
	# node9 has a slurm.conf of its own that names it; the controller'"'"'s
	# does not
	{ cat "$SLURM_CONF" && echo "NodeName=node9 CPUs=1"; } \
		>"$FLURM_SCRATCH/node9/slurm.conf" &&
	sed -e "s|^slurm_conf = .*|slurm_conf = \"$FLURM_SCRATCH/node9/slurm.conf\"|" \
		-e "s/node1/node9/g" "$FLURM_SCRATCH/node1/flurmnd.conf" \
		>"$FLURM_SCRATCH/node9/flurmnd.conf" &&
	test_expect_code 1 timeout 20 flurmnd -D -f "$FLURM_SCRATCH/node9/flurmnd.conf" &&
	grep -q "node .node9. is not in slurm.conf" "$FLURM_SCRATCH/node9/flurmnd.log" &&
	grep -q "node .node9. is not in slurm.conf" $(flurm_ctld_log 1)
'

test_expect_success 'an ordinary user may not drain a node' '
	test_must_fail runuser -u nobody -- scontrol update NodeName=node1 \
		State=DRAIN Reason=mine 2>err &&
	grep -x "slurm_update error: Invalid user id" err &&
	sinfo -h -n node1 -o %T | grep -qx idle
'

test_expect_success 'nothing changed: the controller is alive and the queue is the same' '
	scontrol ping | grep -q "is UP" &&
	squeue -h -t all -o "%i %T" >after &&
	test_cmp before after &&
	sinfo -h -o %T | grep -qv down
'

test_expect_success 'GET /health answers on the metrics port and the Slurm port' '
	curl -sf http://127.0.0.1:$FLURM_METRICS_PORT/health >h1 &&
	grep -q "\"status\":\"healthy\",\"leader\":true,\"term\":[0-9]" h1 &&
	curl -sf http://127.0.0.1:$FLURM_SLURM_PORT/health >h2 &&
	grep -q "\"status\":\"healthy\",\"leader\":true" h2
'

test_expect_success 'GET /metrics has the job, node and scheduler metrics' '
	curl -sf http://127.0.0.1:$FLURM_METRICS_PORT/metrics >m &&
	grep -x "flurm_jobs_submitted_total 1" m &&
	grep -x "flurm_jobs_pending 1" m &&
	grep -x "flurm_nodes_up 1" m &&
	grep -x "flurm_cpus_allocated 0" m &&
	grep -E "^flurm_scheduler_cycles_total [1-9]" m &&
	grep "^flurm_scheduler_duration_ms_bucket{le=\"+Inf\"}" m &&
	grep "^# TYPE flurm_scheduler_duration_ms histogram" m
'

test_done
