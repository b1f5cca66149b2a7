/* The handler pool: a complete request leaves libmicrohttpd's event loop for one of a few worker
   threads, which may block (durable commits, plugins built for ABI 1.0-1.2, REST handlers doing
   store work). A request answered later (sbs_response_defer, then sbs_response_answer from any
   thread) holds no thread while it waits: its connection stays suspended. */
#include "server_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void in_flight_add(sbs_server *s, sbs_response *r) {
    r->next = s->in_flight;
    if (s->in_flight) s->in_flight->prev = r;
    s->in_flight = r;
    s->in_flight_count++;
}

static void in_flight_remove(sbs_server *s, sbs_response *r) {
    if (r->prev) r->prev->next = r->next; else s->in_flight = r->next;
    if (r->next) r->next->prev = r->prev;
    r->prev = r->next = NULL;
    s->in_flight_count--;
}

/* Under server->lock. The connection goes back to MHD once its answer is decided and no worker
   still reads the request (whose strings live in the connection's pool); MHD then calls the
   access handler again, which queues the answer. Resuming writes MHD's eventfd once. */
static void resume_if_ready(sbs_response *r) {
    if (!r->answered || !r->handler_done || r->resumed) return;
    r->resumed = 1;
    in_flight_remove(r->server, r);
    MHD_resume_connection(r->connection);
    pthread_cond_broadcast(&r->server->drained);
}

void sbs_server_release(sbs_server *s) {
    if (atomic_fetch_sub(&s->refs, 1) != 1) return;
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->work);
    pthread_cond_destroy(&s->drained);
    free(s->workers);
    free(s);
}

void sbs_response_release(sbs_response *r) {
    if (atomic_fetch_sub(&r->refs, 1) != 1) return;
    if (r->mhd) MHD_destroy_response(r->mhd);
    free(r->headers.items);
    free(r->query.items);
    sbs_server *s = r->server;
    free(r);
    sbs_server_release(s);
}

static void *worker_main(void *arg) {
    sbs_server *s = arg;
    sbs_set_thread_name("http-worker");
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->queue_head && !s->workers_exit) pthread_cond_wait(&s->work, &s->lock);
        sbs_response *r = s->queue_head;
        if (!r) break;  /* exiting, and nothing is left to run */
        s->queue_head = r->next_queued;
        if (!s->queue_head) s->queue_tail = NULL;
        pthread_mutex_unlock(&s->lock);

        s->handler(s->user, &r->request, r);

        pthread_mutex_lock(&s->lock);
        r->handler_done = 1;
        if (!r->deferred) r->answered = 1;  /* what the handler set is the answer (none: 500) */
        resume_if_ready(r);
        pthread_mutex_unlock(&s->lock);
        sbs_response_release(r);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

int sbs_workers_start(sbs_server *s, unsigned count, size_t stack_size) {
    s->workers = calloc(count, sizeof *s->workers);
    if (!s->workers) return 0;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setstacksize(&attributes, stack_size);
    for (unsigned i = 0; i < count; i++) {
        if (pthread_create(&s->workers[i], &attributes, worker_main, s) != 0) break;
        s->worker_count++;
    }
    pthread_attr_destroy(&attributes);
    return s->worker_count == count;
}

void sbs_response_defer(sbs_response *r) {
    pthread_mutex_lock(&r->server->lock);
    if (!r->deferred && !r->handler_done) {
        r->deferred = 1;
        atomic_fetch_add(&r->refs, 1);  /* the deferring caller's, until sbs_response_answer */
    }
    pthread_mutex_unlock(&r->server->lock);
}

static struct MHD_Response *build(int status, const char *content_type, const char *body, size_t body_len,
                                  const sbs_pair *headers, size_t header_count) {
    (void)status;
    struct MHD_Response *mhd = MHD_create_response_from_buffer(body_len, (void *)(body ? body : ""), MHD_RESPMEM_MUST_COPY);
    if (!mhd) return NULL;
    if (content_type) MHD_add_response_header(mhd, "Content-Type", content_type);
    for (size_t i = 0; i < header_count; i++) MHD_add_response_header(mhd, headers[i].name, headers[i].value);
    return mhd;
}

/* Under server->lock: the host is stopping and this request will not be served. */
static void answer_stopping(sbs_response *r) {
    static const char body[] = "{\"error\":\"unavailable\",\"message\":\"the host is stopping; retry shortly\"}";
    static const sbs_pair retry = { "Retry-After", "2" };
    if (r->mhd) MHD_destroy_response(r->mhd);
    r->mhd = build(503, "application/json", body, sizeof body - 1, &retry, 1);
    r->status = 503;
    r->answered = 1;
}

void sbs_workers_submit(sbs_server *s, sbs_response *r) {
    pthread_mutex_lock(&s->lock);
    in_flight_add(s, r);
    int orphan = s->workers_exit;  /* arrived while the workers were leaving */
    if (orphan) {
        r->handler_done = 1;
        answer_stopping(r);
        resume_if_ready(r);
    } else {
        if (s->queue_tail) s->queue_tail->next_queued = r; else s->queue_head = r;
        s->queue_tail = r;
    }
    pthread_mutex_unlock(&s->lock);
    if (orphan) sbs_response_release(r);  /* the worker's reference: no worker will take it */
    else pthread_cond_signal(&s->work);
}

int sbs_inline_returned(sbs_server *s, sbs_response *r) {
    pthread_mutex_lock(&s->lock);
    r->handler_done = 1;
    if (!r->deferred) r->answered = 1;
    /* Stopping: the drain may have passed already, and MHD must not find it suspended at stop. */
    else if (!r->answered && s->workers_exit) answer_stopping(r);
    int at_once = r->answered && !r->suspended;
    if (at_once) {
        r->resumed = 1;  /* never suspended: nothing will resume it */
    } else {
        /* Deferred (the answer may come from any thread from now on), or its socket went to a
           stream: wait suspended, in flight, as a worker's request does. Under the lock, so an
           answer arriving meanwhile finds it suspended before it resumes it. */
        if (!r->suspended) {
            MHD_suspend_connection(r->connection);
            r->suspended = 1;
        }
        in_flight_add(s, r);
        resume_if_ready(r);
    }
    pthread_mutex_unlock(&s->lock);
    sbs_response_release(r);  /* the handler's reference (a worker's, on the worker path) */
    return at_once;
}

int sbs_response_answer(sbs_response *r, int status, const char *content_type, const char *body, size_t body_len,
                        const sbs_pair *headers, size_t header_count) {
    struct MHD_Response *mhd = build(status, content_type, body, body_len, headers, header_count);
    sbs_server *s = r->server;
    pthread_mutex_lock(&s->lock);
    int taken = r->deferred && !r->answered;
    if (taken) {
        if (r->mhd) MHD_destroy_response(r->mhd);
        r->mhd = mhd;
        r->status = status;
        r->answered = 1;
        resume_if_ready(r);
    }
    pthread_mutex_unlock(&s->lock);
    if (!taken && mhd) MHD_destroy_response(mhd);
    if (r->deferred) sbs_response_release(r);
    return taken;
}

void sbs_workers_stop(sbs_server *s, unsigned drain_ms) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += drain_ms / 1000;
    deadline.tv_nsec += (long)(drain_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }

    pthread_mutex_lock(&s->lock);
    atomic_store(&s->refusing, 1);
    while (s->in_flight_count > 0)
        if (pthread_cond_timedwait(&s->drained, &s->lock, &deadline) == ETIMEDOUT) break;
    s->workers_exit = 1;
    pthread_mutex_unlock(&s->lock);
    pthread_cond_broadcast(&s->work);
    /* Workers finish what is queued (each blocking handler returns), then exit. */
    for (unsigned i = 0; i < s->worker_count; i++) pthread_join(s->workers[i], NULL);

    pthread_mutex_lock(&s->lock);
    while (s->in_flight) {
        sbs_response *r = s->in_flight;
        if (!r->answered) answer_stopping(r);  /* deferred, and its answer did not come within the drain */
        resume_if_ready(r);
    }
    pthread_mutex_unlock(&s->lock);
}
