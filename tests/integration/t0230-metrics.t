#!/bin/bash
test_description='the metrics operators build dashboards on: node, CPU and memory gauges, requests by type, request duration and job wait/run time histograms, on /metrics and through flurmsh metrics'
. "$(dirname "$0")/test-lib.sh"

command -v curl >/dev/null || { skip_all='curl is not installed'; test_done; }

test_under_flurm 2 || error "cannot start a cluster"

scrape() { curl -sf "http://127.0.0.1:$FLURM_METRICS_PORT/metrics"; }
# value NAME_WITH_LABELS: the sample's value in the current scrape
value() { scrape | awk -v n="$1" '$1 == n { print $2 }'; }

test_expect_success 'cluster is up' '
	flurm_wait_ready && flurm_wait_nodes idle 30
'

test_expect_success 'gauges of an idle cluster: 4 idle CPUs, 2000 MB, nothing drained' '
	scrape >m0 &&
	grep -x "flurm_cpus_idle 4" m0 &&
	grep -x "flurm_memory_total_mb 2000" m0 &&
	grep -x "flurm_memory_allocated_mb 0" m0 &&
	grep -x "flurm_nodes_drain 0" m0 &&
	grep -x "flurm_nodes_drained 0" m0 &&
	grep -x "# TYPE flurm_request_duration_ms histogram" m0 &&
	grep -x "# TYPE flurm_job_wait_time_seconds histogram" m0 &&
	grep -x "# TYPE flurm_job_run_time_seconds histogram" m0 &&
	grep -x "flurm_job_wait_time_seconds_count 0" m0 &&
	grep -x "flurm_job_run_time_seconds_count 0" m0
'

test_expect_success 'a running job takes CPUs and memory off the gauges' '
	id=$(submit -N1 -n2 --mem=300 --wrap="sleep 3") &&
	echo $id >jobid &&
	wait_job $id RUNNING 30 &&
	scrape >m1 &&
	grep -x "flurm_cpus_idle 2" m1 &&
	grep -x "flurm_cpus_allocated 2" m1 &&
	grep -x "flurm_memory_allocated_mb 300" m1 &&
	grep -x "flurm_job_wait_time_seconds_count 1" m1 &&
	grep -x "flurm_job_run_time_seconds_count 0" m1
'

test_expect_success 'once it ended: run time observed, requests counted and timed by type' '
	wait_job $(cat jobid) COMPLETED 30 &&
	scrape >m2 &&
	grep -x "flurm_cpus_idle 4" m2 &&
	grep -x "flurm_memory_allocated_mb 0" m2 &&
	grep -x "flurm_job_run_time_seconds_count 1" m2 &&
	awk "\$1 == \"flurm_job_run_time_seconds_sum\" && \$2 >= 2 && \$2 <= 30 { ok = 1 } END { exit !ok }" m2 &&
	grep -x "flurm_job_run_time_seconds_bucket{le=\"1\"} 0" m2 &&
	grep -x "flurm_job_run_time_seconds_bucket{le=\"+Inf\"} 1" m2 &&
	awk "\$1 == \"flurm_job_wait_time_seconds_sum\" && \$2 >= 0 && \$2 <= 30 { ok = 1 } END { exit !ok }" m2 &&
	grep -x "flurm_requests_total{type=\"REQUEST_SUBMIT_BATCH_JOB\"} 1" m2 &&
	grep -x "flurm_rpc_requests_total{type=\"REQUEST_SUBMIT_BATCH_JOB\"} 1" m2 &&
	grep -x "flurm_request_duration_ms_count{type=\"REQUEST_SUBMIT_BATCH_JOB\"} 1" m2 &&
	grep -x "flurm_request_duration_ms_bucket{type=\"REQUEST_SUBMIT_BATCH_JOB\",le=\"+Inf\"} 1" m2 &&
	awk "\$1 == \"flurm_request_duration_ms_sum{type=\\\"REQUEST_SUBMIT_BATCH_JOB\\\"}\" && \$2 > 0 && \$2 < 10000 { ok = 1 } END { exit !ok }" m2 &&
	n=$(awk "\$1 == \"flurm_requests_total{type=\\\"REQUEST_JOB_INFO_SINGLE\\\"}\" { print \$2 }" m2) &&
	test "$n" -ge 1 &&
	grep -x "flurm_request_duration_ms_count{type=\"REQUEST_JOB_INFO_SINGLE\"} $n" m2
'

test_expect_success 'a drained node counts in flurm_nodes_drain and its CPUs are not idle' '
	flurmsh -c "drain node2 maintenance" &&
	flurm_wait_for "[ \"\$(value flurm_nodes_drain)\" = 1 ]" 10 &&
	test "$(value flurm_cpus_idle)" = 2 &&
	flurmsh -c "resume node2" &&
	flurm_wait_for "[ \"\$(value flurm_nodes_drain)\" = 0 ]" 10 &&
	test "$(value flurm_cpus_idle)" = 4
'

test_expect_success 'flurmsh metrics shows the same names, with --json' '
	flurmsh metrics flurm_job_run_time_seconds >out &&
	grep -x "flurm_job_run_time_seconds_count 1" out &&
	flurmsh metrics "flurm_request*" >out &&
	grep "^flurm_requests_total{type=\"REQUEST_SUBMIT_BATCH_JOB\"} 1$" out &&
	grep "^flurm_request_duration_ms_bucket{type=\"REQUEST_SUBMIT_BATCH_JOB\",le=\"+Inf\"} 1$" out &&
	flurmsh metrics --json memory_total >m.json &&
	perl -MJSON::PP -e "local \$/; my \$j = decode_json(<STDIN>); exit !(\$j->{metrics}[0]{name} eq q(flurm_memory_total_mb) && \$j->{metrics}[0]{value} == 2000)" <m.json
'

test_done
