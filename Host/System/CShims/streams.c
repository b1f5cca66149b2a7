/*
** The stream loop: long-lived response bodies (Server-Sent Events) served from a few epoll
** threads instead of a thread per connection. The HTTP server hands over a connection's socket
** after the handler chose to stream; from then on an idle stream costs this struct, its
** heartbeat bytes and the kernel's socket, and nothing else.
**
** Threads: sbs_stream_send/end may be called from any thread; they only queue a command and
** wake the owning loop (its eventfd, written only when its queue was empty). Everything a stream
** holds is touched by its loop thread alone, so a stream needs no lock.
*/
#define _GNU_SOURCE
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct stream {
    uint64_t id;
    int fd;
    int chunked;
    int ending;             /* end once buf is written */
    int want_out;           /* registered for EPOLLOUT */
    char *buf;              /* unsent bytes, already framed; freed when empty */
    size_t off, len, cap;
    int64_t last_write_ms;
    unsigned heartbeat_ms;  /* 0 = none */
    size_t heartbeat_len;
    void *user;
    char heartbeat[];       /* heartbeat_len bytes */
} stream;

enum command_kind { CMD_ADOPT, CMD_SEND, CMD_END };

typedef struct command {
    enum command_kind kind;
    uint64_t id;
    stream *adopted;        /* CMD_ADOPT */
    char *bytes;            /* CMD_SEND, malloc'd, owned by the command */
    size_t len;
} command;

typedef struct loop_thread {
    struct sbs_stream_loop *owner;
    unsigned index;
    pthread_t thread;
    int epoll_fd;
    int wake_fd;
    pthread_mutex_t lock;   /* guards queue only */
    command *queue;
    size_t queued, queue_cap;
    stream **slots;         /* by fd / thread count; loop thread only */
    size_t slot_count;
    int64_t next_sweep_ms;
} loop_thread;

struct sbs_stream_loop {
    unsigned thread_count;
    loop_thread *threads;
    sbs_stream_ended ended;
    void *user;
    size_t max_pending;
    atomic_uint_fast64_t sequence;
    atomic_size_t open;
    atomic_int stopping;
};

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int fd_of(uint64_t id) { return (int)(id & 0xffffffffu); }

static void wake(loop_thread *t) {
    uint64_t one = 1;
    ssize_t n = write(t->wake_fd, &one, sizeof one);
    (void)n; /* EAGAIN: the counter is already non-zero, the loop wakes anyway */
}

static int enqueue(loop_thread *t, command c) {
    pthread_mutex_lock(&t->lock);
    if (t->queued == t->queue_cap) {
        size_t cap = t->queue_cap ? t->queue_cap * 2 : 64;
        command *q = realloc(t->queue, cap * sizeof *q);
        if (!q) { pthread_mutex_unlock(&t->lock); return -1; }
        t->queue = q;
        t->queue_cap = cap;
    }
    int was_empty = t->queued == 0;
    t->queue[t->queued++] = c;
    pthread_mutex_unlock(&t->lock);
    if (was_empty) wake(t);
    return 0;
}

/* Append bytes to the stream's buffer, framed as one chunk when chunked. */
static int append(stream *s, const char *bytes, size_t len, int final_chunk) {
    char head[24];
    size_t head_len = 0, tail_len = 0;
    if (s->chunked) {
        if (final_chunk) { head_len = (size_t)snprintf(head, sizeof head, "0\r\n\r\n"); len = 0; }
        else if (len > 0) { head_len = (size_t)snprintf(head, sizeof head, "%zx\r\n", len); tail_len = 2; }
    }
    size_t need = s->len - s->off + head_len + len + tail_len;
    if (need == 0) return 0;
    if (s->off > 0) { /* compact what is left to the front */
        memmove(s->buf, s->buf + s->off, s->len - s->off);
        s->len -= s->off;
        s->off = 0;
    }
    if (need > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < need) cap *= 2;
        char *b = realloc(s->buf, cap);
        if (!b) return -1;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, head, head_len); s->len += head_len;
    if (len) { memcpy(s->buf + s->len, bytes, len); s->len += len; }
    if (tail_len) { memcpy(s->buf + s->len, "\r\n", 2); s->len += 2; }
    return 0;
}

static void finish(loop_thread *t, stream *s) {
    size_t slot = (size_t)s->fd / t->owner->thread_count;
    if (slot < t->slot_count && t->slots[slot] == s) t->slots[slot] = NULL;
    epoll_ctl(t->epoll_fd, EPOLL_CTL_DEL, s->fd, NULL);
    close(s->fd);
    atomic_fetch_sub(&t->owner->open, 1);
    if (t->owner->ended) t->owner->ended(t->owner->user, s->id, s->user);
    free(s->buf);
    free(s);
}

static void watch(loop_thread *t, stream *s, int want_out) {
    if (s->want_out == want_out) return;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP | (want_out ? EPOLLOUT : 0), .data.u64 = s->id };
    epoll_ctl(t->epoll_fd, EPOLL_CTL_MOD, s->fd, &ev);
    s->want_out = want_out;
}

/* Write what is buffered; 0 = the stream goes on, -1 = it ended (freed). */
static int flush(loop_thread *t, stream *s) {
    while (s->off < s->len) {
        ssize_t n = send(s->fd, s->buf + s->off, s->len - s->off, MSG_NOSIGNAL);
        if (n > 0) { s->off += (size_t)n; s->last_write_ms = now_ms(); continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (s->len - s->off > t->owner->max_pending) { finish(t, s); return -1; } /* too far behind */
            watch(t, s, 1);
            return 0;
        }
        finish(t, s);
        return -1;
    }
    free(s->buf); /* an idle stream keeps no buffer */
    s->buf = NULL;
    s->off = s->len = s->cap = 0;
    if (s->ending) { finish(t, s); return -1; }
    watch(t, s, 0);
    return 0;
}

static stream *lookup(loop_thread *t, uint64_t id) {
    size_t slot = (size_t)fd_of(id) / t->owner->thread_count;
    if (slot >= t->slot_count) return NULL;
    stream *s = t->slots[slot];
    return s && s->id == id ? s : NULL;
}

static void adopt(loop_thread *t, stream *s) {
    size_t slot = (size_t)s->fd / t->owner->thread_count;
    if (slot >= t->slot_count) {
        size_t count = t->slot_count ? t->slot_count : 1024;
        while (count <= slot) count *= 2;
        stream **slots = realloc(t->slots, count * sizeof *slots);
        if (!slots) { finish(t, s); return; }
        memset(slots + t->slot_count, 0, (count - t->slot_count) * sizeof *slots);
        t->slots = slots;
        t->slot_count = count;
    }
    t->slots[slot] = s;
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u64 = s->id };
    if (epoll_ctl(t->epoll_fd, EPOLL_CTL_ADD, s->fd, &ev) != 0) { finish(t, s); return; }
    flush(t, s);
}

static void run_commands(loop_thread *t) {
    pthread_mutex_lock(&t->lock);
    command *batch = t->queue;
    size_t count = t->queued;
    t->queue = NULL;
    t->queued = t->queue_cap = 0;
    pthread_mutex_unlock(&t->lock);
    for (size_t i = 0; i < count; i++) {
        command *c = &batch[i];
        if (c->kind == CMD_ADOPT) { adopt(t, c->adopted); continue; }
        stream *s = lookup(t, c->id);
        if (s && !s->ending) {
            if (c->kind == CMD_SEND) {
                if (append(s, c->bytes, c->len, 0) != 0) finish(t, s);
                else flush(t, s);
            } else {
                s->ending = 1;
                if (append(s, NULL, 0, 1) != 0) finish(t, s);
                else flush(t, s);
            }
        }
        free(c->bytes);
    }
    free(batch);
}

/* Heartbeats after silence: one pass over this loop's streams a second. */
static void sweep(loop_thread *t, int64_t now) {
    for (size_t i = 0; i < t->slot_count; i++) {
        stream *s = t->slots[i];
        if (!s || !s->heartbeat_ms || s->len > s->off || now - s->last_write_ms < (int64_t)s->heartbeat_ms) continue;
        if (append(s, s->heartbeat, s->heartbeat_len, 0) != 0) { finish(t, s); continue; }
        flush(t, s);
    }
}

static void drain_input(loop_thread *t, stream *s) {
    char sink[512];
    for (;;) {
        ssize_t n = recv(s->fd, sink, sizeof sink, 0);
        if (n > 0) continue;             /* a stream's client has nothing to say: discard */
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        finish(t, s);                    /* 0: the client closed; or an error */
        return;
    }
}

static void *loop_main(void *arg) {
    loop_thread *t = arg;
    char name[16];
    snprintf(name, sizeof name, "sb-streams-%u", t->index);
    sbs_set_thread_name(name);
    struct epoll_event events[256];
    while (!atomic_load(&t->owner->stopping)) {
        int64_t now = now_ms();
        int timeout = t->next_sweep_ms > now ? (int)(t->next_sweep_ms - now) : 0;
        int n = epoll_wait(t->epoll_fd, events, 256, timeout);
        for (int i = 0; i < n; i++) {
            if (events[i].data.u64 == 0) { /* the eventfd */
                uint64_t count;
                ssize_t r = read(t->wake_fd, &count, sizeof count);
                (void)r;
                continue;
            }
            stream *s = lookup(t, events[i].data.u64);
            if (!s) continue;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) { finish(t, s); continue; }
            if (events[i].events & (EPOLLIN | EPOLLRDHUP)) {
                drain_input(t, s);
                if (lookup(t, events[i].data.u64) != s) continue;
            }
            if (events[i].events & EPOLLOUT) flush(t, s);
        }
        run_commands(t);
        now = now_ms();
        if (now >= t->next_sweep_ms) {
            sweep(t, now);
            t->next_sweep_ms = now + 1000;
        }
    }
    run_commands(t);
    for (size_t i = 0; i < t->slot_count; i++) {
        if (t->slots[i]) finish(t, t->slots[i]);
    }
    return NULL;
}

sbs_stream_loop *sbs_stream_loop_start(unsigned threads, size_t max_pending, sbs_stream_ended ended, void *user) {
    if (threads == 0) threads = 1;
    sbs_stream_loop *loop = calloc(1, sizeof *loop);
    if (!loop) return NULL;
    loop->threads = calloc(threads, sizeof *loop->threads);
    if (!loop->threads) { free(loop); return NULL; }
    loop->thread_count = threads;
    loop->ended = ended;
    loop->user = user;
    loop->max_pending = max_pending;
    atomic_init(&loop->sequence, 1);
    for (unsigned i = 0; i < threads; i++) {
        loop_thread *t = &loop->threads[i];
        t->owner = loop;
        t->index = i;
        t->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
        t->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        pthread_mutex_init(&t->lock, NULL);
        struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0 };
        epoll_ctl(t->epoll_fd, EPOLL_CTL_ADD, t->wake_fd, &ev);
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        pthread_create(&t->thread, &attr, loop_main, t);
        pthread_attr_destroy(&attr);
    }
    return loop;
}

void sbs_stream_loop_stop(sbs_stream_loop *loop) {
    if (!loop) return;
    atomic_store(&loop->stopping, 1);
    for (unsigned i = 0; i < loop->thread_count; i++) wake(&loop->threads[i]);
    for (unsigned i = 0; i < loop->thread_count; i++) {
        loop_thread *t = &loop->threads[i];
        pthread_join(t->thread, NULL);
        close(t->epoll_fd);
        close(t->wake_fd);
        pthread_mutex_destroy(&t->lock);
        free(t->slots);
        free(t->queue);
    }
    free(loop->threads);
    free(loop);
}

int sbs_stream_loop_accepting(const sbs_stream_loop *loop) {
    return !atomic_load(&((sbs_stream_loop *)loop)->stopping);
}

size_t sbs_stream_loop_open_count(const sbs_stream_loop *loop) {
    return atomic_load(&((sbs_stream_loop *)loop)->open);
}

uint64_t sbs_stream_adopt(sbs_stream_loop *loop, int fd, const char *head, size_t head_len, int chunked,
                          const char *heartbeat, size_t heartbeat_len, unsigned heartbeat_ms, void *user) {
    if (atomic_load(&loop->stopping)) return 0;
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return 0;
    stream *s = calloc(1, sizeof *s + heartbeat_len);
    if (!s) return 0;
    s->fd = fd;
    s->chunked = chunked;
    s->user = user;
    s->heartbeat_ms = heartbeat_len ? heartbeat_ms : 0;
    s->heartbeat_len = heartbeat_len;
    if (heartbeat_len) memcpy(s->heartbeat, heartbeat, heartbeat_len);
    s->last_write_ms = now_ms();
    s->id = (atomic_fetch_add(&loop->sequence, 1) << 32) | (uint32_t)fd;
    s->buf = malloc(head_len ? head_len : 1);
    if (!s->buf) { free(s); return 0; }
    memcpy(s->buf, head, head_len);
    s->len = s->cap = head_len;
    atomic_fetch_add(&loop->open, 1);
    loop_thread *t = &loop->threads[(unsigned)fd % loop->thread_count];
    uint64_t id = s->id;
    if (enqueue(t, (command){ .kind = CMD_ADOPT, .id = id, .adopted = s }) != 0) {
        atomic_fetch_sub(&loop->open, 1);
        free(s->buf);
        free(s);
        return 0;
    }
    return id;
}

int sbs_stream_send(sbs_stream_loop *loop, uint64_t id, const char *bytes, size_t len) {
    if (len == 0) return 0;
    char *copy = malloc(len);
    if (!copy) return -1;
    memcpy(copy, bytes, len);
    loop_thread *t = &loop->threads[(unsigned)fd_of(id) % loop->thread_count];
    if (enqueue(t, (command){ .kind = CMD_SEND, .id = id, .bytes = copy, .len = len }) != 0) { free(copy); return -1; }
    return 0;
}

void sbs_stream_end(sbs_stream_loop *loop, uint64_t id) {
    loop_thread *t = &loop->threads[(unsigned)fd_of(id) % loop->thread_count];
    enqueue(t, (command){ .kind = CMD_END, .id = id });
}
