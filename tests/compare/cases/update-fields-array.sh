# scontrol update of request fields on a held array: all its tasks, or
# one, as slurmctld
id=$(sbatch --parsable --hold --array=1-2 -o /dev/null --wrap true)
run scontrol update JobId="$id" ExcNodeList=node1 MinTmpDiskNode=5 Requeue=0
run scontrol update JobId="${id}_2" WorkDir=/tmp MailUser=a@b MailType=END
run scontrol update JobId="${id}_1" ReqNodeList=nosuch
run sh -c "scontrol show job -o $id | tr ' ' '\n' | grep -E '^(JobId|ArrayTaskId|Requeue|ExcNodeList|MinTmpDiskNode|WorkDir|MailUser|MailType)='"
scancel "$id"
