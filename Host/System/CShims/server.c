/* libmicrohttpd in epoll mode on a few event-loop threads: collects a whole request, suspends
   its connection, hands it to the worker pool (server_workers.c), queues the answer on resume.
   A request whose handler never blocks (runs_inline) runs on the loop thread instead: answered
   at once without a suspension, or suspended only if the handler deferred its answer. */
#include "server_private.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Per-request state on the connection, freed in on_completed. */
typedef struct request_state {
    char *body;
    size_t len;
    size_t cap;
    int too_large;
    sbs_response *job;       /* set once the request went to a worker; answered when resumed */
} request_state;

static enum MHD_Result collect_pair(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
    (void)kind;
    pair_list *list = cls;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        sbs_pair *items = realloc(list->items, cap * sizeof(sbs_pair));
        if (!items) return MHD_NO;
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count].name = key;
    list->items[list->count].value = value ? value : "";
    list->count++;
    return MHD_YES;
}

void sbs_response_set(sbs_response *r, int status, const char *content_type, const char *body, size_t body_len) {
    if (r->mhd) MHD_destroy_response(r->mhd);
    r->mhd = MHD_create_response_from_buffer(body_len, (void *)(body ? body : ""), MHD_RESPMEM_MUST_COPY);
    r->status = status;
    if (r->mhd && content_type) MHD_add_response_header(r->mhd, "Content-Type", content_type);
}

void sbs_response_add_header(sbs_response *r, const char *name, const char *value) {
    if (!r->mhd) sbs_response_set(r, r->status ? r->status : 200, NULL, NULL, 0);
    if (r->mhd) MHD_add_response_header(r->mhd, name, value);
}

/* Take the connection's socket away from libmicrohttpd: our duplicate keeps the socket, and a
   fresh unconnected socket takes its descriptor number, so whatever MHD does next (shutdown,
   close) touches only the stand-in. The handler runs while the connection is suspended (out of
   MHD's epoll set since before the dup), so nothing else uses that descriptor meanwhile. */
static int take_socket(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!info) return -1;
    int fd = info->connect_fd;
    int mine = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (mine < 0) return -1;
    int stand_in = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (stand_in < 0 || dup2(stand_in, fd) < 0) {
        if (stand_in >= 0) close(stand_in);
        close(mine);
        return -1;
    }
    close(stand_in);
    return mine;
}

uint64_t sbs_response_detach_stream(sbs_response *r, sbs_stream_loop *loop, int status, const char *content_type,
                                    const sbs_pair *headers, size_t header_count,
                                    const char *heartbeat, size_t heartbeat_len, unsigned heartbeat_ms, void *user) {
    /* Checked before the socket changes hands: after that, a refusal could not be answered. */
    if (!r->connection || !sbs_stream_loop_accepting(loop)) return 0;
    /* On the loop thread the connection is still in MHD's epoll set: out of it before the
       socket changes hands (sbs_inline_returned then resumes it, and MHD closes the stand-in). */
    if (r->on_loop && !r->suspended) {
        MHD_suspend_connection(r->connection);
        r->suspended = 1;
    }
    size_t cap = 256 + (content_type ? strlen(content_type) : 0);
    for (size_t i = 0; i < header_count; i++) cap += strlen(headers[i].name) + strlen(headers[i].value) + 4;
    char *head = malloc(cap);
    if (!head) return 0;
    const char *reason = MHD_get_reason_phrase_for((unsigned)status);
    size_t len = (size_t)snprintf(head, cap, "HTTP/1.%d %d %s\r\n", r->http11 ? 1 : 0, status, reason ? reason : "");
    if (content_type) len += (size_t)snprintf(head + len, cap - len, "Content-Type: %s\r\n", content_type);
    for (size_t i = 0; i < header_count; i++)
        len += (size_t)snprintf(head + len, cap - len, "%s: %s\r\n", headers[i].name, headers[i].value);
    /* HTTP/1.1 clients get a chunked body (as libmicrohttpd sent it); 1.0 clients a body that ends at close. */
    len += (size_t)snprintf(head + len, cap - len, "%sConnection: close\r\n\r\n",
                            r->http11 ? "Transfer-Encoding: chunked\r\n" : "");
    int fd = take_socket(r->connection);
    if (fd < 0) { free(head); return 0; }
    uint64_t id = sbs_stream_adopt(loop, fd, head, len, r->http11, heartbeat, heartbeat_len, heartbeat_ms, user);
    free(head);
    if (id == 0) { close(fd); return 0; }
    r->detached = 1;
    return id;
}

static enum MHD_Result queue_simple(struct MHD_Connection *c, unsigned status, const char *json) {
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", "application/json");
    if (status == 503) MHD_add_response_header(resp, "Retry-After", "2");
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Called again after the resume, on the loop thread: queue what the worker or the later answer decided. */
static enum MHD_Result queue_answer(struct MHD_Connection *connection, sbs_response *r) {
    if (r->detached) return MHD_NO; /* MHD closes its stand-in socket; the stream loop owns the real one */
    if (!r->mhd) {
        return queue_simple(connection, 500, "{\"error\":\"internal\",\"message\":\"no response was produced\"}");
    }
    enum MHD_Result ret = MHD_queue_response(connection, (unsigned)(r->status ? r->status : 200), r->mhd);
    MHD_destroy_response(r->mhd);
    r->mhd = NULL;
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
    sbs_server *server = cls;
    request_state *state = *con_cls;
    if (state == NULL) {
        state = calloc(1, sizeof *state);
        if (!state) return MHD_NO;
        *con_cls = state;
        const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length");
        if (length && strtoull(length, NULL, 10) > server->max_body) state->too_large = 1;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!state->too_large) {
            size_t need = state->len + *upload_data_size;
            if (need > server->max_body) {
                state->too_large = 1;
            } else {
                if (need > state->cap) {
                    size_t cap = state->cap ? state->cap : 1024;
                    while (cap < need) cap *= 2;
                    char *body = realloc(state->body, cap);
                    if (!body) return MHD_NO;
                    state->body = body;
                    state->cap = cap;
                }
                memcpy(state->body + state->len, upload_data, *upload_data_size);
                state->len = need;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (state->job) return queue_answer(connection, state->job);
    if (state->too_large) {
        return queue_simple(connection, 413,
                            "{\"error\":\"payload_too_large\",\"message\":\"request body exceeds the size limit\"}");
    }
    if (atomic_load(&server->refusing)) {
        return queue_simple(connection, 503, "{\"error\":\"unavailable\",\"message\":\"the host is stopping; retry shortly\"}");
    }

    sbs_response *r = calloc(1, sizeof *r);
    if (!r) return MHD_NO;
    r->server = server;
    r->connection = connection;
    atomic_init(&r->refs, 2);  /* the connection's (on_completed) and the worker's */
    atomic_fetch_add(&server->refs, 1);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_pair, &r->headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_pair, &r->query);
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info && info->client_addr) {
        const struct sockaddr *sa = info->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->remote, sizeof r->remote);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->remote, sizeof r->remote);
    }
    r->request = (sbs_request){
        .method = method, .path = url,
        .headers = r->headers.items, .header_count = r->headers.count,
        .query = r->query.items, .query_count = r->query.count,
        .body = state->body ? state->body : "", .body_len = state->len,
        .remote_address = r->remote,
    };
    r->http11 = version && strcmp(version, "HTTP/1.0") != 0;
    state->job = r;
    if (server->runs_inline && server->runs_inline(server->user, method, url)) {
        r->on_loop = 1;
        server->handler(server->user, &r->request, r);
        return sbs_inline_returned(server, r) ? queue_answer(connection, r) : MHD_YES;
    }
    /* Suspended before a worker can see it, so the worker's resume always finds it suspended. */
    MHD_suspend_connection(connection);
    r->suspended = 1;
    sbs_workers_submit(server, r);
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
    (void)cls; (void)connection; (void)toe;
    request_state *state = *con_cls;
    if (state) {
        if (state->job) sbs_response_release(state->job);
        free(state->body);
        free(state);
        *con_cls = NULL;
    }
}

static void fill_err(char *err, size_t cap, const char *msg) {
    if (err && cap) snprintf(err, cap, "%s", msg);
}

/* After a failed start: nothing was served yet. */
static sbs_server *abandon(sbs_server *server, char *err, size_t err_cap, const char *why) {
    fill_err(err, err_cap, why);
    sbs_workers_stop(server, 0);
    sbs_server_release(server);
    return NULL;
}

sbs_server *sbs_server_start(const sbs_server_options *o, sbs_handler handler, void *user, char *err, size_t err_cap) {
    sbs_server *server = calloc(1, sizeof *server);
    if (!server) { fill_err(err, err_cap, "out of memory"); return NULL; }
    server->handler = handler;
    server->runs_inline = o->runs_inline;
    server->user = user;
    server->max_body = o->max_body_bytes;
    server->drain_ms = o->drain_ms;
    server->listener = MHD_INVALID_SOCKET;
    atomic_init(&server->refs, 1);
    atomic_init(&server->refusing, 0);
    pthread_mutex_init(&server->lock, NULL);
    pthread_cond_init(&server->work, NULL);
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&server->drained, &monotonic);
    pthread_condattr_destroy(&monotonic);

    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(o->port);
    if (inet_pton(AF_INET, o->bind_address ? o->bind_address : "127.0.0.1", &addr.sin_addr) != 1)
        return abandon(server, err, err_cap, "bind address is not an IPv4 address");
    /* Handlers may block (durable commits, ABI 1.0-1.2 plugins), so they run on this pool, never
       on an event-loop thread; 512 KB stacks as MHD's threads had. */
    if (!sbs_workers_start(server, o->worker_threads ? o->worker_threads : 1, (size_t)(512 * 1024)))
        return abandon(server, err, err_cap, "could not start the HTTP worker threads");
    unsigned loops = o->loop_threads ? o->loop_threads : 1;
    server->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG,
        o->port, NULL, NULL, on_request, server,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        /* One epoll loop per thread; MHD spreads accepted sockets over them. */
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)(loops > 1 ? loops : 0),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o->connection_timeout_s,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)o->connection_limit,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, server,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(512 * 1024),
        /* Headers and upload chunks pass through this per-connection pool; 16 KB instead of the
           default 32 KB keeps each idle keep-alive connection smaller. */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
        MHD_OPTION_END);
    if (!server->daemon) return abandon(server, err, err_cap, "could not start the HTTP server (address in use or not allowed)");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    server->port = info ? info->port : o->port;
    return server;
}

uint16_t sbs_server_port(const sbs_server *server) { return server->port; }

void sbs_server_stop(sbs_server *server) {
    if (!server) return;
    /* Stop accepting, let the requests in flight finish (bounded), answer the rest 503; only
       then may MHD stop: it must not find a suspended connection. */
    server->listener = MHD_quiesce_daemon(server->daemon);
    sbs_workers_stop(server, server->drain_ms);
    MHD_stop_daemon(server->daemon);
    server->daemon = NULL;
    if (server->listener != MHD_INVALID_SOCKET) close(server->listener);
    sbs_server_release(server);
}
