# Slow-connection test (review H1): N half-sent requests from ADDRESSES loopback addresses
# (127.0.0.2 …), then /healthz and a help page, which connections the server closes, and the
# server's RSS (from /proc/PID/status) while they are open and 60 s after.
# Usage: python3 scripts/slowloris.py PORT PID N ADDRESSES   (only against a local server)
import socket, time, resource, sys, urllib.request
h = resource.getrlimit(resource.RLIMIT_NOFILE)[1]; resource.setrlimit(resource.RLIMIT_NOFILE, (h, h))
port, pid, n, addrs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def rss():
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS:"): return int(l.split()[1]) // 1024
def probe(path):
    t = time.time()
    try:
        s = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).status
    except Exception as e:
        s = f"FAILED ({e.__class__.__name__}: {getattr(e, 'code', '')})"
    return f"{path} {s} in {1000*(time.time()-t):.0f} ms"
for _ in range(20): probe("/hjalp/")
print("idle RSS", rss(), "MB")
socks, refused = [], 0
t0 = time.time()
for i in range(n):
    try:
        s = socket.socket(); s.bind((f"127.0.0.{2 + i % addrs}", 0)); s.settimeout(2)
        s.connect(("127.0.0.1", port)); s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n"); socks.append(s)
    except Exception as e:
        refused += 1
print(f"opened {len(socks)} in {time.time()-t0:.1f} s, {refused} failed to open")
time.sleep(2)
print("with the connections open: RSS", rss(), "MB;", probe("/healthz"), ";", probe("/hjalp/surfa-sakrare.html"))
# how many were closed by the server, and when
closed_at = []
start = time.time()
for s in socks: s.setblocking(False)
open_ = list(socks)
while open_ and time.time() - start < 130:
    still = []
    for s in open_:
        try:
            d = s.recv(4096)
            if d == b"" : closed_at.append(time.time() - t0); s.close(); continue
            if d.startswith(b"HTTP/1.1 503"): closed_at.append(time.time() - t0); s.close(); continue
            still.append(s)
        except BlockingIOError:
            still.append(s)
        except Exception:
            closed_at.append(time.time() - t0); s.close()
    open_ = still
    time.sleep(0.2)
print(f"closed by the server: {len(closed_at)} of {len(socks)}; last after {max(closed_at) if closed_at else 0:.1f} s; still open after 130 s: {len(open_)}")
for s in open_: s.close()
print("right after: RSS", rss(), "MB;", probe("/healthz"))
time.sleep(60)
print("60 s after the connections closed: RSS", rss(), "MB;", probe("/healthz"))
