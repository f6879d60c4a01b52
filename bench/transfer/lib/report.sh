# Medians, ratios and the Markdown table compare.sh prints. Times are integer microseconds (bash has no
# floating point). Sourced by compare.sh; reads samples, shape_title, shape_tools, tool_command.

# "1.234" from microseconds.
seconds() { printf '%d.%03d' $(($1 / 1000000)) $(($1 / 1000 % 1000)); }

# The median of the samples given (the mean of the middle two for an even count).
median() {
    local sorted
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
    local n=${#sorted[@]}
    if ((n % 2)); then echo "${sorted[n / 2]}"; else echo $(((sorted[n / 2 - 1] + sorted[n / 2]) / 2)); fi
}

# "0.42 (2.4x faster)" or "1.30 (1.3x slower)": DMS's time over the tool's, rounded.
ratio() {
    local dms=$1 tool=$2 ratio speed hundredths=$((($1 * 100 + $2 / 2) / $2)) tenths
    printf -v ratio '%d.%02d' $((hundredths / 100)) $((hundredths % 100))
    if ((dms <= tool)); then
        tenths=$(((tool * 10 + dms / 2) / dms))
        speed="faster"
    else
        tenths=$(((dms * 10 + tool / 2) / tool))
        speed="slower"
    fi
    echo "$ratio ($((tenths / 10)).$((tenths % 10))x $speed)"
}

# The median of one variant's samples, in microseconds.
median_of() {
    # shellcheck disable=SC2086  # the samples are a space-separated list
    median ${samples[$1]}
}

print_report() {
    local shape tool dms dms_durable plain durable
    echo
    echo "| Shape | Tool | Tool (s) | DMS fsync=false (s) | DMS / tool | Tool && sync -f (s) | DMS default, fsync=true (s) | DMS / tool |"
    echo "|---|---|---|---|---|---|---|---|"
    for shape in "$@"; do
        dms=$(median_of "$shape/dms")
        dms_durable=$(median_of "$shape/dms+sync")
        for tool in ${shape_tools[$shape]}; do
            plain=$(median_of "$shape/$tool")
            durable=$(median_of "$shape/$tool+sync")
            printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "${shape_title[$shape]}" \
                "${tool_command[$shape/$tool]}" "$(seconds "$plain")" "$(seconds "$dms")" "$(ratio "$dms" "$plain")" \
                "$(seconds "$durable")" "$(seconds "$dms_durable")" "$(ratio "$dms_durable" "$durable")"
        done
    done
    echo
    echo "Every sample (s), each variant's in run order:"
    for key in "${!samples[@]}"; do
        printf '  %-22s' "$key"
        for sample in ${samples[$key]}; do printf ' %s' "$(seconds "$sample")"; done
        echo
    done | sort
}
