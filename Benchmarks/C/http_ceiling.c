/*
** http_ceiling.c -- the HTTP ceiling for scripts/bench: a bare libmicrohttpd server that reads a
** POST body (up to 64 KiB) and answers a small JSON body, with no application work at all.
**
** usage: http_ceiling pool [threads]          internal thread pool over epoll with MHD_USE_TURBO
**                                             (threads: the cores): the fastest mode MHD offers
**        http_ceiling thread-per-connection   one thread per connection, as the host serves today
** prints "port N" on stdout and serves until stdin closes.
*/
#define _DEFAULT_SOURCE
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct body { size_t len; char data[65536]; } body;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)cls; (void)url; (void)method; (void)version;
    body *b = *state;
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b) return MHD_NO;
        *state = b;
        return MHD_YES;
    }
    if (*upload_size) {
        size_t n = *upload_size;
        if (b->len + n > sizeof b->data) n = sizeof b->data - b->len;
        memcpy(b->data + b->len, upload, n);
        b->len += n;
        *upload_size = 0;
        return MHD_YES;
    }
    char reply[128];
    int n = snprintf(reply, sizeof reply, "{\"status\":\"stored\",\"bytes\":%zu}", b->len);
    struct MHD_Response *r = MHD_create_response_from_buffer((size_t)n, reply, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, 201, r);
    MHD_destroy_response(r);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
    (void)cls; (void)c; (void)toe;
    free(*state);
    *state = NULL;
}

int main(int argc, char **argv)
{
    int pool = argc < 2 || strcmp(argv[1], "pool") == 0;
    long threads = argc > 2 ? atol(argv[2]) : 0;
    if (threads <= 0) threads = sysconf(_SC_NPROCESSORS_ONLN);
    struct MHD_Daemon *d = pool
        ? MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0, NULL, NULL, on_request, NULL,
                           MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)threads,
                           MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                           MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_END)
        : MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL, NULL,
                           on_request, NULL,
                           MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                           MHD_OPTION_CONNECTION_LIMIT, 4096u,
                           MHD_OPTION_THREAD_STACK_SIZE, (size_t)(512 * 1024), MHD_OPTION_END);
    if (!d) { fprintf(stderr, "http_ceiling: cannot start\n"); return 1; }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("port %u\n", info ? info->port : 0);
    fflush(stdout);
    char buf[64];
    while (read(0, buf, sizeof buf) > 0) {}
    MHD_stop_daemon(d);
    return 0;
}
