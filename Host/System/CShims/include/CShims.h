/*
** CShims: thin C wrappers around the variadic C APIs Swift cannot call
** (MHD_start_daemon, curl_easy_setopt). Each wrapper does one whole job so
** the Swift side never touches a va_list.
*/
#ifndef SWITCHBOARD_CSHIMS_H
#define SWITCHBOARD_CSHIMS_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* HTTP server (libmicrohttpd)                                         */
/* ------------------------------------------------------------------ */

/** A name/value pair, NUL-terminated strings owned by libmicrohttpd. */
typedef struct sbs_pair {
    const char *name;
    const char *value;
} sbs_pair;

/** One complete request, body fully read. Valid for the handler call only. */
typedef struct sbs_request {
    const char *method;
    const char *path;            /* percent-decoded path, no query */
    const sbs_pair *headers;
    size_t header_count;
    const sbs_pair *query;       /* decoded query arguments */
    size_t query_count;
    const char *body;
    size_t body_len;
    const char *remote_address;  /* "127.0.0.1" */
} sbs_request;

/** The response under construction. Opaque. */
typedef struct sbs_response sbs_response;

/** Set status and body (copied). Content type may be NULL. */
void sbs_response_set(sbs_response *response, int status, const char *content_type,
                      const char *body, size_t body_len);
/** Add a header (copied). */
void sbs_response_add_header(sbs_response *response, const char *name, const char *value);

/**
** Answer later instead: called inside the handler, it keeps the response (and the connection,
** suspended: no thread waits) after the handler returns, until sbs_response_answer. Any thread
** may answer, exactly once; after it only sbs_response_answer may touch the response.
*/
void sbs_response_defer(sbs_response *response);
/**
** The answer of a deferred response (everything copied); frees the caller's hold on it. Returns 1,
** or 0 when the server answered already (it stopped: 503) and this answer was dropped.
*/
int sbs_response_answer(sbs_response *response, int status, const char *content_type, const char *body,
                        size_t body_len, const sbs_pair *headers, size_t header_count);

/* ------------------------------------------------------------------ */
/* Stream loop (streams.c): long responses without a thread each       */
/* ------------------------------------------------------------------ */

typedef struct sbs_stream_loop sbs_stream_loop;
/** A stream's connection ended (client gone, ended, too far behind, or the loop stopping).
    Called once per adopted stream, on a loop thread; must not block. */
typedef void (*sbs_stream_ended)(void *loop_user, uint64_t id, void *stream_user);

/** Start `threads` epoll threads. Streams more than max_pending bytes behind are cut off. */
sbs_stream_loop *sbs_stream_loop_start(unsigned threads, size_t max_pending, sbs_stream_ended ended, void *user);
/** End every stream (each reports ended), join the threads, free. */
void sbs_stream_loop_stop(sbs_stream_loop *loop);
size_t sbs_stream_loop_open_count(const sbs_stream_loop *loop);
/** 1 until the loop is stopping. */
int sbs_stream_loop_accepting(const sbs_stream_loop *loop);
/** Own a connected socket: send head (the response header block), then what sbs_stream_send
    queues, framed as chunks when chunked; heartbeat after heartbeat_ms of silence (0 or an
    empty heartbeat: none). Returns the stream id, or 0 (the caller keeps fd). Any thread. */
uint64_t sbs_stream_adopt(sbs_stream_loop *loop, int fd, const char *head, size_t head_len, int chunked,
                          const char *heartbeat, size_t heartbeat_len, unsigned heartbeat_ms, void *user);
/** Queue bytes (copied) on a stream; a stream that ended drops them. Any thread, never blocks. */
int sbs_stream_send(sbs_stream_loop *loop, uint64_t id, const char *bytes, size_t len);
/** End the stream once what is queued is written. Any thread, never blocks. */
void sbs_stream_end(sbs_stream_loop *loop, uint64_t id);

/**
** Answer with a stream served by the loop: inside the handler, write the status line and
** headers and hand the connection's socket to the loop (the server forgets the connection).
** Returns the stream id, or 0 if it could not (then answer normally). stream_user is passed to
** the loop's ended callback.
*/
uint64_t sbs_response_detach_stream(sbs_response *response, sbs_stream_loop *loop, int status, const char *content_type,
                                    const sbs_pair *headers, size_t header_count,
                                    const char *heartbeat, size_t heartbeat_len, unsigned heartbeat_ms, void *stream_user);

/** The application's handler: fill response with the sbs_response_* calls. It runs on one of the
    server's worker threads, so it may block; or, for a request runs_inline accepted, on the
    event-loop thread itself, where it must not. */
typedef void (*sbs_handler)(void *user, const sbs_request *request, sbs_response *response);

typedef struct sbs_server sbs_server;

/** Whether a request's handler never blocks, so it may run on the event-loop thread that read
    the request (no hand-off to a worker; the loop's other connections wait while it runs).
    Called on a loop thread with the request's method and decoded path, once its body is in;
    must be quick and never block. */
typedef int (*sbs_runs_inline)(void *user, const char *method, const char *path);

typedef struct sbs_server_options {
    const char *bind_address;        /* "127.0.0.1" */
    uint16_t port;                   /* 0 = pick a free port */
    size_t max_body_bytes;           /* larger bodies get 413 before the handler runs */
    unsigned connection_timeout_s;   /* idle connections are closed after this */
    unsigned connection_limit;       /* concurrent connections */
    unsigned loop_threads;           /* epoll event loops serving every connection */
    unsigned worker_threads;         /* threads running handlers (which may block) */
    unsigned drain_ms;               /* at stop, how long requests in flight may still take */
    sbs_runs_inline runs_inline;     /* NULL: every handler runs on a worker */
} sbs_server_options;

/** Start serving. Returns NULL and fills err on failure. */
sbs_server *sbs_server_start(const sbs_server_options *options, sbs_handler handler, void *user,
                             char *err, size_t err_cap);
/** The port actually bound. */
uint16_t sbs_server_port(const sbs_server *server);
/** Stop accepting; requests in flight get drain_ms to finish, then 503; close every connection.
    Deferred responses answered afterwards are dropped (sbs_response_answer returns 0). */
void sbs_server_stop(sbs_server *server);

/* ------------------------------------------------------------------ */
/* Threads                                                             */
/* ------------------------------------------------------------------ */

/** Name the calling thread (cut to 15 bytes), for top -H, perf and debuggers. */
void sbs_set_thread_name(const char *name);

/* ------------------------------------------------------------------ */
/* SQLite                                                              */
/* ------------------------------------------------------------------ */

/** Process-wide SQLite settings; call before the first connection opens. Returns SQLite's code. */
int sbs_sqlite_configure(void);

/* ------------------------------------------------------------------ */
/* HTTP client (libcurl)                                               */
/* ------------------------------------------------------------------ */

/**
** Decides whether a connection may be opened to one resolved address: family is AF_INET (4
** bytes) or AF_INET6 (16 bytes). Nonzero allows. Called on the thread running sbc_perform, for
** every connection of the transfer (each address tried, each redirect), before connect().
*/
typedef int (*sbc_address_check)(void *user, int family, const unsigned char *address);

typedef struct sbc_request {
    const char *method;
    const char *url;                 /* NUL-terminated */
    const char *const *headers;      /* "Name: value" lines */
    size_t header_count;
    const char *body;
    size_t body_len;
    long timeout_ms;
    long connect_timeout_ms;
    const char *basic_auth;          /* "user:password" or NULL */
    sbc_address_check check_address; /* NULL: any address; else also a fresh connection, never a reused one */
    void *check_user;                /* passed to check_address; owned by the caller */
} sbc_request;

typedef struct sbc_response {
    long status;
    char *headers;                   /* raw header block of the final response, malloc'd */
    size_t headers_len;
    char *body;                      /* malloc'd */
    size_t body_len;
} sbc_response;

/** Result codes of sbc_perform. */
#define SBC_OK 0
#define SBC_ERR_TIMEOUT 1
#define SBC_ERR_CONNECT 2
#define SBC_ERR_OTHER 3
#define SBC_ERR_REFUSED 4  /* check_address refused every address */

/**
** Perform one request on a handle kept per thread (so keep-alive connections
** are reused). Fills response (free with sbc_response_free) on SBC_OK.
*/
int sbc_perform(const sbc_request *request, sbc_response *response, char *err, size_t err_cap);
void sbc_response_free(sbc_response *response);

/** One mail handed to an SMTP server by libcurl. Every pointer is the caller's, read during the call only. */
typedef struct sbc_mail {
    const char *url;                 /* smtp://host:port or smtps://host:port */
    int starttls;                    /* 1: STARTTLS is required on smtp:// (CURLUSESSL_ALL) */
    const char *username;            /* NULL: no AUTH */
    const char *password;
    const char *from;                /* the envelope sender, "<a@b>" */
    const char *const *recipients;   /* envelope recipients, "<a@b>" */
    size_t recipient_count;
    const char *message;             /* the whole RFC 5322 message, CRLF line ends */
    size_t message_len;
    long timeout_ms;
} sbc_mail;

/** Send one mail (a fresh handle: SMTP sessions are not kept). SBC_OK when the server accepted it. */
int sbc_smtp_send(const sbc_mail *mail, char *err, size_t err_cap);

#endif
