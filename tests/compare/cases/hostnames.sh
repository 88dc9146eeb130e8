# scontrol show hostnames / hostlist
run scontrol show hostnames "node[1-3],x[01-02]"
run scontrol show hostlist a1,a2,a3,b7
run scontrol show hostnames
