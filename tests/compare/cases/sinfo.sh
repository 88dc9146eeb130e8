# sinfo, long per node, summarised
run sinfo
run sinfo -N -l
run sinfo -s
run sinfo -p batch -o "%P %a %l %D %t %N %c %m"
