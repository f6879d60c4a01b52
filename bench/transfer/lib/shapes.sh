# The four shapes: each has a data set (prepare_*), a reset before every measured run (reset_*), DMS's
# task (dms_* sets dms_task: service and parameters), the tools it is compared with (tool_*) and a check
# after each run (check_*). A tool's destination for `sync -f` is out_<shape>. Sourced by compare.sh.

# "2 GiB" or "64 MiB" from MiB.
size_text() { if (($1 >= 1024)); then echo "$(($1 >> 10)) GiB"; else echo "$1 MiB"; fi; }

declare -A shape_title=(
    [big]="one $(size_text "$big_mib") file (copy)"
    [tree]="$((tree_dirs * 100)) files of 4-64 KiB in $tree_dirs folders (copy into an empty folder)"
    [sync]="sync of $((small_dirs * 100)) unchanged 1 KiB files"
    [changed]="sync after 1% of them changed"
)
declare -A shape_tools=([big]="cp" [tree]="rsync rclone cp" [sync]="rsync rclone" [changed]="rsync rclone")
declare -A tool_command=(
    [big/cp]="cp"
    [tree/rsync]="rsync -a" [tree/rclone]="rclone copy" [tree/cp]="cp -a"
    [sync/rsync]="rsync -a --delete" [sync/rclone]="rclone sync"
    [changed/rsync]="rsync -a --delete" [changed/rclone]="rclone sync"
)

# rclone without a config file, and quiet about it.
rclone_run() { rclone --config /dev/null -q "$@"; }

# --- one big file ---------------------------------------------------------------------------------------
out_big="$data_root/big-out"
prepare_big() { [[ -f "$data_root/big/big.bin" ]] || make_big_file "$data_root/big/big.bin" "$big_mib"; }
reset_big() {
    rm -rf "$out_big" && mkdir -p "$out_big"
    warm_content "$data_root/big"
}
dms_big() { dms_task=(copy "{\"source\": \"big/big.bin\", \"destination\": \"big-out/big.bin\", \"fsync\": $1}"); }
tool_big_cp() { cp "$data_root/big/big.bin" "$out_big/big.bin"; }
check_big() {
    [[ $(stat -c %s "$out_big/big.bin") == $(stat -c %s "$data_root/big/big.bin") ]] || fail "big.bin: wrong size"
}

# --- a tree of small and medium files -------------------------------------------------------------------
# Every run writes a new folder, all removed at the end: ext4 without a journal (this VM's) skips inodes
# freed in the last 60 s when it allocates, so a run right after deleting 20,000 files pays 5-10x more.
out_tree=""
prepare_tree() { [[ -d "$data_root/tree" ]] || make_mixed_tree "$data_root/tree" "$tree_dirs" 100; }
reset_tree() {
    out_tree="$data_root/tree-out-$run_number"
    warm_content "$data_root/tree"
}
dms_tree() { dms_task=(copy "{\"source\": \"tree\", \"destination\": \"tree-out-$run_number\", \"fsync\": $1}"); }
tool_tree_rsync() { rsync -a "$data_root/tree/" "$out_tree/"; }
tool_tree_rclone() { rclone_run copy "$data_root/tree" "$out_tree"; }
tool_tree_cp() { cp -a "$data_root/tree" "$out_tree"; }
check_tree() { [[ $(count_files "$out_tree") == $((tree_dirs * 100)) ]] || fail "$out_tree: wrong file count"; }

# --- a mirror of many tiny files, unchanged -------------------------------------------------------------
out_sync="$data_root/small-mirror"
prepare_sync() {
    [[ -d "$data_root/small" ]] || make_small_tree "$data_root/small" "$small_dirs" 100
    [[ -d "$out_sync" ]] || cp -a "$data_root/small" "$out_sync"
}
reset_sync() { warm_metadata "$data_root/small" "$out_sync"; }
dms_sync() {
    dms_task=(sync "{\"source\": \"small\", \"destination\": \"small-mirror\", \"delete\": true, \"fsync\": $1}")
}
tool_sync_rsync() { rsync -a --delete "$data_root/small/" "$out_sync/"; }
tool_sync_rclone() { rclone_run sync "$data_root/small" "$out_sync"; }
check_sync() { [[ $(count_files "$out_sync") == $((small_dirs * 100)) ]] || fail "small-mirror: wrong file count"; }

# --- the same mirror after 1% of the files changed ------------------------------------------------------
out_changed=$out_sync
change_round=0
prepare_changed() { prepare_sync; }
reset_changed() {
    change_files "$data_root/small" "$small_dirs" $((++change_round))
    reset_sync
}
dms_changed() { dms_sync "$@"; }
tool_changed_rsync() { tool_sync_rsync; }
tool_changed_rclone() { tool_sync_rclone; }
check_changed() {
    check_sync
    local file
    printf -v file 'd0/f%02d' $((change_round % 100))
    cmp -s "$data_root/small/$file" "$out_sync/$file" || fail "small-mirror/$file was not updated"
}
