# sinfo -R, -s and -o after a drain and a resume
run scontrol update NodeName=node1 State=DRAIN Reason="maint window"
run sinfo -R
run sinfo -s
run sinfo -o "%P %a %l %D %t %N"
run sinfo -N -l -h
run scontrol update NodeName=node1 State=RESUME
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
run sinfo -R
run sinfo -s
run sinfo -o "%P %a %l %D %t %N"
run scontrol update NodeName=node1 State=DOWN Reason="dead"
run sinfo -R -h -o "%E %t"
run sinfo -o "%P %a %l %D %t %N"
run scontrol update NodeName=node1 State=RESUME
for _ in $(seq 1 50); do
	[ "$(sinfo -h -n node1 -o %t | sort -u)" = idle ] && break
	sleep 0.1
done
run sinfo -h -o "%P %D %t"
