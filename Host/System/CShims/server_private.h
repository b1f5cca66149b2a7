/* Shared by server.c (libmicrohttpd, on its event-loop threads) and server_workers.c (the
   handler pool and answering): a request's life from the loop to a worker and back. */
#ifndef SWITCHBOARD_SERVER_PRIVATE_H
#define SWITCHBOARD_SERVER_PRIVATE_H

#include "CShims.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

typedef struct pair_list {
    sbs_pair *items;
    size_t count;
    size_t cap;
} pair_list;

struct sbs_server {
    struct MHD_Daemon *daemon;
    MHD_socket listener;            /* taken back from MHD at stop (quiesce), closed after it */
    sbs_handler handler;
    sbs_runs_inline runs_inline;    /* NULL: every handler runs on a worker */
    void *user;
    size_t max_body;
    unsigned drain_ms;              /* at stop, how long requests in flight may take */
    uint16_t port;
    /* 1 for the owner until sbs_server_stop, + 1 per live request: a late answer after stop
       still finds the lock. */
    atomic_uint refs;
    pthread_mutex_t lock;           /* guards what follows and each request's answer flags */
    pthread_cond_t work;            /* a request was queued, or the workers must exit */
    pthread_cond_t drained;         /* an in-flight request was resumed */
    sbs_response *queue_head, *queue_tail;  /* waiting for a worker, in arrival order */
    sbs_response *in_flight;        /* every request not yet resumed (doubly linked) */
    size_t in_flight_count;
    size_t deferred_count;          /* in flight with no worker (answered later) */
    atomic_int refusing;            /* stopping: new requests get 503 at once */
    int workers_exit;
    pthread_t *workers;
    unsigned worker_count;
};

/* One request from its last body byte to its answer. The connection is suspended meanwhile, so
   MHD's loop neither reads it nor touches its socket; the strings in `request` stay in the
   connection's pool until it is resumed. */
struct sbs_response {
    sbs_server *server;
    struct MHD_Connection *connection;
    sbs_request request;
    pair_list headers, query;
    char remote[INET6_ADDRSTRLEN];
    struct MHD_Response *mhd;
    int status;
    int http11;
    int detached;          /* the socket went to a stream loop: MHD closes a stand-in */
    int on_loop;           /* the handler runs on the event-loop thread (runs_inline) */
    int suspended;         /* MHD_suspend_connection ran (on the loop thread) */
    /* Under server->lock: */
    int deferred;          /* sbs_response_defer ran: only sbs_response_answer may answer */
    int answered;          /* the response is decided */
    int handler_done;      /* no worker runs the handler any more */
    int resumed;           /* handed back to MHD: answered and handler_done */
    /* The connection (until MHD completes it), the worker (until the handler returns), and a
       deferring caller (until sbs_response_answer). */
    atomic_uint refs;
    sbs_response *next_queued;
    sbs_response *prev, *next;
};

/* server_workers.c */
int sbs_workers_start(sbs_server *server, unsigned count, size_t stack_size);
/* Queue a request for a worker (its connection is suspended already). On the loop thread. */
void sbs_workers_submit(sbs_server *server, sbs_response *r);
/* Stop: refuse new requests, wait up to drain_ms for those in flight, join the workers, answer
   503 to what is left (each resumed), so MHD_stop_daemon sees no suspended connection. */
void sbs_workers_stop(sbs_server *server, unsigned drain_ms);
/* The handler ran on the loop thread, inside MHD's access handler. Returns 1 when the answer is
   decided and the connection was never suspended: the caller queues it at once. Otherwise the
   connection is now suspended and in flight, as a worker's request is, until its answer. */
int sbs_inline_returned(sbs_server *server, sbs_response *r);
void sbs_response_release(sbs_response *r);
void sbs_server_release(sbs_server *server);

#endif
