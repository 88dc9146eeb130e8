# --mail-type and --mail-user at submission and by scontrol update: what
# scontrol show job shows of them
show() {
	run sh -c "scontrol show job $1 | grep -E '^ *(MailUser|MailType)=' || true"
}
a=$(sbatch --parsable --hold -o /dev/null --wrap true)
b=$(sbatch --parsable --hold --mail-type=END -o /dev/null --wrap true)
c=$(sbatch --parsable --hold --mail-type=BEGIN,FAIL --mail-user=x@y -o /dev/null --wrap true)
d=$(sbatch --parsable --hold --mail-user=x@y -o /dev/null --wrap true)
for id in "$a" "$b" "$c" "$d"; do
	show "$id"
done
run scontrol update JobId="$a" MailType=FAIL
show "$a"
run scontrol update JobId="$c" MailUser=
show "$c"
run scontrol update JobId="$d" MailType=NONE
show "$d"
scancel "$a" "$b" "$c" "$d"
