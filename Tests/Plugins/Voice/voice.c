/*
** voice.c -- a test-only voice channel: a phone line that speaks replies. Its manifest says
** "spoken" (so an Agent Stack gets the spoken output rule) and declares two channel actions
** (ABI 1.3 perform_action). Tests/IntegrationTests/StackChannelTests.swift builds it with cc,
** packs it and loads it into the real host. POST /say?from=<phone>&id=<call id> with the caller's
** words as the body ingests them; GET /last-action answers the last action performed, as the
** plugin received it. transfer_to_queue to "closed" fails with a reason; to "hang" it does not
** return for a minute (a stuck provider call: the host's bound on perform_action gives it up).
** Plain C11; never shipped.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "switchboard_plugin.h"

#define VOICE_EXPORT __attribute__((visibility("default")))

typedef struct voice { const sb_host_api *host; sb_instance_ctx *ctx; } voice;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char last_action[2048];

static sb_str str(const char *s) { sb_str r = { s, strlen(s) }; return r; }

static sb_status voice_create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info, void **instance,
                              char *err, size_t err_cap)
{
    (void)info; (void)err; (void)err_cap;
    voice *v = malloc(sizeof *v);
    if (!v) return SB_ERR_INTERNAL;
    v->host = host;
    v->ctx = ctx;
    *instance = v;
    return SB_OK;
}

static sb_status voice_start(void *instance, char *err, size_t err_cap) { (void)instance; (void)err; (void)err_cap; return SB_OK; }
static void voice_stop(void *instance) { (void)instance; }
static void voice_destroy(void *instance) { free(instance); }

/* The value of `name` in a query string (no decoding: tests send plain values). */
static void query_value(sb_str query, const char *name, char *out, size_t cap)
{
    size_t n = strlen(name), i = 0;
    out[0] = 0;
    while (i < query.len) {
        size_t end = i;
        while (end < query.len && query.ptr[end] != '&') end++;
        if (end - i > n && strncmp(query.ptr + i, name, n) == 0 && query.ptr[i + n] == '=') {
            size_t len = end - i - n - 1;
            if (len >= cap) len = cap - 1;
            memcpy(out, query.ptr + i + n + 1, len);
            out[len] = 0;
            return;
        }
        i = end + 1;
    }
}

static int path_is(sb_str path, const char *want) { return path.len == strlen(want) && memcmp(path.ptr, want, path.len) == 0; }

static void voice_handle_http(void *instance, const sb_http_request *request, sb_http_exchange *exchange)
{
    voice *v = instance;
    if (path_is(request->path, "/last-action")) {
        pthread_mutex_lock(&lock);
        char copy[sizeof last_action];
        memcpy(copy, last_action, sizeof copy);
        pthread_mutex_unlock(&lock);
        v->host->http_respond(exchange, 200, str("application/json"), str(copy[0] ? copy : "{}"));
        return;
    }
    if (!path_is(request->path, "/say")) {
        v->host->http_respond(exchange, 404, str("text/plain"), str("no such endpoint"));
        return;
    }
    char from[64], id[64], err[256] = {0};
    query_value(request->query, "from", from, sizeof from);
    query_value(request->query, "id", id, sizeof id);
    sb_inbound_message m;
    memset(&m, 0, sizeof m);
    m.struct_size = sizeof m;
    m.abi_minor = SB_ABI_MINOR;
    m.identity_kind = str("phone");
    m.identity_value = str(from);
    m.provider_message_id = str(id);
    m.text = request->body;
    m.format = SB_FORMAT_PLAIN;
    sb_ingest_result result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    sb_status status = v->host->ingest(v->ctx, &m, &result, err, sizeof err);
    if (status == SB_OK || status == SB_DUPLICATE) {
        char body[128];
        snprintf(body, sizeof body, "{\"conversation_id\": \"%s\"}", result.conversation_id);
        v->host->http_respond(exchange, 200, str("application/json"), str(body));
    } else {
        v->host->http_respond(exchange, status == SB_ERR_INVALID ? 400 : 503, str("text/plain"), str(err));
    }
}

static sb_status voice_deliver(void *instance, const sb_outbound_message *message, sb_delivery_result *result,
                               char *err, size_t err_cap)
{
    (void)instance; (void)err; (void)err_cap;
    result->outcome = SB_DELIVERY_SENT; /* spoken on the call */
    snprintf(result->provider_message_id, sizeof result->provider_message_id, "spoken-%lld", (long long)message->message_id);
    return SB_OK;
}

static sb_status voice_perform_action(void *instance, const sb_action_request *request, sb_delivery_result *result,
                                      char *err, size_t err_cap)
{
    (void)instance; (void)err; (void)err_cap;
    pthread_mutex_lock(&lock);
    snprintf(last_action, sizeof last_action, "{\"action\": \"%.*s\", \"arguments\": %.*s, \"to\": \"%.*s\", \"window\": %d}",
             (int)request->action.len, request->action.ptr, (int)request->arguments_json.len, request->arguments_json.ptr,
             (int)request->identity_value.len, request->identity_value.ptr, (int)request->reply_window);
    pthread_mutex_unlock(&lock);
    char arguments[1024];
    size_t n = request->arguments_json.len < sizeof arguments - 1 ? request->arguments_json.len : sizeof arguments - 1;
    memcpy(arguments, request->arguments_json.ptr ? request->arguments_json.ptr : "", n);
    arguments[n] = 0;
    if (strstr(arguments, "\"closed\"")) {
        result->outcome = SB_DELIVERY_REJECTED;
        snprintf(result->detail, sizeof result->detail, "the queue is closed at this hour");
        return SB_OK;
    }
    if (strstr(arguments, "\"hang\"")) {
        struct timespec minute = { 60, 0 };
        nanosleep(&minute, NULL);
    }
    result->outcome = SB_DELIVERY_SENT;
    snprintf(result->provider_message_id, sizeof result->provider_message_id, "action-%.*s", (int)request->action.len, request->action.ptr);
    return SB_OK;
}

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
    .min_host_minor = 3,
    .id = { "voicefixture", 12 },
    .version = { "1.0.0", 5 },
    .flags = 0,
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT, SB_FORMAT_PLAIN, 600 },
    .create = voice_create,
    .start = voice_start,
    .stop = voice_stop,
    .destroy = voice_destroy,
    .handle_http = voice_handle_http,
    .deliver = voice_deliver,
    .perform_action = voice_perform_action,
};

VOICE_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);
VOICE_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &descriptor; }
