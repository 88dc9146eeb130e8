# many sinfo fields, per node and per partition
run sinfo -o "%a|%A|%b|%B|%c|%C|%d|%D|%E|%f|%F|%g|%G|%h|%H|%I|%l|%L|%m|%M|%n|%N|%o|%p|%P|%r|%R|%s|%S|%t|%T|%u|%w|%X|%Y|%Z|%z"
run sinfo -N -O NodeList,Partition,CPUs,CPUsState,Memory,AllocMem,Disk,Features,Gres,GresUsed,StateLong,Weight,Reason,Threads,Cores,Sockets
run sinfo -e
run sinfo --summarize -p debug
run sinfo -t idle,alloc -h
run sinfo -n node1 -h -o "%N %t"
