#!/usr/bin/env python3
"""Turns a redis-server MONITOR capture of a dms-load drain into commands that can be replayed.

    monitor_to_resp.py capture MONITOR_FILE OUT_DIR
        OUT_DIR/submit.resp: what clients sent until the drain's host started (the queueing, untimed in dms-load);
        OUT_DIR/drain.resp: what they sent from then on; OUT_DIR/script_<sha>.lua: every script loaded.
        Commands that scripts ran are left out: replaying a script runs them again.
    monitor_to_resp.py capture-bullmq MONITOR_FILE OUT_DIR
        The same for a run of bench/bullmq/bench.mjs: submit.resp holds everything until its drain's Worker sent its
        first command, drain.resp the rest; blocking commands (the Worker's wait for a job) are left out.
    monitor_to_resp.py swap BASE_DIR OTHER_DIR OUT_DIR
        BASE_DIR's commands calling OTHER_DIR's scripts instead (each matched by the first line of its own part, which
        names its arguments), so two builds' scripts run the same calls with the same arguments.

A replay sends every client's commands down one connection, in the order the server ran them. One difference: a
MULTI takes in what other clients ran before its EXEC, which then runs at the EXEC, a little later than it did.
"""
import hashlib
import pathlib
import re
import sys

LINE = re.compile(r'^[0-9.]+ \[\d+ ([^\]]+)\] (.*)$')
ESCAPES = {'\\': b'\\', '"': b'"', 'n': b'\n', 'r': b'\r', 't': b'\t', 'a': b'\a', 'b': b'\b'}
MAIN = b'local function main()'


def parse_arguments(text):
    """The quoted arguments of one MONITOR line, as Redis's sdscatrepr escaped them."""
    arguments, i = [], 0
    while i < len(text):
        if text[i] == ' ':
            i += 1
            continue
        if text[i] != '"':
            raise ValueError('unquoted argument at: ' + text[i:i + 40])
        i += 1
        value = bytearray()
        while text[i] != '"':
            if text[i] == '\\':
                if text[i + 1] == 'x':
                    value.append(int(text[i + 2:i + 4], 16))
                    i += 4
                else:
                    value += ESCAPES[text[i + 1]]
                    i += 2
            else:
                value.append(ord(text[i]))
                i += 1
        arguments.append(bytes(value))
        i += 1
    return arguments


def resp(arguments):
    return b'*%d\r\n' % len(arguments) + b''.join(b'$%d\r\n%s\r\n' % (len(a), a) for a in arguments)


def sha(text):
    return hashlib.sha1(text).hexdigest()


# Not replayed: connection set-up, the capture's own calls (its end marker is an ECHO), and commands that would block
# the replay.
LEFT_OUT = {b'HELLO', b'QUIT', b'CLIENT', b'INFO', b'MONITOR', b'ECHO', b'BZPOPMIN', b'BZPOPMAX', b'BLPOP', b'BRPOP',
            b'BLMOVE', b'BRPOPLPUSH'}


def read_monitor(monitor_file):
    """(client, arguments) of every command a client sent, in the order the server ran them."""
    commands = []
    # latin-1 keeps every byte as one character, so \xHH escapes and plain bytes come back as they were.
    for line in pathlib.Path(monitor_file).read_text(encoding='latin-1').split('\n'):
        match = LINE.match(line)
        if match and match.group(1) != 'lua':
            arguments = parse_arguments(match.group(2))
            if arguments[0].upper() not in LEFT_OUT:
                commands.append((match.group(1), arguments))
    return commands


def dms_drain_start(commands):
    # dms-load stops the host that queued the tasks and starts the one that drains them: no connection is used by
    # both. The drain starts where the last run of overlapping connection lifetimes begins.
    first, last = {}, {}
    for i, (client, _) in enumerate(commands):
        first.setdefault(client, i)
        last[client] = i
    start, reach = 0, -1
    for client in sorted(first, key=first.get):
        if first[client] > reach:
            start = first[client]
        reach = max(reach, last[client])
    if start == 0:
        sys.exit('monitor_to_resp: one run of connections only; is it a dms-load drain (two host starts)?')
    return start


def bullmq_drain_start(commands):
    # The drain queue is filled by one client (addBulk) and emptied by another (the Worker).
    filler = None
    for i, (client, arguments) in enumerate(commands):
        if not any(b'bench-drain' in a for a in arguments[1:]):
            continue
        if filler is None:
            filler = client
        elif client != filler:
            return i
    sys.exit('monitor_to_resp: no Worker on the bench-drain queue; is it a bench/bullmq run?')


def capture(monitor_file, out, drain_start):
    commands = read_monitor(monitor_file)
    start = drain_start(commands)
    commands = [arguments for _, arguments in commands]
    out.mkdir(parents=True, exist_ok=True)
    (out / 'submit.resp').write_bytes(b''.join(resp(c) for c in commands[:start]))
    (out / 'drain.resp').write_bytes(b''.join(resp(c) for c in commands[start:]))
    for c in commands:
        if len(c) == 3 and c[0].upper() == b'SCRIPT' and c[1].upper() == b'LOAD':
            (out / ('script_' + sha(c[2]) + '.lua')).write_bytes(c[2])
    print(f'{start} commands before the drain, {len(commands) - start} in it')


def scripts_by_name(directory):
    """Each script by the first line of its own part (after the prelude), which names its arguments."""
    scripts = {}
    for path in directory.glob('script_*.lua'):
        text = path.read_bytes()
        name = text[text.index(MAIN) + len(MAIN):].strip().split(b'\n')[0]
        if name in scripts:
            sys.exit(f'monitor_to_resp: two scripts in {directory} begin with {name!r}')
        scripts[name] = text
    return scripts


def swap(base, other, out):
    ours, theirs = scripts_by_name(base), scripts_by_name(other)
    missing = [name.decode() for name in ours if name not in theirs]
    if missing:
        # The host loads a script when it first runs it, and a script's first line names its arguments.
        sys.exit('monitor_to_resp: no counterpart in the other capture for the scripts beginning ' + '; '.join(missing))
    out.mkdir(parents=True, exist_ok=True)
    replacements = []
    for name, text in ours.items():
        new = theirs[name]
        (out / ('script_' + sha(new) + '.lua')).write_bytes(new)
        replacements.append((b'$%d\r\n%s\r\n' % (len(text), text), b'$%d\r\n%s\r\n' % (len(new), new)))
        replacements.append((sha(text).encode(), sha(new).encode()))
    for name in ('submit.resp', 'drain.resp'):
        data = (base / name).read_bytes()
        for old, new in replacements:
            data = data.replace(old, new)
        (out / name).write_bytes(data)
    print(f'{len(ours)} scripts swapped')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'capture':
        capture(sys.argv[2], pathlib.Path(sys.argv[3]), dms_drain_start)
    elif len(sys.argv) == 4 and sys.argv[1] == 'capture-bullmq':
        capture(sys.argv[2], pathlib.Path(sys.argv[3]), bullmq_drain_start)
    elif len(sys.argv) == 5 and sys.argv[1] == 'swap':
        swap(pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4]))
    else:
        sys.exit(__doc__)
