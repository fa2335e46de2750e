# tandem session holder: keeps one terminal's shell alive across server restarts.
#
# Why Python and not Node: the holder must run wherever the shell runs (inside the
# local sandbox, inside the pod), and Python 3's standard library has everything it
# needs (pty, socket, selectors), so this one file runs as it is in both, with nothing
# to install, bundle or bind into the sandbox, and a few MiB of memory per terminal.
# The screen (for a client too far behind) is recomputed by the server, which replays
# the ring into @xterm/headless (holder/terminal-screen.ts); the holder stays small.
#
# Modes (the wire protocol is holder/holder-protocol.ts, which says it for both sides):
#   serve --fd N --ring UNITS --cols C --rows R -- ARGV...
#       Accepts attachers on the listening unix socket inherited as fd N (the server
#       made it in a folder only it can reach), runs ARGV on a new pseudo-terminal,
#       and keeps the last UNITS UTF-16 code units of output with their offsets.
#   serve --listen PATH --ring UNITS --cols C --rows R -- ARGV...
#       The same on a socket it makes at PATH (in a pod, where no descriptor can be
#       handed over an exec stream), detached: it returns once the socket listens,
#       and the holder runs on in a session of its own.
#   attach --socket PATH
#       Bridges stdin and stdout to the socket (for a server that reaches the holder
#       only through an exec stream).
#   list --dir DIR
#       One JSON line per holder answering in DIR: {"id", ...its INFO}; the sockets
#       of holders that are gone are removed.
#
# The holder ends when it is told to (KILL) or, after the shell exited, once the exit
# code has been read and released by a KILL, or after EXITED_KEEP_S with nobody there.
import codecs, errno, fcntl, json, os, selectors, signal, socket, struct, sys, termios, time

T_ATTACH, T_INPUT, T_RESIZE, T_KILL, T_INFO = 1, 2, 3, 4, 5
T_ATTACHED, T_OUTPUT, T_SKIPPED, T_EXIT, T_REFUSED, T_INFO_REPLY = 16, 17, 18, 19, 20, 21
MAX_CLIENT_FRAME = 256 * 1024
OUT_CHUNK_CHARS = 32 * 1024
READ_BATCH = 128 * 1024
# While the attacher has this much unsent, the pty is not read: the program waits, as on a slow terminal.
SEND_HIGH_WATER = 256 * 1024
MAX_PENDING_INPUT = 4 * 1024 * 1024
EXITED_KEEP_S = 24 * 3600


def units(text):
    if text.isascii():
        return len(text)
    return len(text.encode('utf-16-le', 'surrogatepass')) // 2


def frame(kind, payload=b''):
    return struct.pack('>IB', len(payload) + 1, kind) + payload


def json_frame(kind, value):
    return frame(kind, json.dumps(value, separators=(',', ':')).encode())


def output_frame(seq, text):
    return frame(T_OUTPUT, struct.pack('>d', seq) + text.encode('utf-8', 'replace'))


class Ring:
    """Output as (seq, text, units) chunks; at least `capacity` units kept (as OutputRing)."""

    def __init__(self, capacity):
        self.capacity, self.chunks, self.start, self.kept = capacity, [], 0, 0

    @property
    def end(self):
        return self.start + self.kept

    def append(self, text):
        n = units(text)
        if n == 0:
            return
        self.chunks.append((self.end, text, n))
        self.kept += n
        while len(self.chunks) > 1 and self.kept - self.chunks[0][2] >= self.capacity:
            _, _, dropped = self.chunks.pop(0)
            self.kept -= dropped
            self.start += dropped

    def since(self, offset):
        """(seq, text) pieces from `offset` (at or after start); a split pair is not cut."""
        for seq, text, n in self.chunks:
            if seq + n <= offset:
                continue
            if seq < offset:
                skip, i = offset - seq, 0
                while skip > 0 and i < len(text):
                    skip -= 2 if ord(text[i]) > 0xFFFF else 1
                    i += 1
                seq, text = seq + units(text[:i]), text[i:]
            for j in range(0, len(text), OUT_CHUNK_CHARS):
                piece = text[j:j + OUT_CHUNK_CHARS]
                yield seq, piece
                seq += units(piece)


class Conn:
    def __init__(self, sock):
        self.sock, self.inbuf, self.outbuf = sock, bytearray(), bytearray()
        self.epoch, self.attached, self.closing = None, False, False
        self.events = selectors.EVENT_READ


class Holder:
    def __init__(self, listener, ring_units, cols, rows, argv):
        self.listener = listener
        self.listener.setblocking(False)
        self.ring = Ring(ring_units)
        self.cols, self.rows = cols, rows
        self.sel = selectors.DefaultSelector()
        self.conns = {}
        self.current = None
        self.highest_epoch = -1
        self.exit_code = None
        self.exited_at = None
        self.pending_input = bytearray()
        self.decoder = codecs.getincrementaldecoder('utf-8')('replace')
        self.pid, self.master = self.spawn(argv)
        self.pty_open = True
        os.set_blocking(self.master, False)
        self.sel.register(self.listener, selectors.EVENT_READ, 'listen')
        self.sel.register(self.master, selectors.EVENT_READ, 'pty')
        self.pty_events = selectors.EVENT_READ

    def spawn(self, argv):
        master, slave = os.openpty()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', self.rows, self.cols, 0, 0))
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.closerange(3, 65536)  # never the listening socket: the shell must not reach its holder
                # Python ignores these; the shell must get the defaults a terminal gives.
                for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGHUP, signal.SIGTERM):
                    signal.signal(sig, signal.SIG_DFL)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        os.close(slave)
        return pid, master

    # ---- the shell side ----

    def read_pty(self):
        # A pty gives a few KiB a read: what is there is gathered into one frame.
        parts, size = [], 0
        while size < READ_BATCH:
            try:
                data = os.read(self.master, 65536)
            except BlockingIOError:
                break
            except OSError:
                data = b''  # EIO: every slave end closed
            if not data:
                if parts:
                    self.output(self.decoder.decode(b''.join(parts)))
                return self.reap(block=True)
            parts.append(data)
            size += len(data)
        if parts:
            self.output(self.decoder.decode(b''.join(parts)))

    def output(self, text):
        if not text:
            return
        seq = self.ring.end
        self.ring.append(text)
        if self.current:
            for j in range(0, len(text), OUT_CHUNK_CHARS):
                piece = text[j:j + OUT_CHUNK_CHARS]
                self.send(self.current, output_frame(seq, piece))
                seq += units(piece)

    def reap(self, block=False):
        if self.exit_code is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = self.pid, 0
        if pid == 0:
            return
        # What the shell wrote before it exited comes first, then the exit; the pty closes
        # with the shell (as node-pty's does): a job left behind gets EIO, not a reader.
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            self.output(self.decoder.decode(data))
        self.output(self.decoder.decode(b'', True))
        if self.pty_events:
            self.sel.unregister(self.master)
            self.pty_events = 0
        os.close(self.master)
        self.pty_open = False
        # As the local terminal reports it: 128 + n when a signal ended the shell.
        self.exit_code = 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        self.exited_at = time.monotonic()
        if self.current:
            self.send(self.current, json_frame(T_EXIT, {'code': self.exit_code}))

    def write_input(self):
        if not self.pty_open or not self.pending_input:
            return
        try:
            n = os.write(self.master, self.pending_input)
            del self.pending_input[:n]
        except BlockingIOError:
            pass
        except OSError:
            self.pending_input.clear()

    def kill_shell(self):
        if self.exit_code is not None:
            return
        # The shell's job control puts jobs in groups of their own: every member of its session goes.
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % entry) as f:
                    fields = f.read().rsplit(')', 1)[1].split()
                if int(fields[3]) == self.pid:
                    os.kill(int(entry), signal.SIGKILL)
            except (OSError, IndexError, ValueError):
                pass
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except OSError:
            pass

    # ---- the attacher side ----

    def accept(self):
        try:
            sock, _ = self.listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        sock.setblocking(False)
        conn = Conn(sock)
        self.conns[sock.fileno()] = conn
        self.sel.register(sock, selectors.EVENT_READ, conn)

    def send(self, conn, data):
        conn.outbuf += data
        self.flush(conn)

    def flush(self, conn):
        if conn.sock.fileno() < 0:
            return
        if conn.outbuf:
            try:
                n = conn.sock.send(conn.outbuf)
                del conn.outbuf[:n]
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                return self.drop(conn)
        if conn.closing and not conn.outbuf:
            return self.drop(conn)
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if conn.outbuf else 0)
        if events != conn.events:
            conn.events = events
            self.sel.modify(conn.sock, events, conn)

    def drop(self, conn):
        if conn.sock.fileno() >= 0:
            self.conns.pop(conn.sock.fileno(), None)
            self.sel.unregister(conn.sock)
            conn.sock.close()
        if self.current is conn:
            self.current = None

    def refuse(self, conn, reason):
        conn.closing = True
        conn.inbuf.clear()
        self.send(conn, json_frame(T_REFUSED, {'reason': reason}))

    def receive(self, conn):
        try:
            data = conn.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b''
        if not data:
            return self.drop(conn)
        if conn.closing:
            return
        conn.inbuf += data
        while len(conn.inbuf) >= 5 and not conn.closing:
            length, kind = struct.unpack_from('>IB', conn.inbuf)
            if length < 1 or length > MAX_CLIENT_FRAME:
                return self.refuse(conn, 'frame too large')
            if len(conn.inbuf) < 4 + length:
                break
            payload = bytes(conn.inbuf[5:4 + length])
            del conn.inbuf[:4 + length]
            self.handle(conn, kind, payload)

    def handle(self, conn, kind, payload):
        if kind == T_INFO:
            conn.closing = True
            return self.send(conn, json_frame(T_INFO_REPLY, self.info()))
        if kind == T_ATTACH:
            return self.attach(conn, payload)
        if not conn.attached:
            return self.refuse(conn, 'not attached')
        # Fencing: a newer attacher took over; the old one may not type or kill (it is closed anyway).
        if conn is not self.current or conn.epoch < self.highest_epoch:
            return self.refuse(conn, 'superseded')
        if kind == T_INPUT:
            if len(self.pending_input) + len(payload) <= MAX_PENDING_INPUT:
                self.pending_input += payload
            self.write_input()
        elif kind == T_RESIZE:
            size = parse_json(payload)
            cols, rows = size.get('cols'), size.get('rows')
            if valid_dim(cols) and valid_dim(rows) and self.pty_open:
                self.cols, self.rows = cols, rows
                fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
        elif kind == T_KILL:
            self.kill_shell()
            self.stopping = True
        else:
            self.refuse(conn, 'unknown frame type %d' % kind)

    def attach(self, conn, payload):
        request = parse_json(payload)
        epoch, since = request.get('epoch'), request.get('since')
        if not is_int(epoch) or (since is not None and not is_int(since)):
            return self.refuse(conn, 'bad attach')
        if epoch < self.highest_epoch:
            return self.refuse(conn, 'stale epoch %d < %d' % (epoch, self.highest_epoch))
        self.highest_epoch = epoch
        if self.current and self.current is not conn:
            self.refuse(self.current, 'superseded')
        self.current, conn.epoch, conn.attached = conn, epoch, True
        start, end = self.ring.start, self.ring.end
        since = end if since is None else min(max(since, 0), end)
        attached = dict(self.info(), epoch=epoch)
        self.send(conn, json_frame(T_ATTACHED, attached))
        if since < start:
            self.send(conn, json_frame(T_SKIPPED, {'from': since, 'to': start}))
            since = start
        for seq, text in self.ring.since(since):
            self.send(conn, output_frame(seq, text))
        if self.exit_code is not None:
            self.send(conn, json_frame(T_EXIT, {'code': self.exit_code}))

    def info(self):
        return {'start': self.ring.start, 'end': self.ring.end, 'cols': self.cols, 'rows': self.rows,
                'pid': self.pid, 'exitCode': self.exit_code, 'epoch': self.highest_epoch}

    # ---- the loop ----

    stopping = False

    def run(self):
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        # SIGCHLD wakes the loop (the shell may exit while a job keeps the pty open).
        wake_r, wake_w = socket.socketpair()
        wake_r.setblocking(False)
        wake_w.setblocking(False)
        signal.set_wakeup_fd(wake_w.fileno(), warn_on_full_buffer=False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.sel.register(wake_r, selectors.EVENT_READ, 'wake')
        while True:
            if self.exit_code is not None:
                if self.stopping:
                    return
                if self.current is None and time.monotonic() - self.exited_at > EXITED_KEEP_S:
                    return
            self.update_pty_events()
            for key, mask in self.sel.select(timeout=5.0):
                if key.data == 'listen':
                    self.accept()
                elif key.data == 'wake':
                    try:
                        wake_r.recv(4096)
                    except OSError:
                        pass
                elif key.data == 'pty':
                    if mask & selectors.EVENT_WRITE:
                        self.write_input()
                    if mask & selectors.EVENT_READ and self.pty_open:
                        self.read_pty()
                else:
                    conn = key.data
                    try:
                        if mask & selectors.EVENT_WRITE:
                            self.flush(conn)
                        if mask & selectors.EVENT_READ and conn.sock.fileno() >= 0:
                            self.receive(conn)
                    except Exception as error:  # one attacher's bad input never ends the shell
                        sys.stderr.write('holder: dropped a connection: %r\n' % (error,))
                        self.drop(conn)
            self.reap()

    def update_pty_events(self):
        """Reads the pty unless the attacher is behind (backpressure); writes while input waits."""
        if not self.pty_open:
            return
        behind = self.current is not None and len(self.current.outbuf) > SEND_HIGH_WATER
        events = (0 if behind else selectors.EVENT_READ) | (selectors.EVENT_WRITE if self.pending_input else 0)
        if events == self.pty_events:
            return
        if events == 0:
            self.sel.unregister(self.master)
        elif self.pty_events == 0:
            self.sel.register(self.master, events, 'pty')
        else:
            self.sel.modify(self.master, events, 'pty')
        self.pty_events = events


def parse_json(payload):
    try:
        value = json.loads(payload.decode('utf-8'))
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2 ** 53


def valid_dim(value):
    return is_int(value) and 1 <= value <= 1000


def bridge(path):
    """stdin -> socket, socket -> stdout, until either side closes."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sel = selectors.DefaultSelector()
    sel.register(sys.stdin.fileno(), selectors.EVENT_READ, 'in')
    sel.register(sock, selectors.EVENT_READ, 'sock')
    out = sys.stdout.fileno()
    while True:
        for key, _ in sel.select():
            if key.data == 'in':
                data = os.read(sys.stdin.fileno(), 65536)
                if not data:
                    sock.shutdown(socket.SHUT_WR)
                    sel.unregister(sys.stdin.fileno())
                else:
                    sock.sendall(data)
            else:
                data = sock.recv(65536)
                if not data:
                    return
                while data:
                    n = os.write(out, data)
                    data = data[n:]


def main(args):
    if args[:1] == ['attach'] and len(args) == 3 and args[1] == '--socket':
        try:
            bridge(args[2])
        except OSError as error:
            sys.stderr.write('holder attach: %s\n' % error)
            sys.exit(2)
        return
    if args[:1] == ['list'] and len(args) == 3 and args[1] == '--dir':
        return list_holders(args[2])
    if args[:1] != ['serve'] or '--' not in args:
        sys.stderr.write('usage: holder serve (--fd N | --listen PATH) --ring UNITS --cols C --rows R -- ARGV... | holder attach --socket PATH | holder list --dir DIR\n')
        sys.exit(2)
    split = args.index('--')
    options = dict(zip(args[1:split:2], args[2:split:2]))
    argv = args[split + 1:]
    os.environ.setdefault('TERM', 'xterm-256color')
    if '--listen' in options:
        listener = listen_detached(options['--listen'])
    else:
        listener = socket.socket(fileno=int(options['--fd']))
    holder = Holder(listener, int(options['--ring']), int(options['--cols']), int(options['--rows']), argv)
    try:
        holder.run()
    finally:
        if '--listen' in options:  # its own name: nobody else removes it (the local server does its own)
            for remove in (os.unlink, os.rmdir):
                try:
                    remove(options['--listen'] if remove is os.unlink else os.path.dirname(options['--listen']))
                except OSError:
                    pass


def listen_detached(path):
    """Binds PATH, then leaves the caller (which returns: the socket listens) for a session of its own."""
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(16)
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    return listener


def list_holders(directory):
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        if not name.endswith('.sock'):
            continue
        path = os.path.join(directory, name)
        try:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(2.0)
            sock.connect(path)
            sock.sendall(frame(T_INFO))
            data = b''
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
            sock.close()
            length, kind = struct.unpack_from('>IB', data)
            if kind != T_INFO_REPLY:
                continue
            info = json.loads(data[5:4 + length].decode())
        except (OSError, ValueError, struct.error):
            try:
                os.unlink(path)  # nobody listens there any more
            except OSError:
                pass
            continue
        info['id'] = name[:-5]
        sys.stdout.write(json.dumps(info) + '\n')


if __name__ == '__main__':
    main(sys.argv[1:])
