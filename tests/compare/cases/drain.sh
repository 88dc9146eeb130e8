# draining and resuming the node: sinfo -R, the node's reason, the
# states; NodeName=ALL. A resume of a node neither down nor drained is
# refused; State=IDLE of an idle node is taken
run scontrol update NodeName=node1 State=RESUME
run scontrol update NodeName=node1 State=IDLE
run scontrol update NodeName=node1 State=DRAIN Reason="compare test"
run sinfo -R -o "%E|%u|%N"
run sinfo -h -o "%P %a %D %t"
run sh -c "scontrol show node node1 | grep -E '^   (State|Reason)='"
run scontrol update NodeName=node1 State=RESUME
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
run sinfo -h -o "%P %a %D %t"
run scontrol update NodeName=node1 State=DRAIN
run scontrol update NodeName=nosuch State=RESUME
# NodeName=ALL names every node
run scontrol update NodeName=ALL State=DRAIN Reason="all of them"
run sinfo -h -o "%P %a %D %t %E"
run scontrol update NodeName=all State=RESUME
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
run sinfo -h -o "%P %a %D %t"
