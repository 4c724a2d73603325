"""Channels benchmark: inbound ReceiveMessages and outbound replies, next to baselines in one run.

    .venv/bin/python bench/channels_bench.py            # about 2 minutes
    .venv/bin/python bench/channels_bench.py --quick    # about 50 seconds

Inbound. ``nexus serve`` and Envoy run as ``nexus up`` starts them (the repository's
envoy.yaml, a rate limit that does not limit); beside them a bare grpc.aio server on uvloop
(this script with ``--baseline``) answers ReceiveMessages with nexus's own answer to a call
of the same size, pre-built, behind a second Envoy rendered from the same file. Calls carry
1 or 50 messages, over direct gRPC (h2c) and REST/JSON through Envoy (TLS h2), to both
servers. Every message must be new (a repeated ``external_message_id`` is a duplicate and
writes nothing), and h2load replays one body, so the load comes from ``nxload``: a small C
program (nghttp2, epoll, one thread; its source is NXLOAD_C below) that this script
compiles, which writes a counter into fixed-width fields of each request's body (the
external id, and the customer's number: every 10 consecutive messages come from one
customer, so 1 in 10 opens an interaction). On the same server it gives what h2load gives
(docs/benchmarks.md). Every call is checked: a pre-call per scenario with the exact bytes
nxload sends (nexus: every item stored, none a duplicate; baseline: exactly the fixed
answer), then per run nxload's counts (HTTP 200, grpc-status 0 read from the trailers), the
rows nexus wrote (``messages`` and ``channel_messages``: one each per message sent), the
baseline's response bytes (= calls x answer size) and, through Envoy, its access log (one
line with grpc_status 0 per call).

Outbound. An HTTPS provider endpoint (aiohttp, trustme certificate; this script with
``--provider``) answers ``{"messageId": …}`` and notes when each message arrived. The limit
is a plain aiohttp client posting the same signed payloads to it, 64 in flight (the
channel's cap), before and after nexus's runs. nexus: ``SendMessage`` OUTBOUND replies over
gRPC (nxload), spread over 250 channel interactions, handed by the channel sender (in the
server process, the default; ``--separate``: a ``nexus notifier`` process) to the
endpoint: flat out, paced at 1,000/s, and paced at 100/s for the latency from the
message's ``create_time`` to its arrival. Checked: every reply arrived exactly once, its
outbox row is SENT and its provider id recorded.

Backlog drain (``--drain N``, 10,000 by default, 0 for none): the sender alone, without
``SendMessage`` on the same core. A second ``nexus serve`` with the notifier off
(``NEXUS_NOTIFIER_IN_PROCESS=false``) on a new database takes N replies flat out over 250
interactions and stops; then, on a copy of that database each, a ``nexus notifier``
process, and ``nexus serve`` with its notifier on, are started (same allowlist and CA
settings) and timed from their start until the provider has all N: messages/s from the
first arrival to the last and from the start, the sender's CPU per message while it
delivered (and over its whole life, start-up included). Checked as above.

The CPU time of every process (server, Envoy, nxload, provider, plain client) is read from
/proc or rusage and printed per call or message, and in cores, so that one can tell what
was the limit; "other jobs' cores" is what the rest of the machine used meanwhile
(/proc/stat less the benchmark's processes): on a shared machine, that is what the
benchmark did not get.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import hmac
import http.client
import json
import os
import re
import resource
import shutil
import sqlite3
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from gateway_bench import KEY, UNLIMITED, BenchFailure, Server, access_log, front
from loadgen import cpu_seconds, percentile, wait_for_line

from nexus.gateway.process import Child, Stack, free_port, start_server
from nexus.gateway.process import _die_with_parent as die_with_parent

TEXT = "Hello, I need help with my order"
BATCHES = (1, 50)
PATHS = {"direct": "direct gRPC (h2c)", "envoy-rest": "Envoy REST (TLS h2)"}
RECEIVE = "/nexus.v1.ChannelService/ReceiveMessages"
SEND = "/nexus.v1.InteractionService/SendMessage"
PER_CONVERSATION = 10  # consecutive messages from one customer: 1 in 10 opens an interaction
ID_WIDTH, ADDRESS_WIDTH = 12, 8
INTERACTIONS = 250  # outbound replies go round-robin to this many interactions
PROVIDER_CONCURRENCY = 64  # the plain client's requests in flight: the channel's default cap
SINGLE_TARGET = 0.5  # nexus 1-message calls/s over the baseline's
BATCH_TARGET = 4.0  # nexus 50-message messages/s over nexus 1-message messages/s
OUTBOUND_TARGET = 1000.0  # messages/s
LATENCY_RATE = 100.0  # messages/s of the latency run
LATENCY_TARGET_MS = 100.0


class Failed(BenchFailure):
    pass


def machine_cpu() -> float:
    """CPU seconds every process of the machine has used so far (/proc/stat): with the
    benchmark's own processes taken off, what other jobs on this shared machine took."""
    values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


# -- nxload: the load generator --------------------------------------------------------

NXLOAD_C = r"""/* nxload: HTTP/2 load whose request bodies differ per request (h2load replays one body).
 *
 *   nxload -f SPEC [-c CONNS] [-m STREAMS] (-n N | -D SECONDS) [-r RATE] [-s FIRST]
 *          [-k DIV] [-g] [-l LATENCY_FILE] [-T TIMEOUT] [-H 'name: value']... URL
 *
 * SPEC holds request templates (u32 LE lengths): path, body, then fields (offset, width,
 * kind). Request i uses template i mod count; each kind-0 field gets the next value of a
 * counter (from FIRST), zero-padded to its width; a kind-1 field gets the value of the
 * kind-0 field before it divided by DIV. One thread, epoll, nghttp2, OpenSSL for https
 * (ALPN h2, no certificate check: loopback). A call succeeded when its :status is 200 and,
 * with -g, its grpc-status is 0. Prints its counts as "key value" lines. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct { uint32_t off, width, kind; } field_t;
typedef struct {
  char *path; uint8_t *body; uint32_t path_len, body_len, nfields; field_t *fields;
  char clen[24];
} record_t;
struct conn;
typedef struct {
  uint64_t start_ns; uint8_t *body; size_t len, off;
  int status, grpc_status, has_grpc; struct conn *c;
} req_t;
typedef struct conn {
  int fd; SSL *ssl; nghttp2_session *s; int inflight, epollout;
  uint8_t *pend; size_t pend_len, pend_off, pend_cap;
} conn_t;

static int conns = 4, streams = 16, grpc = 0, tls = 0, nhdr = 0, ep;
static long total = 0; static double duration = 0, rate = 0, timeout_s = 300;
static uint64_t counter = 0, conv_div = 1;
static char host[256], port[16], authority[300], *hnames[64], *hvalues[64];
static const char *latency_file = NULL;
static record_t *recs; static size_t nrecs;
static conn_t *cs;
static long issued, done, ok, http_bad, grpc_bad, stream_err; static int stopping, printed;
static uint64_t data_bytes, t0, tlast; static uint32_t *lat; static size_t nlat, caplat;

static uint64_t now_ns(void) {
  struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}
static void die(const char *what) { fprintf(stderr, "nxload: %s\n", what); exit(3); }

static void read_spec(const char *file) {
  FILE *f = fopen(file, "rb"); if (!f) die("cannot open the spec file");
  size_t cap = 16; recs = calloc(cap, sizeof *recs);
  uint32_t n;
  while (fread(&n, 4, 1, f) == 1) {
    if (nrecs == cap) recs = realloc(recs, (cap *= 2) * sizeof *recs);
    record_t *r = &recs[nrecs++];
    r->path_len = n; r->path = malloc(n + 1);
    if (fread(r->path, 1, n, f) != n) die("short spec");
    r->path[n] = 0;
    if (fread(&r->body_len, 4, 1, f) != 1) die("short spec");
    r->body = malloc(r->body_len + 1);
    if (fread(r->body, 1, r->body_len, f) != r->body_len) die("short spec");
    if (fread(&r->nfields, 4, 1, f) != 1) die("short spec");
    r->fields = calloc(r->nfields + 1, sizeof(field_t));
    if (fread(r->fields, sizeof(field_t), r->nfields, f) != r->nfields) die("short spec");
    for (uint32_t i = 0; i < r->nfields; i++)
      if (r->fields[i].off + r->fields[i].width > r->body_len) die("field out of the body");
    snprintf(r->clen, sizeof r->clen, "%u", r->body_len);
  }
  fclose(f);
  if (!nrecs) die("empty spec");
}

static void digits(uint8_t *at, uint32_t width, uint64_t v) {
  for (uint32_t i = width; i-- > 0; v /= 10) at[i] = '0' + v % 10;
  if (v) die("counter wider than its field");
}

static ssize_t read_cb(nghttp2_session *s, int32_t sid, uint8_t *buf, size_t len,
                       uint32_t *flags, nghttp2_data_source *src, void *ud) {
  req_t *r = src->ptr; size_t n = r->len - r->off;
  if (n > len) n = len;
  memcpy(buf, r->body + r->off, n); r->off += n;
  if (r->off == r->len) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return (ssize_t)n;
}
static int num(const uint8_t *v, size_t n) {
  int x = 0; for (size_t i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++) x = x * 10 + v[i] - '0';
  return x;
}
static int on_header(nghttp2_session *s, const nghttp2_frame *f, const uint8_t *name,
                     size_t nl, const uint8_t *value, size_t vl, uint8_t fl, void *ud) {
  if (f->hd.type != NGHTTP2_HEADERS) return 0;
  req_t *r = nghttp2_session_get_stream_user_data(s, f->hd.stream_id);
  if (!r) return 0;
  if (nl == 7 && !memcmp(name, ":status", 7)) r->status = num(value, vl);
  else if (nl == 11 && !memcmp(name, "grpc-status", 11)) {
    r->grpc_status = num(value, vl); r->has_grpc = 1;
  } else if (nl == 12 && !memcmp(name, "grpc-message", 12) && vl && printed < 5) {
    printed++; fprintf(stderr, "grpc-message: %.*s\n", (int)vl, value);
  }
  return 0;
}
static int on_data(nghttp2_session *s, uint8_t fl, int32_t sid, const uint8_t *d, size_t n,
                   void *ud) {
  data_bytes += n; return 0;
}
static int on_close(nghttp2_session *s, int32_t sid, uint32_t err, void *ud) {
  req_t *r = nghttp2_session_get_stream_user_data(s, sid);
  if (!r) return 0;
  uint64_t now = now_ns();
  done++; r->c->inflight--; tlast = now;
  if (err) stream_err++;
  else if (r->status != 200) http_bad++;
  else if (grpc && !(r->has_grpc && r->grpc_status == 0)) grpc_bad++;
  else ok++;
  if (r->status != 200 && printed < 5) { printed++; fprintf(stderr, "status %d, stream error %u\n", r->status, err); }
  if (nlat == caplat) lat = realloc(lat, (caplat = caplat ? caplat * 2 : 65536) * 4);
  lat[nlat++] = (uint32_t)((now - r->start_ns) / 1000);
  free(r->body); free(r);
  return 0;
}

static int may_issue(uint64_t now) {
  if (stopping) return 0;
  if (total && issued >= total) return 0;
  if (duration > 0 && now - t0 >= (uint64_t)(duration * 1e9)) { stopping = 1; return 0; }
  if (rate > 0 && issued >= (long)((double)(now - t0) * rate / 1e9) + 1) return 0;
  return 1;
}
static void submit(conn_t *c, uint64_t now) {
  record_t *rec = &recs[issued % nrecs];
  req_t *r = calloc(1, sizeof *r);
  r->body = malloc(rec->body_len + 1); memcpy(r->body, rec->body, rec->body_len);
  uint64_t last = 0;
  for (uint32_t i = 0; i < rec->nfields; i++) {
    field_t *f = &rec->fields[i];
    if (f->kind == 0) digits(r->body + f->off, f->width, last = counter++);
    else digits(r->body + f->off, f->width, last / conv_div);
  }
  r->len = rec->body_len; r->c = c; r->start_ns = now;
  nghttp2_nv nva[72]; int n = 0;
#define NV(N, V, VL) nva[n++] = (nghttp2_nv){(uint8_t *)(N), (uint8_t *)(V), strlen(N), (VL), 0}
  NV(":method", "POST", 4);
  NV(":scheme", tls ? "https" : "http", tls ? 5 : 4);
  NV(":authority", authority, strlen(authority));
  NV(":path", rec->path, rec->path_len);
  NV("content-length", rec->clen, strlen(rec->clen));
  for (int i = 0; i < nhdr; i++) NV(hnames[i], hvalues[i], strlen(hvalues[i]));
  nghttp2_data_provider dp; dp.source.ptr = r; dp.read_callback = read_cb;
  if (nghttp2_submit_request(c->s, NULL, nva, n, &dp, r) < 0) die("submit failed");
  c->inflight++; issued++;
}

static ssize_t xwrite(conn_t *c, const uint8_t *b, size_t n) {
  if (c->ssl) {
    int w = SSL_write(c->ssl, b, (int)n);
    if (w > 0) return w;
    int e = SSL_get_error(c->ssl, w);
    return (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) ? 0 : -1;
  }
  for (;;) {
    ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);
    if (w >= 0) return w;
    if (errno == EINTR) continue;
    return errno == EAGAIN ? 0 : -1;
  }
}
static void want_out(conn_t *c, int on) {
  if (c->epollout == on) return;
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev); c->epollout = on;
}
static void flush(conn_t *c) {
  for (;;) {
    if (c->pend_off < c->pend_len) {
      ssize_t w = xwrite(c, c->pend + c->pend_off, c->pend_len - c->pend_off);
      if (w < 0) die("write failed");
      if (w == 0) { want_out(c, 1); return; }
      c->pend_off += w; continue;
    }
    const uint8_t *d; ssize_t n = nghttp2_session_mem_send(c->s, &d);
    if (n < 0) die("nghttp2 send failed");
    if (n == 0) { want_out(c, 0); return; }
    ssize_t w = xwrite(c, d, n);
    if (w < 0) die("write failed");
    if (w < n) {
      if (c->pend_cap < (size_t)(n - w)) c->pend = realloc(c->pend, c->pend_cap = n - w);
      memcpy(c->pend, d + w, n - w); c->pend_off = 0; c->pend_len = n - w;
    }
  }
}
static void readable(conn_t *c) {
  static uint8_t buf[1 << 16];
  for (;;) {
    ssize_t n;
    if (c->ssl) {
      int r = SSL_read(c->ssl, buf, sizeof buf);
      if (r <= 0) {
        int e = SSL_get_error(c->ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return;
        die("the server closed a TLS connection");
      }
      n = r;
    } else {
      n = recv(c->fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      if (n <= 0) die("the server closed a connection");
    }
    if (nghttp2_session_mem_recv(c->s, buf, n) < 0) die("nghttp2 receive failed");
  }
}

static void open_conn(conn_t *c, SSL_CTX *ctx) {
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
  if (getaddrinfo(host, port, &hints, &ai)) die("cannot resolve the host");
  c->fd = socket(ai->ai_family, SOCK_STREAM, 0);
  if (connect(c->fd, ai->ai_addr, ai->ai_addrlen)) die("cannot connect");
  freeaddrinfo(ai);
  int one = 1; setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (tls) {
    c->ssl = SSL_new(ctx); SSL_set_fd(c->ssl, c->fd); SSL_set_tlsext_host_name(c->ssl, host);
    SSL_set_mode(c->ssl, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_connect(c->ssl) != 1) die("TLS handshake failed");
    const unsigned char *alpn; unsigned alen; SSL_get0_alpn_selected(c->ssl, &alpn, &alen);
    if (alen != 2 || memcmp(alpn, "h2", 2)) die("the server did not select h2");
  }
  fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
  nghttp2_session_callbacks *cb; nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
  nghttp2_session_client_new(&c->s, cb, c);
  nghttp2_session_callbacks_del(cb);
  nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                 {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, (1 << 24)}};
  nghttp2_submit_settings(c->s, NGHTTP2_FLAG_NONE, iv, 2);
  nghttp2_session_set_local_window_size(c->s, NGHTTP2_FLAG_NONE, 0, (1 << 30) - 1);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

int main(int argc, char **argv) {
  const char *spec = NULL; int o;
  while ((o = getopt(argc, argv, "f:c:m:n:D:r:s:k:gl:T:H:")) != -1) {
    switch (o) {
      case 'f': spec = optarg; break;
      case 'c': conns = atoi(optarg); break;
      case 'm': streams = atoi(optarg); break;
      case 'n': total = atol(optarg); break;
      case 'D': duration = atof(optarg); break;
      case 'r': rate = atof(optarg); break;
      case 's': counter = strtoull(optarg, NULL, 10); break;
      case 'k': conv_div = strtoull(optarg, NULL, 10); break;
      case 'g': grpc = 1; break;
      case 'l': latency_file = optarg; break;
      case 'T': timeout_s = atof(optarg); break;
      case 'H': {
        char *colon = strchr(optarg + 1, ':');
        if (!colon || nhdr == 64) die("bad -H");
        *colon = 0; hnames[nhdr] = optarg; char *v = colon + 1;
        while (*v == ' ') v++;
        hvalues[nhdr++] = v;
        for (char *p = optarg; *p; p++) if (*p >= 'A' && *p <= 'Z') *p += 32;
        break;
      }
      default: die("bad option");
    }
  }
  if (!spec || optind != argc - 1 || (!total && duration <= 0) || conv_div < 1) die("usage");
  const char *url = argv[optind];
  if (!strncmp(url, "https://", 8)) { tls = 1; url += 8; }
  else if (!strncmp(url, "http://", 7)) url += 7;
  else die("the URL must be http:// or https://");
  snprintf(authority, sizeof authority, "%s", url);
  char *slash = strchr(authority, '/'); if (slash) *slash = 0;
  char *colon = strrchr(authority, ':'); if (!colon) die("the URL needs a port");
  snprintf(host, sizeof host, "%.*s", (int)(colon - authority), authority);
  snprintf(port, sizeof port, "%s", colon + 1);
  read_spec(spec);
  SSL_CTX *ctx = NULL;
  if (tls) {
    ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)"\x02h2", 3);
  }
  ep = epoll_create1(0);
  cs = calloc(conns, sizeof *cs);
  for (int i = 0; i < conns; i++) open_conn(&cs[i], ctx);
  t0 = tlast = now_ns();
  uint64_t deadline = t0 + (uint64_t)(timeout_s * 1e9);
  struct epoll_event evs[64];
  for (;;) {
    uint64_t now = now_ns();
    int inflight = 0;
    for (int i = 0; i < conns; i++) {
      while (cs[i].inflight < streams && may_issue(now)) submit(&cs[i], now);
      flush(&cs[i]);
      inflight += cs[i].inflight;
    }
    int more = !stopping && (!total || issued < total);
    if (!more && !inflight) break;
    if (now > deadline) die("timed out");
    int wait = more && (rate > 0 || duration > 0) ? 1 : 100;
    int n = epoll_wait(ep, evs, 64, wait);
    for (int i = 0; i < n; i++) {
      conn_t *c = evs[i].data.ptr;
      if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) readable(c);
      if (evs[i].events & EPOLLOUT) flush(c);
    }
  }
  if (latency_file) {
    FILE *f = fopen(latency_file, "w"); if (!f) die("cannot write the latency file");
    for (size_t i = 0; i < nlat; i++) fprintf(f, "%u\n", lat[i]);
    fclose(f);
  }
  printf("requests %ld\nsucceeded %ld\nhttp_not_200 %ld\ngrpc_not_0 %ld\nstream_errors %ld\n"
         "seconds %.6f\ndata_bytes %llu\nnext_counter %llu\n",
         issued, ok, http_bad, grpc_bad, stream_err, (double)(tlast - t0) / 1e9,
         (unsigned long long)data_bytes, (unsigned long long)counter);
  return ok == issued ? 0 : 1;
}
"""


def ensure_nxload() -> str:
    """Path of nxload, compiled from NXLOAD_C (gcc, libnghttp2-dev, libssl-dev from apt)."""
    digest = hashlib.sha256(NXLOAD_C.encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nexus-bench"
    binary = cache / f"nxload-{digest}"
    if binary.is_file():
        return str(binary)
    headers = ("/usr/include/nghttp2/nghttp2.h", "/usr/include/openssl/ssl.h")
    if not shutil.which("gcc") or not all(Path(h).is_file() for h in headers):
        packages = ["gcc", "libnghttp2-dev", "libssl-dev"]
        print(f"nxload needs {' '.join(packages)}: apt-get install", file=sys.stderr, flush=True)
        install = ["apt-get", "install", "-y", *packages]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        if subprocess.run(install, check=False, **quiet).returncode != 0:  # type: ignore[call-overload]
            subprocess.run(["apt-get", "update"], check=True, **quiet)  # type: ignore[call-overload]
            subprocess.run(install, check=True, **quiet)  # type: ignore[call-overload]
    cache.mkdir(parents=True, exist_ok=True)
    source = cache / f"nxload-{digest}.c"
    source.write_text(NXLOAD_C)
    built = cache / f"nxload-{digest}.{os.getpid()}"
    subprocess.run(
        ["gcc", "-O2", "-o", str(built), str(source), "-lnghttp2", "-lssl", "-lcrypto"],
        check=True,
    )
    os.replace(built, binary)
    return str(binary)


@dataclass(frozen=True)
class Template:
    """One request nxload sends: path, body, and the fields it fills in (offset, width,
    kind: 0 the counter, 1 the counter of the kind-0 field before it divided by -k)."""

    path: str
    body: bytes
    fields: tuple[tuple[int, int, int], ...] = ()


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][0] + runs[-1][1] == p:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((p, 1))
    return runs


def template(
    path: str, build: Callable[[Sequence[str], Sequence[str]], bytes], n: int, addresses: bool
) -> Template:
    """The fields of ``build(ids, addresses)`` (n of each): serialised with zeros and with
    nines in turn, the bytes that differ are the fields."""
    ids = (["0" * ID_WIDTH] * n, ["9" * ID_WIDTH] * n)
    addr = (["0" * ADDRESS_WIDTH] * n, ["9" * ADDRESS_WIDTH] * n)
    base = build(ids[0], addr[0])
    fields = []
    kinds = ((0, build(ids[1], addr[0]), ID_WIDTH), (1, build(ids[0], addr[1]), ADDRESS_WIDTH))
    for kind, other, width in kinds[: 2 if addresses else 1]:
        assert len(other) == len(base)
        runs = _runs([i for i, (a, b) in enumerate(zip(base, other, strict=True)) if a != b])
        assert len(runs) == n and all(length == width for _, length in runs), runs
        fields += [(start, width, kind) for start, _ in runs]
    fields.sort()
    if addresses:  # each customer field follows its message's id field
        assert [kind for *_, kind in fields] == [0, 1] * n
    return Template(path, base, tuple(fields))


def fill(t: Template, first: int, div: int = PER_CONVERSATION) -> bytes:
    """What nxload sends for ``t`` with the counter at ``first``."""
    body = bytearray(t.body)
    counter = last = first
    for offset, width, kind in t.fields:
        if kind == 0:
            last, counter = counter, counter + 1
        body[offset : offset + width] = f"{last if kind == 0 else last // div:0{width}d}".encode()
    return bytes(body)


def write_spec(path: Path, templates: Sequence[Template]) -> Path:
    out = bytearray()
    for t in templates:
        p = t.path.encode()
        out += struct.pack("<I", len(p)) + p + struct.pack("<I", len(t.body)) + t.body
        out += struct.pack("<I", len(t.fields))
        for f in t.fields:
            out += struct.pack("<III", *f)
    path.write_bytes(bytes(out))
    return path


@dataclass
class Run:
    """One nxload run as it reported itself, plus its CPU time and latencies."""

    requests: int
    succeeded: int
    failures: str
    seconds: float
    data_bytes: int
    next_counter: int
    cpu_s: float
    started: float  # wall clock (time.time()) around the process
    ended: float
    latencies_us: list[int] = field(repr=False)
    output: str = field(repr=False)

    @property
    def rate(self) -> float:
        return self.succeeded / self.seconds if self.seconds else 0.0


def nxload(
    binary: str,
    url: str,
    spec: Path,
    headers: Sequence[str],
    *,
    grpc: bool,
    conns: int,
    streams: int,
    first: int,
    requests: int = 0,
    duration: float = 0.0,
    rate: float = 0.0,
    log: Path,
) -> Run:
    cmd = [binary, "-f", str(spec), "-c", str(conns), "-m", str(streams), "-s", str(first)]
    cmd += ["-k", str(PER_CONVERSATION), "-l", str(log), "-T", "300"]
    cmd += ["-D", f"{duration:g}"] if duration else ["-n", str(requests)]
    if rate:
        cmd += ["-r", f"{rate:g}"]
    if grpc:
        cmd.append("-g")
    for h in headers:
        cmd += ["-H", h]
    cmd.append(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=360)
    ended = time.time()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = proc.stdout + proc.stderr
    if proc.returncode not in (0, 1):
        raise Failed(f"nxload exited with {proc.returncode}:\n{output}")
    got = dict(line.split(" ", 1) for line in proc.stdout.splitlines() if " " in line)
    bad = {k: int(got[k]) for k in ("http_not_200", "grpc_not_0", "stream_errors")}
    return Run(
        requests=int(got["requests"]),
        succeeded=int(got["succeeded"]),
        failures=", ".join(f"{v} {k}" for k, v in bad.items() if v),
        seconds=float(got["seconds"]),
        data_bytes=int(got["data_bytes"]),
        next_counter=int(got["next_counter"]),
        cpu_s=cpu,
        started=started,
        ended=ended,
        latencies_us=[int(x) for x in log.read_text().split()],
        output=output,
    )


# -- the baseline server (runs as `channels_bench.py --baseline ONE FIFTY`) ----------------


def run_baseline(one: str, fifty: str) -> None:
    import grpc
    import uvloop
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc

    from nexus.v1 import channel_service_pb2 as cspb
    from nexus.v1 import channel_service_pb2_grpc as cs_grpc

    answers = {
        1: cspb.ReceiveMessagesResponse.FromString(Path(one).read_bytes()),
        50: cspb.ReceiveMessagesResponse.FromString(Path(fifty).read_bytes()),
    }

    class Fixed(cs_grpc.ChannelServiceServicer):
        async def ReceiveMessages(
            self, request: cspb.ReceiveMessagesRequest, context: grpc.aio.ServicerContext
        ) -> cspb.ReceiveMessagesResponse:
            return answers[len(request.messages)]

    async def serve() -> None:
        server = grpc.aio.server()
        cs_grpc.add_ChannelServiceServicer_to_server(Fixed(), server)
        healthy = health.aio.HealthServicer()
        await healthy.set("", health_pb2.HealthCheckResponse.SERVING)
        health_pb2_grpc.add_HealthServicer_to_server(healthy, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        print(f"baseline serving on 127.0.0.1:{port}", flush=True)
        await server.wait_for_termination()

    uvloop.run(serve())


# -- the provider endpoint (runs as `channels_bench.py --provider CERT KEY`) ---------------


def run_provider(cert: str, key: str) -> None:
    import asyncio

    import uvloop
    from aiohttp import web

    arrivals: list[tuple[float, bytes]] = []
    kept: list[dict[str, object]] = []
    issued = [0]  # provider ids are never reused: a receipt could name any of them

    async def sms(request: web.Request) -> web.Response:
        body = await request.read()
        arrivals.append((time.time(), body))
        if len(kept) < 3:
            kept.append({"headers": dict(request.headers), "body": body.decode()})
        issued[0] += 1
        return web.json_response({"messageId": f"prov-{issued[0]}"})

    async def count(request: web.Request) -> web.Response:
        return web.json_response({"count": len(arrivals)})

    async def stats(request: web.Request) -> web.Response:
        out = {"times": [], "latencies": [], "texts": [], "messages": [], "kept": kept}
        for t, body in arrivals:
            item = json.loads(body)
            out["times"].append(t)
            out["texts"].append(item.get("text"))
            out["messages"].append(item.get("message"))
            created = item.get("createTime")
            if created:
                when = datetime.fromisoformat(created.replace("Z", "+00:00")).timestamp()
                out["latencies"].append(t - when)
        return web.json_response(out)

    async def reset(request: web.Request) -> web.Response:
        arrivals.clear()
        kept.clear()
        return web.Response(status=204)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/count", count)
        app.router.add_get("/stats", stats)
        app.router.add_post("/reset", reset)
        app.router.add_post("/sms", sms)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ctx, backlog=1024)
        await site.start()
        print(site._server.sockets[0].getsockname()[1], flush=True)  # type: ignore[union-attr]
        await asyncio.Event().wait()

    uvloop.run(main())


class Provider:
    def __init__(self, work: Path) -> None:
        import trustme

        ca = trustme.CA()
        self.ca = str(work / "provider-ca.pem")
        ca.cert_pem.write_to_path(self.ca)
        leaf = ca.issue_cert("localhost", "127.0.0.1")
        cert, key = str(work / "provider.pem"), str(work / "provider.key")
        leaf.cert_chain_pems[0].write_to_path(cert)
        leaf.private_key_pem.write_to_path(key)
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--provider", cert, key],
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        self.url = f"https://127.0.0.1:{self.port}/sms"

    def call(self, method: str, path: str) -> object:
        ctx = ssl.create_default_context(cafile=self.ca)
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=ctx, timeout=60)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        return json.loads(data) if data else None

    def reset(self) -> None:
        self.call("POST", "/reset")

    def wait(self, n: int, timeout: float, stall: float = 15.0) -> dict:
        """The provider's record once ``n`` messages arrived, or once nothing more arrived
        for ``stall`` seconds, or after ``timeout``."""
        deadline = time.monotonic() + timeout
        last, moved = -1, time.monotonic()
        while time.monotonic() < deadline:
            count: int = self.call("GET", "/count")["count"]  # type: ignore[index]
            if count >= n:
                break
            if count != last:
                last, moved = count, time.monotonic()
            elif time.monotonic() - moved > stall:
                break
            time.sleep(0.1)
        return self.call("GET", "/stats")  # type: ignore[return-value]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


# -- inbound ----------------------------------------------------------------------------


def inbound_templates(channel: str) -> dict[tuple[int, bool], Template]:
    """ReceiveMessages of 1 and 50 messages, as gRPC (True) and as REST JSON (False)."""
    from nexus.v1 import channel_service_pb2 as cspb

    def grpc_body(ids: Sequence[str], addresses: Sequence[str]) -> bytes:
        req = cspb.ReceiveMessagesRequest(
            channel=channel,
            messages=[
                cspb.InboundMessage(
                    external_message_id=f"m{i}", customer_address=f"+1555{a}", text=TEXT
                )
                for i, a in zip(ids, addresses, strict=True)
            ],
        )
        payload = req.SerializeToString()
        return b"\0" + len(payload).to_bytes(4, "big") + payload

    def rest_body(ids: Sequence[str], addresses: Sequence[str]) -> bytes:
        items = [
            {"externalMessageId": f"m{i}", "customerAddress": f"+1555{a}", "text": TEXT}
            for i, a in zip(ids, addresses, strict=True)
        ]
        return json.dumps({"messages": items}, separators=(",", ":")).encode()

    out = {}
    for n in BATCHES:
        out[(n, True)] = template(RECEIVE, grpc_body, n, addresses=True)
        out[(n, False)] = template(f"/v1/{channel}/messages:receive", rest_body, n, True)
    return out


@dataclass
class Inbound:
    server: Server
    batch: int
    path: str
    template: Template
    spec: Path
    response_size: int | None = None
    requests: int = 0
    runs: list[Run] = field(default_factory=list)
    server_cpu: float = 0.0
    envoy_cpu: float = 0.0
    others_cpu: float = 0.0
    tags: dict[str, int] = field(default_factory=dict)

    @property
    def grpc(self) -> bool:
        return self.path == "direct"

    @property
    def label(self) -> str:
        return f"ReceiveMessages x{self.batch} / {PATHS[self.path]} / {self.server.name}"

    @property
    def url(self) -> str:
        if self.grpc:
            return f"http://127.0.0.1:{self.server.grpc_port}"
        return f"https://127.0.0.1:{self.server.https_port}"

    @property
    def headers(self) -> list[str]:
        if self.grpc:
            return ["content-type: application/grpc", "te: trailers", f"x-api-key: {KEY}"]
        return [f"x-api-key: {KEY}", "content-type: application/json"]


@dataclass
class Bench:
    nxload: str
    work: Path
    ca: str
    conns: int
    streams: int
    seconds: float
    warmup: float
    counter: int = 1
    answers: dict[int, bytes] = field(default_factory=dict)

    def take(self, n: int) -> int:
        first, self.counter = self.counter, self.counter + n
        return first

    def load(self, s: Inbound, headers: Sequence[str], **kw: float) -> Run:
        run = nxload(
            self.nxload,
            s.url,
            s.spec,
            [*s.headers, *headers],
            grpc=s.grpc,
            conns=self.conns,
            streams=self.streams,
            first=self.counter,
            log=self.work / "latencies.txt",
            **kw,  # type: ignore[arg-type]
        )
        self.counter = run.next_counter
        return run


def precheck(s: Inbound, b: Bench) -> None:
    """One call with the bytes nxload sends; raises unless its answer is the right one."""
    import grpc
    from google.protobuf import json_format

    from nexus.v1 import channel_service_pb2 as cspb

    first = b.take(s.batch)
    body = fill(s.template, first)
    if s.grpc:
        with grpc.insecure_channel(f"127.0.0.1:{s.server.grpc_port}") as channel:
            try:
                answer = channel.unary_unary(RECEIVE)(
                    body[5:], metadata=(("x-api-key", KEY),), timeout=10
                )
            except grpc.RpcError as exc:
                raise Failed(f"{s.label}: {exc.code()} {exc.details()}") from exc
        size = 5 + len(answer)
        got = cspb.ReceiveMessagesResponse.FromString(answer)
    else:
        ctx = ssl.create_default_context(cafile=b.ca)
        conn = http.client.HTTPSConnection("127.0.0.1", s.server.https_port, context=ctx)
        headers = {"x-api-key": KEY, "content-type": "application/json"}
        conn.request("POST", s.template.path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read()
        conn.close()
        if response.status != 200:
            raise Failed(f"{s.label}: HTTP {response.status} {text[:300]!r}")
        size = len(text)
        got = json_format.Parse(text, cspb.ReceiveMessagesResponse(), ignore_unknown_fields=True)
    if s.server.name == "baseline":
        if got != cspb.ReceiveMessagesResponse.FromString(b.answers[s.batch]):
            raise Failed(f"{s.label}: not the fixed answer")
        s.response_size = size
        return
    wanted = [f"m{first + k:0{ID_WIDTH}d}" for k in range(s.batch)]
    stored = [r.message.external_id for r in got.results if not r.duplicate and r.message.name]
    if stored != wanted:
        raise Failed(f"{s.label}: stored {stored[:3]}… for {wanted[:3]}…: {got.results[:1]}")


def rows(server: Server) -> tuple[int, int]:
    return server.rows("messages"), server.rows("channel_messages")


def measure(s: Inbound, b: Bench, first: bool, number: int) -> None:
    tag = f"nexus-channels-bench/{number}"
    if first:
        warm = b.load(s, [f"user-agent: {tag}-warmup"], duration=b.warmup)
        if warm.succeeded != warm.requests or not warm.requests:
            raise Failed(f"{s.label}: warm-up failed: {warm.failures}\n{warm.output}")
        s.requests = max(100, round(warm.rate * b.seconds))
    n = s.requests
    nexus = s.server.db is not None
    before = rows(s.server) if nexus else (0, 0)
    envoy = s.server.envoy.popen.pid if s.server.envoy and not s.grpc else None
    cpu_server, cpu_envoy = cpu_seconds(s.server.pid), cpu_seconds(envoy) if envoy else 0.0
    first_id, machine = b.counter, machine_cpu()
    run = b.load(s, [f"user-agent: {tag}"], requests=n)
    machine = machine_cpu() - machine
    server_cpu = cpu_seconds(s.server.pid) - cpu_server
    envoy_cpu = cpu_seconds(envoy) - cpu_envoy if envoy else 0.0
    s.server_cpu += server_cpu
    s.envoy_cpu += envoy_cpu
    s.others_cpu += max(0.0, machine - server_cpu - envoy_cpu - run.cpu_s)
    problems = []
    if not (run.requests == run.succeeded == n):
        problems.append(f"{n} calls: nxload sent {run.requests}, {run.succeeded} succeeded")
    if run.failures:
        problems.append(run.failures)
    if run.next_counter - first_id != n * s.batch:
        problems.append(f"{run.next_counter - first_id} message ids for {n * s.batch} messages")
    if s.response_size is not None and run.data_bytes != n * s.response_size:
        problems.append(f"{run.data_bytes} response bytes, not {n} x {s.response_size}")
    if nexus:
        after = rows(s.server)
        written = (after[0] - before[0], after[1] - before[1])
        if written != (n * s.batch, n * s.batch):
            problems.append(
                f"{written[0]} messages and {written[1]} channel_messages rows written for "
                f"{n * s.batch} messages sent"
            )
    if problems:
        raise Failed(f"{s.label}: " + "; ".join(problems) + f"\n{run.output}")
    s.runs.append(run)
    if not s.grpc:
        s.tags[tag] = n


def check_access_logs(scenarios: Sequence[Inbound], timeout: float = 6.0) -> None:
    """Every tagged call in Envoy's log once, HTTP 200 and grpc-status 0; raises if not."""
    pending = {tag: (s, n) for s in scenarios for tag, n in s.tags.items()}
    servers = {id(s.server): s.server for s in scenarios if s.server.envoy}
    logged: dict[str, list[tuple[str, str]]] = {}
    deadline = time.monotonic() + timeout  # Envoy flushes its log every second
    while True:
        for server in servers.values():
            for tag, lines in access_log(server).items():
                logged.setdefault(tag, []).extend(lines)
        if all(len(logged.get(t, [])) >= n for t, (_, n) in pending.items()):
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.25)
    for tag, (s, n) in pending.items():
        lines = logged.get(tag, [])
        good = sum(1 for line in lines if line == ("200", "0"))
        if len(lines) != n or good != n:
            raise Failed(f"{s.label}: Envoy logged {len(lines)} calls for {n}, {good} good")
    for s in scenarios:
        s.tags.clear()


@dataclass
class InboundRow:
    s: Inbound
    calls: float
    messages: float
    p50: float
    p99: float
    server_us: float  # per message
    server_cores: float
    envoy_us: float
    load_us: float
    load_cores: float
    others_cores: float


def summarise(s: Inbound) -> InboundRow:
    calls = sum(r.succeeded for r in s.runs)
    seconds = sum(r.seconds for r in s.runs)
    latencies = [x for r in s.runs for x in r.latencies_us]
    load_cpu = sum(r.cpu_s for r in s.runs)
    rate = statistics.median(r.rate for r in s.runs)
    return InboundRow(
        s,
        calls=rate,
        messages=rate * s.batch,
        p50=percentile(latencies, 50) / 1000,
        p99=percentile(latencies, 99) / 1000,
        server_us=s.server_cpu / (calls * s.batch) * 1e6,
        server_cores=s.server_cpu / seconds,
        envoy_us=s.envoy_cpu / (calls * s.batch) * 1e6 if not s.grpc else float("nan"),
        load_us=load_cpu / calls * 1e6,
        load_cores=load_cpu / seconds,
        others_cores=s.others_cpu / seconds,
    )


# -- outbound ---------------------------------------------------------------------------


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks ``v1`` (written out here, so the plain client owes nexus nothing)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def plain_client(
    provider: Provider, channel: str, interactions: Sequence[str], secret: str, n: int
) -> dict[str, float]:
    """A plain aiohttp client posting nexus's outbound payloads, signed, 64 in flight."""
    import asyncio

    import aiohttp
    import uvloop

    async def main() -> tuple[float, float]:
        ctx = ssl.create_default_context(cafile=provider.ca)
        connector = aiohttp.TCPConnector(ssl=ctx, limit=PROVIDER_CONCURRENCY)
        todo = iter(range(n))
        async with aiohttp.ClientSession(connector=connector) as session:

            async def worker() -> None:
                for k in todo:
                    i = interactions[k % len(interactions)]
                    body = json.dumps(
                        {
                            "type": "message",
                            "channel": channel,
                            "interaction": i,
                            "message": f"{i}/messages/plain{k}",
                            "to": "+15550000000",
                            "from": "+15550001111",
                            "threadId": "",
                            "text": f"plain {k:0{ID_WIDTH}d}",
                            "attachments": [],
                            "senderDisplayName": "",
                            "createTime": datetime.now(UTC).isoformat()[:23] + "Z",
                        },
                        separators=(",", ":"),
                        ensure_ascii=False,
                    ).encode()
                    msg_id, ts = f"msg_plain{k}", int(time.time())
                    headers = {
                        "content-type": "application/json",
                        "webhook-id": msg_id,
                        "webhook-timestamp": str(ts),
                        "webhook-signature": sign(secret, msg_id, ts, body),
                    }
                    async with session.post(provider.url, data=body, headers=headers) as r:
                        answer = await r.read()
                    if r.status != 200 or not json.loads(answer).get("messageId"):
                        raise Failed(f"plain client: HTTP {r.status} {answer[:200]!r}")

            started, cpu = time.perf_counter(), time.process_time()
            await asyncio.gather(*(worker() for _ in range(PROVIDER_CONCURRENCY)))
            return time.perf_counter() - started, time.process_time() - cpu

    provider.reset()
    provider_cpu, machine = cpu_seconds(provider.proc.pid), machine_cpu()
    elapsed, cpu = uvloop.run(main())
    provider_cpu = cpu_seconds(provider.proc.pid) - provider_cpu
    machine = machine_cpu() - machine
    got = provider.wait(n, 10)
    if len(got["texts"]) != n or len(set(got["texts"])) != n:
        raise Failed(f"plain client: the provider got {len(got['texts'])} messages for {n}")
    return {
        "rate": n / elapsed,
        "client_us": cpu / n * 1e6,
        "client_cores": cpu / elapsed,
        "provider_us": provider_cpu / n * 1e6,
        "provider_cores": provider_cpu / elapsed,
        "others_cores": max(0.0, machine - cpu - provider_cpu) / elapsed,
    }


@dataclass
class Outbound:
    """What the outbound runs need: nexus, its channel and interactions, the provider."""

    b: Bench
    server: Server
    provider: Provider
    channel: str
    secret: str
    interactions: list[str]
    spec: Path
    notifier_pid: int | None = None

    def query(self, sql: str, *args: object) -> list[tuple]:
        assert self.server.db
        with contextlib.closing(sqlite3.connect(f"file:{self.server.db}?mode=ro", uri=True)) as db:
            return db.execute(sql, args).fetchall()

    def counts(self) -> tuple[int, int, int]:
        """(outbox rows SENT, outbox rows not SENT, outbound provider ids recorded)."""
        from nexus.v1 import interaction_pb2 as ipb

        by = dict(self.query("SELECT status, count(*) FROM channel_outbox GROUP BY status"))
        ids = self.query(
            "SELECT count(*) FROM channel_messages WHERE direction = ?", ipb.DIRECTION_OUTBOUND
        )[0][0]
        sent = by.pop(2, 0)
        return sent, sum(by.values()), ids

    def stalled(self, received: int, n: int) -> str:
        """Why replies stopped reaching the provider, as far as the outbox tells."""
        ((leased, recorded),) = self.query(
            "SELECT count(*), coalesce(sum(attempts > 0), 0) FROM channel_outbox"
            " WHERE status = 1 AND lease_until > ?",
            int(time.time() * 1e6),
        )
        sent, unsent, _ = self.counts()
        text = (
            f"the provider got {received} of {n} replies, then nothing for 15 s; the outbox "
            f"has {sent} SENT and {unsent} not sent, {leased} of them leased (claimed, in "
            f"flight) with {recorded} attempts recorded"
        )
        if received and not sent and leased and not recorded:
            text += (
                ". The provider answered, but no outcome was recorded: the channel sender "
                "lost them (as it did while ChannelSender._send took `self._results.append` "
                "before awaiting the attempt, which a flush() meanwhile made a discarded list)"
            )
        return text

    def settled(self, sent0: int, n: int) -> tuple[int, int, int]:
        """The counts once ``n`` more are SENT (the last outcomes are recorded a moment
        after they arrive), or after 10 s."""
        deadline = time.monotonic() + 10
        while (counts := self.counts())[0] - sent0 < n and time.monotonic() < deadline:
            time.sleep(0.1)
        return counts

    def verify(
        self, label: str, got: dict, numbers: range, counts: tuple[int, int, int],
        sent0: int, ids0: int,
    ) -> None:  # fmt: skip
        """Raises unless the provider got the replies numbered ``numbers`` once each and
        the outbox recorded each as SENT with its provider id, nothing owed."""
        n = len(numbers)
        sent, unsent, ids = counts
        wanted = {f"reply {k:0{ID_WIDTH}d}" for k in numbers}
        texts = got["texts"]
        problems = []
        if len(texts) != n or set(texts) != wanted or len(set(got["messages"])) != n:
            problems.append(
                f"the provider got {len(texts)} messages ({len(set(texts))} distinct) for {n}"
            )
        if (sent - sent0, unsent, ids - ids0) != (n, 0, n):
            problems.append(
                f"outbox: {sent - sent0} SENT, {unsent} not sent, {ids - ids0} provider ids "
                f"recorded, for {n} replies"
            )
        for kept in got["kept"]:
            from standardwebhooks.webhooks import Webhook

            try:
                Webhook(self.secret).verify(kept["body"], kept["headers"])
            except Exception as exc:  # reported as the benchmark's failure
                problems.append(f"a signature did not verify: {exc}")
            body = json.loads(kept["body"])
            if body["type"] != "message" or body["interaction"] not in self.interactions:
                problems.append(f"unexpected body {body}")
        if problems:
            raise Failed(f"outbound {label}: " + "; ".join(problems))

    def run(self, label: str, *, duration: float, rate: float = 0.0) -> dict[str, object]:
        """SendMessage replies for ``duration`` s (at ``rate``/s, else flat out), then waits
        until the provider has every one; checks each arrived once and was recorded."""
        self.provider.reset()
        sent0, _, ids0 = self.counts()
        pids = {"server": self.server.pid, "provider": self.provider.proc.pid}
        if self.notifier_pid:
            pids["notifier"] = self.notifier_pid
        cpu0 = {k: cpu_seconds(p) for k, p in pids.items()}
        first, machine = self.b.counter, machine_cpu()
        run = nxload(
            self.b.nxload,
            f"http://127.0.0.1:{self.server.grpc_port}",
            self.spec,
            ["content-type: application/grpc", "te: trailers", f"x-api-key: {KEY}"],
            grpc=True,
            conns=self.b.conns,
            streams=self.b.streams,
            first=first,
            duration=duration,
            rate=rate,
            log=self.b.work / "latencies.txt",
        )
        self.b.counter = run.next_counter
        n = run.requests
        if run.succeeded != n or run.failures:
            raise Failed(f"outbound {label}: {run.failures}\n{run.output}")
        got = self.provider.wait(n, 180)
        done, machine = time.time(), machine_cpu() - machine
        if len(got["texts"]) < n:
            raise Failed(f"outbound {label}: " + self.stalled(len(got["texts"]), n))
        cpu = {k: cpu_seconds(p) - cpu0[k] for k, p in pids.items()}
        counts = self.settled(sent0, n)
        self.verify(label, got, range(first, run.next_counter), counts, sent0, ids0)
        times = sorted(got["times"])
        lat = sorted(got["latencies"])
        # steady part of the load: from its first second to its end
        lo, hi = run.started + min(1.0, duration / 4), run.ended
        steady = sum(1 for t in times if lo <= t <= hi) / (hi - lo)
        return {
            "label": label,
            "offered": rate,
            "replies": n,
            "committed_per_s": run.rate,
            "delivered_per_s": steady,
            "overall_per_s": n / (times[-1] - run.started),
            "owed_at_end": sum(1 for t in times if t > run.ended),
            "drain_s": max(0.0, times[-1] - run.ended),
            "p50_ms": percentile(lat, 50) * 1000,  # type: ignore[arg-type]
            "p99_ms": percentile(lat, 99) * 1000,  # type: ignore[arg-type]
            "max_ms": lat[-1] * 1000,
            "cpu_us": {k: v / n * 1e6 for k, v in cpu.items()},
            "cores": {k: v / (done - run.started) for k, v in cpu.items()},
            "load_us": run.cpu_s / n * 1e6,
            "others_cores": max(0.0, machine - sum(cpu.values()) - run.cpu_s)
            / (done - run.started),
        }


def setup_outbound(
    b: Bench, server: Server, provider: Provider, notifier_pid: int | None
) -> Outbound:
    import grpc

    from nexus.v1 import channel_pb2 as cpb
    from nexus.v1 import channel_service_pb2 as cspb
    from nexus.v1 import channel_service_pb2_grpc as cs_grpc
    from nexus.v1 import interaction_pb2 as ipb
    from nexus.v1 import interaction_service_pb2 as ispb

    md = (("x-api-key", KEY),)
    with grpc.insecure_channel(f"127.0.0.1:{server.grpc_port}") as ch:
        stub = cs_grpc.ChannelServiceStub(ch)
        channel = stub.CreateChannel(
            cspb.CreateChannelRequest(
                channel=cpb.Channel(
                    kind=cpb.CHANNEL_KIND_SMS,
                    profile=cpb.CHANNEL_PROFILE_NEXUS,
                    display_name="bench outbound",
                    provider=cpb.ProviderSettings(sender_id="+15550001111"),
                    outbound_url=provider.url,
                )
            ),
            metadata=md,
        )
        names: list[str] = []
        for start in range(0, INTERACTIONS, 50):
            got = stub.ReceiveMessages(
                cspb.ReceiveMessagesRequest(
                    channel=channel.name,
                    messages=[
                        cspb.InboundMessage(
                            external_message_id=f"out-{k}",
                            customer_address=f"+1666{k:08d}",
                            text="I have a question",
                        )
                        for k in range(start, min(start + 50, INTERACTIONS))
                    ],
                ),
                metadata=md,
            )
            names += [r.interaction for r in got.results]
    if len(set(names)) != INTERACTIONS:
        raise Failed(f"outbound setup: {len(set(names))} interactions, not {INTERACTIONS}")

    def reply_to(i: str) -> Callable[[Sequence[str], Sequence[str]], bytes]:
        def body(ids: Sequence[str], _: Sequence[str]) -> bytes:
            req = ispb.SendMessageRequest(
                parent=i,
                message=ipb.Message(direction=ipb.DIRECTION_OUTBOUND, text=f"reply {ids[0]}"),
            )
            payload = req.SerializeToString()
            return b"\0" + len(payload).to_bytes(4, "big") + payload

        return body

    templates = [template(SEND, reply_to(i), 1, addresses=False) for i in names]
    spec = write_spec(b.work / "send.spec", templates)
    return Outbound(b, server, provider, channel.name, channel.secret, names, spec, notifier_pid)


# -- outbound: draining a backlog --------------------------------------------------------


def copy_db(src: str, dst: str) -> None:
    with (
        contextlib.closing(sqlite3.connect(src)) as a,
        contextlib.closing(sqlite3.connect(dst)) as b,
    ):
        a.backup(b)


@dataclass
class Backlog:
    """Replies committed with no channel sender running: a database to drain (a copy of it
    per drain), the replies' numbers, and how fast ``SendMessage`` took them alone."""

    out: Outbound  # its server names the filled database
    numbers: range
    committed_per_s: float
    server_us: float  # nexus serve's CPU per reply while it took them


def fill_backlog(b: Bench, provider: Provider, env: dict[str, str], n: int) -> Backlog:
    """``nexus serve`` with the notifier off (NEXUS_NOTIFIER_IN_PROCESS=false) on a new
    database takes ``n`` replies flat out over 250 interactions, then stops."""
    work = b.work / "backlog"
    work.mkdir(exist_ok=True)
    db = str(work / "filled.db")
    env = {**env, "NEXUS_BOOTSTRAP_API_KEY": KEY, "NEXUS_NOTIFIER_IN_PROCESS": "false"}
    child, port = start_server(db, "127.0.0.1:0", work / "fill.log", env)
    try:
        server = Server("nexus (no sender)", child.popen.pid, port, db=db)
        out = setup_outbound(b, server, provider, None)
        cpu = cpu_seconds(server.pid)
        run = nxload(
            b.nxload,
            f"http://127.0.0.1:{port}",
            out.spec,
            ["content-type: application/grpc", "te: trailers", f"x-api-key: {KEY}"],
            grpc=True,
            conns=b.conns,
            streams=b.streams,
            first=b.counter,
            requests=n,
            log=b.work / "latencies.txt",
        )
        cpu = cpu_seconds(server.pid) - cpu
        numbers = range(b.counter, run.next_counter)
        b.counter = run.next_counter
    finally:
        child.stop(15)
    if not (run.requests == run.succeeded == n == len(numbers)) or run.failures:
        raise Failed(f"backlog: {run.succeeded} of {n} replies taken: {run.failures}\n{run.output}")
    queued = out.query("SELECT count(*) FROM channel_outbox")[0][0]
    stored = out.query("SELECT count(*) FROM messages")[0][0]
    if queued or stored != INTERACTIONS + n:
        raise Failed(
            f"backlog: {stored} messages stored for {INTERACTIONS} + {n}, and {queued} in the "
            "outbox (nothing should have read the log)"
        )
    return Backlog(out, numbers, run.rate, cpu / n * 1e6)


def drain(
    b: Bench, backlog: Backlog, provider: Provider, env: dict[str, str], placement: str,
    bystanders: Sequence[int],
) -> dict[str, object]:  # fmt: skip
    """Starts a channel sender on a copy of the backlog's database — a ``nexus notifier``
    process (``placement`` "notifier") or ``nexus serve`` with its notifier on ("serve") —
    and times it from its start until the provider has every reply; checks each arrived
    once and is SENT. ``bystanders``: our other processes (idle), not other jobs."""
    n = len(backlog.numbers)
    db = str(b.work / "backlog" / f"{placement}.db")
    copy_db(backlog.out.server.db or "", db)
    out = Outbound(b, Server(placement, 0, 0, db=db), provider, backlog.out.channel,
                   backlog.out.secret, backlog.out.interactions, backlog.out.spec)  # fmt: skip
    sent0, _, ids0 = out.counts()
    provider.reset()
    others = {p: cpu_seconds(p) for p in bystanders}
    provider_cpu, machine = cpu_seconds(provider.proc.pid), machine_cpu()
    started = time.time()
    log = b.work / "backlog" / f"{placement}.log"
    if placement == "notifier":
        popen = subprocess.Popen(
            [sys.executable, "-m", "nexus.cli", "notifier", "--db", db],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            text=True,
            preexec_fn=die_with_parent,
        )
        child = Child("nexus notifier", popen, log)
    else:
        env = {**env, "NEXUS_BOOTSTRAP_API_KEY": KEY, "NEXUS_NOTIFIER_IN_PROCESS": "true"}
        child, _ = start_server(db, "127.0.0.1:0", log, env)  # returns once it listens
    pid = child.popen.pid
    try:
        # (time, arrived, sender CPU, provider CPU), polled until every reply arrived
        samples: list[tuple[float, int, float, float]] = []
        moved = time.monotonic()
        while True:
            count: int = provider.call("GET", "/count")["count"]  # type: ignore[index]
            sample = (time.time(), count, cpu_seconds(pid), cpu_seconds(provider.proc.pid))
            if samples and count != samples[-1][1]:
                moved = time.monotonic()
            samples.append(sample)
            if count >= n:
                break
            if not child.alive():
                raise Failed(f"drain ({placement}): the sender exited after {count} of {n}")
            if time.monotonic() - moved > 15 or time.time() - started > 300:
                raise Failed(f"drain ({placement}): " + out.stalled(count, n))
            time.sleep(0.05)
        machine = machine_cpu() - machine
        others_cpu = sum(cpu_seconds(p) - c for p, c in others.items())
        counts = out.settled(sent0, n)
    finally:
        child.stop(30)
    got: dict = provider.call("GET", "/stats")  # type: ignore[assignment]
    out.verify(f"drain ({placement})", got, backlog.numbers, counts, sent0, ids0)
    times = sorted(got["times"])
    # the window for CPU per message: from the first sample after arrivals began
    t1, k1, c1, p1 = next(s for s in samples if s[1] > 0)
    t2, k2, c2, p2 = samples[-1]
    span = times[-1] - started
    provider_cpu = p2 - provider_cpu
    return {
        "placement": placement,
        "replies": n,
        "first_s": times[0] - started,
        "all_s": span,
        "from_start_per_s": n / span,
        "steady_per_s": (n - 1) / (times[-1] - times[0]),
        "sender_us": (c2 - c1) / (k2 - k1) * 1e6,
        "sender_total_us": c2 / n * 1e6,  # its whole life: start-up, reading the log
        "sender_cores": (c2 - c1) / (t2 - t1),
        "provider_us": (p2 - p1) / (k2 - k1) * 1e6,
        "provider_cores": (p2 - p1) / (t2 - t1),
        "others_cores": max(0.0, machine - c2 - provider_cpu - others_cpu) / (t2 - started),
    }


def run_drains(
    b: Bench, provider: Provider, env: dict[str, str], n: int, bystanders: Sequence[int],
    drains: dict,
) -> None:  # fmt: skip
    backlog = fill_backlog(b, provider, env, n)
    drains["backlog"] = {
        "replies": n,
        "committed_per_s": backlog.committed_per_s,
        "server_us": backlog.server_us,
    }
    print(
        f"  backlog: {n:,} replies committed at {backlog.committed_per_s:,.0f}/s, no sender",
        file=sys.stderr,
        flush=True,
    )
    for placement in ("notifier", "serve"):
        d = drain(b, backlog, provider, env, placement, bystanders)
        drains.setdefault("runs", []).append(d)
        print(
            f"  drain ({placement}): {d['steady_per_s']:,.0f} delivered/s, all after "
            f"{d['all_s']:.1f} s",
            file=sys.stderr,
            flush=True,
        )


# -- main -------------------------------------------------------------------------------


def seed_inbound(
    b: Bench, server: Server, provider: Provider
) -> tuple[str, dict[tuple[int, bool], Template]]:
    """The inbound channel, its templates, and nexus's answers to 1 and 50 messages."""
    import grpc

    from nexus.v1 import channel_pb2 as cpb
    from nexus.v1 import channel_service_pb2 as cspb
    from nexus.v1 import channel_service_pb2_grpc as cs_grpc

    with grpc.insecure_channel(f"127.0.0.1:{server.grpc_port}") as ch:
        channel = cs_grpc.ChannelServiceStub(ch).CreateChannel(
            cspb.CreateChannelRequest(
                channel=cpb.Channel(
                    kind=cpb.CHANNEL_KIND_SMS,
                    profile=cpb.CHANNEL_PROFILE_NEXUS,
                    display_name="bench inbound",
                    provider=cpb.ProviderSettings(sender_id="+15550002222"),
                    outbound_url=provider.url,
                )
            ),
            metadata=(("x-api-key", KEY),),
        )
        templates = inbound_templates(channel.name)
        for n in BATCHES:
            body = fill(templates[(n, True)], b.take(n))
            b.answers[n] = ch.unary_unary(RECEIVE)(
                body[5:], metadata=(("x-api-key", KEY),), timeout=10
            )
    return channel.name, templates


def start_baseline(b: Bench) -> tuple[subprocess.Popen[str], int]:
    files = []
    for n in BATCHES:
        path = b.work / f"answer-{n}.bin"
        path.write_bytes(b.answers[n])
        files.append(str(path))
    proc = subprocess.Popen(
        [sys.executable, __file__, "--baseline", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=die_with_parent,
    )
    return proc, int(wait_for_line(proc, re.compile(r"baseline serving on \S+:(\d+)"), 30))


def versions() -> str:
    def out(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "?"

    import grpc

    import nexus
    from nexus.gateway.process import binary

    envoy = re.search(r"version: \S+/([\d.]+)", out([binary("envoy"), "--version"]))
    here = Path(__file__).resolve().parent
    source = Path(nexus.__file__).resolve().parent.parent
    if source == (here.parent / "server").resolve():
        commit = out(["git", "-C", str(here), "rev-parse", "--short", "HEAD"])
        dirty = out(["git", "-C", str(here), "status", "--porcelain", "--", "../server"])
        where = f"commit {commit}{' (server/ modified)' if dirty else ''}"
    else:  # e.g. PYTHONPATH=<a `git archive` of a commit>/server, while others edit the tree
        where = f"nexus from {source}"
    return (
        f"{where}; Python {sys.version.split()[0]}, grpcio {grpc.__version__}, Envoy "
        f"{envoy[1] if envoy else '?'}"
    )


def report_inbound(rows: list[InboundRow]) -> tuple[list[str], list[str], dict]:
    by = {(r.s.server.name, r.s.batch, r.s.path): r for r in rows}
    lines = [
        "| calls of | path | server | calls/s | messages/s | p50 ms | p99 ms "
        "| server CPU µs/msg | server cores | Envoy CPU µs/msg | nxload CPU µs/call "
        "| nxload cores | other jobs' cores | nexus / baseline calls/s | batched / single msgs/s |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = []
    summary = {}
    for r in rows:
        s = r.s
        base = by.get(("baseline", s.batch, s.path))
        single = by.get((s.server.name, 1, s.path))
        ratio = batched = ""
        if s.server.name == "nexus" and base:
            x = r.calls / base.calls
            ratio = f"{x:.2f}"
            if s.batch == 1:
                ok = x >= SINGLE_TARGET
                ratio = f"**{x:.2f}** {'met' if ok else 'MISS'}"
                verdicts.append(
                    f"single-message inbound, {PATHS[s.path]}: {x:.2f} of the baseline's "
                    f"calls/s (target >= {SINGLE_TARGET}) — {'met' if ok else 'MISSED'}"
                )
        if s.batch > 1 and single:
            y = r.messages / single.messages
            batched = f"{y:.1f}"
            if s.server.name == "nexus":
                ok = y >= BATCH_TARGET
                batched = f"**{y:.1f}** {'met' if ok else 'MISS'}"
                verdicts.append(
                    f"batched inbound (x{s.batch}), {PATHS[s.path]}: {y:.1f}x the single-message "
                    f"messages/s (target >= {BATCH_TARGET:g}) — {'met' if ok else 'MISSED'}"
                )
        envoy = "" if r.envoy_us != r.envoy_us else f"{r.envoy_us:,.0f}"
        lines.append(
            f"| {s.batch} | {PATHS[s.path]} | {s.server.name} | {r.calls:,.0f} "
            f"| {r.messages:,.0f} | {r.p50:.1f} | {r.p99:.1f} | {r.server_us:,.0f} "
            f"| {r.server_cores:.2f} | {envoy} | {r.load_us:.0f} | {r.load_cores:.2f} "
            f"| {r.others_cores:.2f} | {ratio} | {batched} |"
        )
        summary[s.label] = {
            **{k: v for k, v in vars(r).items() if k != "s"},
            "rates": [run.rate for run in s.runs],
        }
    return lines, verdicts, summary


def report_outbound(plain: dict, runs: list[dict], separate: bool) -> tuple[list[str], list[str]]:
    where = "in a `nexus notifier` process" if separate else "in the server process"
    lines = [
        f"| run (channel sender {where}) | replies | committed/s | delivered/s (steady) "
        "| delivered/s (overall) | owed at end of load | p50 ms | p99 ms | max ms "
        "| CPU µs per message | cores | other jobs' cores | nexus / plain |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for when, p in zip(("before", "after"), plain["runs"], strict=False):
        lines.append(
            f"| plain aiohttp client, {PROVIDER_CONCURRENCY} in flight ({when} nexus's runs) "
            f"| {p['messages']:,} | | {p['rate']:,.0f} | | | | | "
            f"| client {p['client_us']:.0f}, provider {p['provider_us']:.0f} "
            f"| client {p['client_cores']:.2f}, provider {p['provider_cores']:.2f} "
            f"| {p['others_cores']:.2f} | {p['rate'] / plain['rate']:.2f} |"
        )
    for r in runs:
        cpu = ", ".join(f"{k} {v:,.0f}" for k, v in r["cpu_us"].items())
        cpu += f", nxload {r['load_us']:.0f}"
        cores = ", ".join(f"{k} {v:.2f}" for k, v in r["cores"].items())
        lines.append(
            f"| {r['label']} | {r['replies']:,} | {r['committed_per_s']:,.0f} "
            f"| {r['delivered_per_s']:,.0f} | {r['overall_per_s']:,.0f} | {r['owed_at_end']:,} "
            f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.0f} | {cpu} | {cores} "
            f"| {r['others_cores']:.2f} | {r['delivered_per_s'] / plain['rate']:.2f} |"
        )
    verdicts = []
    flat = next((r for r in runs if not r["offered"]), None)
    paced = next((r for r in runs if r["offered"] == OUTBOUND_TARGET), None)
    slow = next((r for r in runs if r["offered"] == LATENCY_RATE), None)
    if flat:
        ok = flat["delivered_per_s"] >= OUTBOUND_TARGET
        verdicts.append(
            f"outbound flat out: {flat['delivered_per_s']:,.0f} messages/s delivered while "
            f"replies were committed at {flat['committed_per_s']:,.0f}/s (target >= "
            f"{OUTBOUND_TARGET:,.0f}) — {'met' if ok else 'MISSED'}"
        )
    if paced:
        # keeping up: the steady delivery rate is the offered one and nothing piles up
        ok = paced["delivered_per_s"] >= 0.97 * OUTBOUND_TARGET and paced["p99_ms"] < 1000
        verdicts.append(
            f"outbound offered {OUTBOUND_TARGET:,.0f}/s: delivered "
            f"{paced['delivered_per_s']:,.0f}/s, p99 {paced['p99_ms']:.0f} ms, "
            f"{paced['owed_at_end']:,} owed when the load stopped — "
            f"{'kept up' if ok else 'did NOT keep up'}"
        )
    if slow:
        ok = slow["p99_ms"] <= LATENCY_TARGET_MS
        verdicts.append(
            f"outbound latency at {LATENCY_RATE:g}/s: p99 {slow['p99_ms']:.1f} ms (target <= "
            f"{LATENCY_TARGET_MS:g} ms) — {'met' if ok else 'MISSED'}"
        )
    return lines, verdicts


def report_drains(plain: dict, drains: dict) -> tuple[list[str], list[str]]:
    fill = drains["backlog"]
    where = {"notifier": "a `nexus notifier` process", "serve": "`nexus serve` (notifier on)"}
    lines = [
        f"| drain of {fill['replies']:,} replies committed beforehand (no sender running: "
        f"SendMessage took them at {fill['committed_per_s']:,.0f}/s, "
        f"{fill['server_us']:,.0f} µs of server CPU each) | first arrival after s "
        "| all arrived after s | delivered/s (first → last arrival) | delivered/s (from start) "
        "| CPU µs per message | cores | other jobs' cores | nexus / plain |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for when, r in zip(("before", "after"), plain.get("runs", []), strict=False):
        lines.append(
            f"| plain aiohttp client, {PROVIDER_CONCURRENCY} in flight ({when} nexus's runs), "
            f"{r['messages']:,} messages | | | {r['rate']:,.0f} | | client "
            f"{r['client_us']:.0f}, provider {r['provider_us']:.0f} | client "
            f"{r['client_cores']:.2f}, provider {r['provider_cores']:.2f} "
            f"| {r['others_cores']:.2f} | {r['rate'] / plain['rate']:.2f} |"
        )
    verdicts = []
    for d in drains.get("runs", []):
        ratio = f"{d['steady_per_s'] / plain['rate']:.2f}" if plain.get("rate") else ""
        lines.append(
            f"| channel sender in {where[d['placement']]} | {d['first_s']:.2f} "
            f"| {d['all_s']:.1f} | {d['steady_per_s']:,.0f} | {d['from_start_per_s']:,.0f} "
            f"| sender {d['sender_us']:,.0f} (over its whole life {d['sender_total_us']:,.0f}), "
            f"provider {d['provider_us']:.0f} | sender {d['sender_cores']:.2f}, provider "
            f"{d['provider_cores']:.2f} | {d['others_cores']:.2f} | {ratio} |"
        )
        ok = d["steady_per_s"] >= OUTBOUND_TARGET
        verdicts.append(
            f"outbound backlog drain, the sender alone in {where[d['placement']]}: "
            f"{d['steady_per_s']:,.0f} messages/s ({d['from_start_per_s']:,.0f}/s counting its "
            f"start-up), {d['sender_us']:,.0f} µs of its CPU per message "
            f"(>= {OUTBOUND_TARGET:,.0f}/s: {'yes' if ok else 'no'})"
        )
    return lines, verdicts


def run_inbound(
    b: Bench, nexus: Server, stack: Stack, provider: Provider, args: argparse.Namespace,
    scenarios: list[Inbound],
) -> None:  # fmt: skip
    _, templates = seed_inbound(b, nexus, provider)
    baseline_proc, port = start_baseline(b)
    envoy = None
    try:
        https_port, envoy = front(port, b.work, stack, args.envoy_concurrency)
        baseline = Server("baseline", baseline_proc.pid, port, https_port, envoy)
        for batch in BATCHES:
            for path in PATHS:
                t = templates[(batch, path == "direct")]
                for server in (nexus, baseline):
                    spec = b.work / f"{server.name}-{batch}-{path}.spec"
                    s = Inbound(server, batch, path, t, write_spec(spec, [t]))
                    precheck(s, b)
                    scenarios.append(s)
        check_access_logs(scenarios)  # reads past the pre-checks' lines
        number = 0
        for r in range(args.rounds):
            shift = r % len(scenarios)
            for s in scenarios[shift:] + scenarios[:shift]:
                number += 1
                measure(s, b, first=(r == 0), number=number)
                run = s.runs[-1]
                print(
                    f"  {s.label}: {run.rate:,.0f} calls/s, {run.rate * s.batch:,.0f} messages/s",
                    file=sys.stderr,
                    flush=True,
                )
            check_access_logs(scenarios)
    finally:
        if envoy is not None:
            envoy.stop(15)
        baseline_proc.terminate()
        baseline_proc.wait(15)


def run_outbound(
    b: Bench, nexus: Server, provider: Provider, notifier: int | None,
    args: argparse.Namespace, plain: dict, runs: list[dict], env: dict[str, str],
    drains: dict,
) -> None:  # fmt: skip
    out = setup_outbound(b, nexus, provider, notifier)

    def plain_run() -> None:
        p = plain_client(provider, out.channel, out.interactions, out.secret, args.plain)
        p["messages"] = args.plain
        plain.setdefault("runs", []).append(p)
        plain["rate"] = statistics.mean(r["rate"] for r in plain["runs"])
        print(f"  plain client: {p['rate']:,.0f} messages/s", file=sys.stderr, flush=True)

    plain_run()
    for label, rate in (
        ("flat out", 0.0),
        (f"paced {OUTBOUND_TARGET:,.0f}/s", OUTBOUND_TARGET),
        (f"paced {LATENCY_RATE:g}/s (latency)", LATENCY_RATE),
    ):
        length = args.outbound_seconds if rate != LATENCY_RATE else args.latency_seconds
        result = out.run(label, duration=length, rate=rate)
        runs.append(result)
        print(
            f"  outbound {label}: {result['delivered_per_s']:,.0f} delivered/s, "
            f"p99 {result['p99_ms']:.1f} ms",
            file=sys.stderr,
            flush=True,
        )
    if args.drain:
        bystanders = [nexus.pid, *([nexus.envoy.popen.pid] if nexus.envoy else [])]
        bystanders += [notifier] if notifier else []
        run_drains(b, provider, env, args.drain, bystanders, drains)
    plain_run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="about a minute: shorter runs")
    parser.add_argument("--seconds", type=float, help="length of each counted inbound run")
    parser.add_argument("--warmup", type=float, help="unmeasured inbound run sizing the others")
    parser.add_argument("--rounds", type=int, help="inbound rounds in rotating order (medians)")
    parser.add_argument("--clients", type=int, default=4, help="nxload connections")
    parser.add_argument("--streams", type=int, default=16, help="concurrent streams each")
    parser.add_argument("--envoy-concurrency", type=int, default=1, help="Envoy worker threads")
    parser.add_argument("--outbound-seconds", type=float, help="length of the outbound runs")
    parser.add_argument("--latency-seconds", type=float, help="length of the 100/s run")
    parser.add_argument("--plain", type=int, help="messages the plain client posts")
    parser.add_argument(
        "--drain", type=int, help="replies of the backlog-drain runs (0: no drain runs)"
    )
    parser.add_argument(
        "--separate", action="store_true", help="in_process = false and a `nexus notifier`"
    )
    parser.add_argument("--only", choices=("inbound", "outbound"), help="one half of the run")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    quick = args.quick
    seconds = args.seconds or (1.5 if quick else 2.0)
    warmup = args.warmup or (0.5 if quick else 1.0)
    args.rounds = args.rounds or (1 if quick else 3)
    args.outbound_seconds = args.outbound_seconds or (4.0 if quick else 8.0)
    args.latency_seconds = args.latency_seconds or (5.0 if quick else 15.0)
    args.plain = args.plain or (3000 if quick else 8000)
    if args.drain is None:
        args.drain = 3000 if quick else 10_000

    binary = ensure_nxload()
    started = versions()  # what runs: taken now, the tree may change meanwhile
    began = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    failures: list[str] = []
    scenarios: list[Inbound] = []
    outbound_runs: list[dict] = []
    plain: dict = {}
    drains: dict = {}
    with tempfile.TemporaryDirectory(prefix="nexus-channels-bench-") as tmp:
        work = Path(tmp)
        provider = Provider(work)
        env = {
            "NEXUS_LOG_LEVEL": "WARNING",
            "NEXUS_NOTIFIER_ALLOWLIST": "127.0.0.1/32",
            "NEXUS_NOTIFIER_CA_FILE": provider.ca,
        }
        if args.separate:
            env["NEXUS_NOTIFIER_IN_PROCESS"] = "false"
        stack = Stack(
            state_dir=work / "nexus",
            db=str(work / "nexus" / "bench.db"),
            api_key=KEY,
            https_port=free_port(),
            envoy_concurrency=args.envoy_concurrency,
            server_env=env,
            **UNLIMITED,  # type: ignore[arg-type]
        )
        (work / "nexus").mkdir()
        notifier: subprocess.Popen[bytes] | None = None
        try:
            stack.start()
            assert stack.server and stack.envoy and stack.ca
            if args.separate:
                notifier = subprocess.Popen(
                    [sys.executable, "-m", "nexus.cli", "notifier", "--db", stack.db],
                    env={**os.environ, **env},
                    stdout=subprocess.DEVNULL,
                    preexec_fn=die_with_parent,
                )
            b = Bench(binary, work, stack.ca, args.clients, args.streams, seconds, warmup)
            nexus = Server(
                "nexus",
                stack.server.popen.pid,
                stack.upstream_port,
                stack.https_port,
                stack.envoy,
                db=stack.db,
            )
            halves: list[tuple[str, Callable[[], None]]] = []
            if args.only != "outbound":
                halves.append(
                    ("inbound", lambda: run_inbound(b, nexus, stack, provider, args, scenarios))
                )
            if args.only != "inbound":
                pid = notifier.pid if notifier else None
                halves.append(
                    (
                        "outbound",
                        lambda: run_outbound(
                            b, nexus, provider, pid, args, plain, outbound_runs, env, drains
                        ),
                    )
                )
            for name, half in halves:
                try:
                    half()
                except BenchFailure as exc:
                    failures.append(f"{name}: {exc}")
                    print(f"\nFAILED ({name}): {exc}", file=sys.stderr, flush=True)
                    print(f"nexus serve's log ends:\n{stack.server.tail(20)}", file=sys.stderr)
        finally:
            if notifier is not None:
                notifier.terminate()
                notifier.wait(30)
            stack.stop()
            provider.stop()

    load = os.getloadavg()
    print(
        f"\n{began} to {time.strftime('%H:%M', time.gmtime())} UTC; {started}; "
        f"{os.cpu_count()} cores, unpinned; load average {load[0]:.1f}/{load[1]:.1f}; nxload "
        f"{args.clients} connections x {args.streams} streams; Envoy --concurrency "
        f"{args.envoy_concurrency}; inbound: {args.rounds} round(s) of {seconds:g} s per "
        f"scenario, medians; outbound: {args.outbound_seconds:g} s per run, the latency run "
        f"{args.latency_seconds:g} s"
        f"{f', backlog drains of {args.drain:,} replies' if args.drain else ''}; every call "
        "checked\n"
    )
    verdicts: list[str] = []
    summary: dict = {}
    measured = [s for s in scenarios if s.runs]
    if measured:
        lines, v, summary["inbound"] = report_inbound([summarise(s) for s in measured])
        print("\n".join(lines) + "\n")
        verdicts += v
    if outbound_runs or plain:
        lines, v = report_outbound(plain, outbound_runs, args.separate)
        print("\n".join(lines) + "\n")
        verdicts += v
        summary["outbound"] = {"plain": plain, "runs": outbound_runs}
    if drains.get("runs"):
        lines, v = report_drains(plain, drains)
        print("\n".join(lines) + "\n")
        verdicts += v
        summary["drains"] = drains
    verdicts += [f"FAILED {f}" for f in failures]
    print("\n".join(f"- {v}" for v in verdicts))
    if args.json:
        summary["failures"] = failures
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--baseline":
        with contextlib.suppress(KeyboardInterrupt):
            run_baseline(sys.argv[2], sys.argv[3])
        sys.exit(0)
    if len(sys.argv) == 4 and sys.argv[1] == "--provider":
        with contextlib.suppress(KeyboardInterrupt):
            run_provider(sys.argv[2], sys.argv[3])
        sys.exit(0)
    sys.exit(main())
