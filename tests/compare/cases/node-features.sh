# scontrol update of a node's ActiveFeatures apart from its features,
# Comment and Extra: what scontrol show node and sinfo show, what -C
# matches (the active list only), what scontrol reconfigure keeps (the
# comment and extra, not the features); it ends with node1 as it was
run scontrol update NodeName=node1 Features=a,b ActiveFeatures=a
run scontrol update NodeName=node1 Comment="new disk" Extra="rack=4"
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Extra'"
run sinfo -h -n node1 -o "%n %f %b"
run sinfo -h -n node1 -O "NodeList:6,Features:6,Comment:10,Extra:10"
id=$(sbatch --parsable -o /dev/null -C a --wrap true)
job_gone "$id"
run sbatch -o /dev/null -C b --wrap true
run sbatch -o /dev/null -C c --wrap true
run scontrol update NodeName=node1 ActiveFeatures=c
run scontrol update NodeName=node1 Features=b
run scontrol update NodeName=node1 Features=a,b
run sh -c "scontrol show node node1 | grep -E 'Features'"
run scontrol update NodeName=node1 Features= ActiveFeatures=
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Extra'"
run sinfo -h -n node1 -o "%n %f %b"
run scontrol update NodeName=node1 Features=x ActiveFeatures=
run scontrol reconfigure
sleep 1
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Extra'"
run scontrol update NodeName=node1 Comment= Extra=
run sh -c "scontrol show node node1 | grep -E 'Features|Comment|Extra'"
# slurmctld's reconfigure leaves the node's reason user root (sinfo %u):
# a drain and resume sets it back to none, as before the case
scontrol update NodeName=node1 State=DRAIN Reason=reset
scontrol update NodeName=node1 State=RESUME
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
