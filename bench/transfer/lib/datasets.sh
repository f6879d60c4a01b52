# The generated data sets, all under $data_root (on the file system of the temp folder). Random content
# from /dev/urandom, cut into files by `split`, so 100,000 files cost a few thousand processes, not 100,000.
# Sourced by compare.sh.

RANDOM=20261123  # the same file sizes on every run

# One file of $2 MiB at $1.
make_big_file() {
    mkdir -p "$(dirname "$1")"
    head -c "$(($2 << 20))" /dev/urandom >"$1"
}

# $2 files of $3 bytes each, named f00..f<n>, in folder $1.
make_files() {
    mkdir -p "$1"
    head -c "$(($2 * $3))" /dev/urandom | split -b "$3" -d -a 2 - "$1/f$4"
}

# $2 folders of $3 files of 4-64 KiB each (sizes in steps of 1 KiB, four sizes per folder) under $1.
make_mixed_tree() {
    local dir group per_group=$(($3 / 4))
    for ((dir = 0; dir < $2; dir++)); do
        for group in 0 1 2 3; do
            make_files "$1/d$dir" "$per_group" "$(((4 + RANDOM % 61) << 10))" "$group"
        done
    done
}

# $2 folders of $3 files of 1 KiB each under $1.
make_small_tree() {
    local dir
    for ((dir = 0; dir < $2; dir++)); do make_files "$1/d$dir" "$3" 1024 ""; done
}

# Rewrites one file in each of the $2 folders of tree $1 (file number $3 % 100): new content of the same
# size and a new modification time, so a sync must copy them; bash builtins only, no process per file.
change_files() {
    local dir file content
    printf -v content '%01023d\n' "$3$RANDOM$RANDOM"
    for ((dir = 0; dir < $2; dir++)); do
        printf -v file '%s/d%d/f%02d' "$1" "$dir" "$(($3 % 100))"
        printf '%s' "$content" >"$file"
    done
}

# Reads every file under the folders given into the page cache (GNU tar skips the reading when it writes
# to /dev/null, hence the pipe). This VM pages out what has not been touched for about a minute (DAMON).
warm_content() {
    tar -cPf - "$@" | wc -c >/dev/null
}

# Reads the inodes (stat) of every entry under the folders given.
warm_metadata() {
    du -s "$@" >/dev/null
}

# Counts regular files under $1 (a check after each run that every tool did the whole job).
count_files() {
    find "$1" -type f | wc -l
}
