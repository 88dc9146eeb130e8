# many squeue fields of a held job submitted from a script with #SBATCH lines
cat >job.sh <<'SCRIPT'
#!/bin/bash
#SBATCH -J fromscript
#SBATCH -t 1-02:03:04
#SBATCH -p batch
#SBATCH --mem=100
#SBATCH -c 2
#SBATCH --comment=hello
#SBATCH --nice=5
true
SCRIPT
id=$(sbatch --parsable --hold job.sh)
run squeue -j "$id" -O JobID,Name,Partition,TimeLimit,MinMemory,MinCpus,NumCPUs,NumNodes,NumTasks,Nice,Comment,Command,WorkDir,StdOut,ReqNodes,ExcNodes,Features,Dependency,Shared,Contiguous,Licenses,Priority,Reason,UserName,GroupName
run squeue -j "$id" -h -o "%a|%c|%d|%e|%f|%g|%h|%H|%I|%J|%k|%m|%n|%N|%O|%p|%q|%s|%v|%w|%x|%z|%B|%E|%Q|%R|%S|%V|%W|%Z"
run sh -c "scontrol show job $id | grep -E '^   (Command|MinCPUsNode|TRES|NumCPUs|TimeLimit|Priority)='"
