# SelectTypeParameters=CR_Core: a CPU's memory times its CPUs beyond the
# node's RealMemory runs, holding no memory; salloc gets it too
id=$(sbatch --parsable --mem-per-cpu=600 -c 2 -t 5 -o /dev/null --wrap "sleep 60")
for _ in $(seq 1 100); do
	[ "$(squeue -h -j "$id" -o %t)" = R ] && break
	sleep 0.1
done
run squeue -h -j "$id" -o "%t %r %m %C %D"
run sh -c "scontrol show job $id | grep -E '^   (JobState|NumNodes|TRES|MinCPUsNode)='"
run sh -c "scontrol show node node1 | grep -oE 'AllocMem=[0-9]+'"
scancel "$id"
for _ in $(seq 1 100); do
	[ -z "$(squeue -h -j "$id" -o %t)" ] && break
	sleep 0.1
done
run timeout 60 salloc --mem-per-cpu=600 -c 2 -t 5 true
