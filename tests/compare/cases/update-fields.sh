# scontrol update JobId= of a held job with the fields operators use,
# each on its own, then what scontrol show job shows of them; then the
# same updates of a running job; NumCPUs= of a one-task job
fields='^(Priority|Reason|Requeue|Contiguous|OverSubscribe|TimeMin|MinCPUsNode|MinTmpDiskNode|ReqNodeList|ExcNodeList|NumCPUs|NumTasks|CPUs/Task|WorkDir|StdOut|StdErr|Account|MailUser|MailType|QOS|Reboot|Licenses|TresPerNode|EligibleTime)='
show() {
	run sh -c "scontrol show job -o $1 | tr ' ' '\n' | grep -E '$fields'"
}
id=$(sbatch --parsable --hold -o /dev/null --wrap true)
for kv in ExcNodeList=node1 ExcNodeList= ExcNodeList=nosuch \
	ReqNodeList=node1 ReqNodeList= ReqNodeList=nosuch \
	MinTmpDiskNode=5 Requeue=0 Contiguous=1 OverSubscribe=yes Shared=0 \
	TimeMin=2 MinCPUsNode=2 WorkDir=/tmp StdOut=/tmp/o.txt \
	Account=acct MailUser=a@b MailType=END QOS=normal Reboot=yes \
	Licenses=foo:1 Gres=gpu:1 EligibleTime=now; do
	run scontrol update JobId="$id" "$kv"
done
show "$id"
run scontrol update JobId="$id" NumTasks=2 NumCPUs=2 MinMemoryCPU=50
run scontrol update JobId="$id" CPUsPerTask=2
run scontrol update JobId="$id" Priority=100
show "$id"
scancel "$id"
id=$(sbatch --parsable -o /dev/null --wrap "sleep 60")
job_running "$id"
for kv in ExcNodeList=node1 MinTmpDiskNode=5 Requeue=0 Contiguous=1 \
	OverSubscribe=yes TimeMin=2 MinCPUsNode=2 WorkDir=/tmp \
	StdOut=/tmp/o.txt Licenses=foo:1 Gres=gpu:1 CPUsPerTask=2 \
	Priority=100 Account=acct QOS=normal MailUser=a@b MailType=END \
	Reboot=yes ReqNodeList=node1; do
	run scontrol update JobId="$id" "$kv"
done
show "$id"
scancel "$id"
job_gone "$id"
# NumCPUs= of a one-task job: the CPUs in all, the task count stays
id=$(sbatch --parsable --hold -o /dev/null --wrap true)
run scontrol update JobId="$id" NumCPUs=2
show "$id"
scancel "$id"
