# scripts sbatch checks: no #! line, an empty script, a bad #SBATCH line,
# DOS line ends, #SBATCH after the first command
printf 'echo hi\n' >noshebang.sh
run sbatch noshebang.sh
: >empty.sh
run sbatch empty.sh
printf '#!/bin/sh\n#SBATCH --bogus-option\ntrue\n' >badopt.sh
run sbatch badopt.sh
printf '#!/bin/sh\r\n#SBATCH -J dos\r\ntrue\r\n' >dos.sh
run sbatch dos.sh
printf '#!/bin/sh\ntrue\n#SBATCH -J late\n' >late.sh
run sh -c "sbatch --hold --parsable late.sh | tr -d 0-9"
run squeue -h -t PD -o "%j"
run sbatch /nonexistent/script.sh
scancel -u "$(id -un)"
