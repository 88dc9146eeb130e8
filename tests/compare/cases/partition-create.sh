# scontrol create and delete of a partition
run scontrol create PartitionName=extra Nodes=node1 MaxTime=10 State=UP
run scontrol -o show partition extra
run sinfo -p extra -o "%P %a %l %D %t %N"
run scontrol create PartitionName=extra Nodes=node1
run scontrol delete PartitionName=extra
run scontrol show partition extra
run scontrol delete PartitionName=extra
