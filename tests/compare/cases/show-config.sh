# scontrol show config: what both controllers set the same way
run sh -c "scontrol show config | grep -E '^(ClusterName|MaxArraySize|MinJobAge|ReturnToService|MpiDefault|SlurmctldPort|AuthType|MaxJobId|KillWait|InactiveLimit|MessageTimeout|SlurmUser|SchedulerType|EnforcePartLimits|OverTimeLimit|Version) '"
