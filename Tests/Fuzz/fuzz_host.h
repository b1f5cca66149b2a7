/*
** fuzz_host.h -- the fake host of the libFuzzer harnesses (scripts/fuzz): every sb_host_api
** service a webhook handler may call, answering like the real host would with a working store.
** ingest refuses what the real host refuses (empty identity, id or content) with
** SB_ERR_INVALID; credentials are fixed; key-value state is empty; outbound HTTP is refused.
** fuzz_call() runs one handle_http() and aborts when the answer is a 5xx or missing: malformed
** input is the sender's fault, and a provider retries a 5xx forever.
*/
#ifndef SWITCHBOARD_FUZZ_HOST_H
#define SWITCHBOARD_FUZZ_HOST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

static int32_t fuzz_status;        /* what the plugin answered; 0 = nothing */
static char fuzz_body[512];        /* the start of its body, for the report */

static void fh_log(sb_instance_ctx *ctx, int32_t level, sb_str m)
{
    (void)ctx;
    if (getenv("FUZZ_HOST_LOG")) fprintf(stderr, "  log[%d] %.*s\n", (int)level, (int)m.len, m.ptr);
}

static sb_status fh_fail(char *err, size_t cap, sb_status st, const char *message)
{
    if (err && cap) snprintf(err, cap, "%s", message);
    return st;
}

static sb_status fh_ingest(sb_instance_ctx *ctx, const sb_inbound_message *m, sb_ingest_result *res, char *err, size_t cap)
{
    (void)ctx;
    if (!m || m->struct_size < sizeof *m) return fh_fail(err, cap, SB_ERR_INVALID, "message struct too small");
    if (m->identity_kind.len == 0) return fh_fail(err, cap, SB_ERR_INVALID, "identity_kind: is required");
    if (m->identity_value.len == 0) return fh_fail(err, cap, SB_ERR_INVALID, "identity_value: is required");
    if (m->provider_message_id.len == 0) return fh_fail(err, cap, SB_ERR_INVALID, "provider_message_id: is required");
    if (m->text.len == 0 && m->attachments_json.len == 0 && m->rich_json.len == 0)
        return fh_fail(err, cap, SB_ERR_INVALID, "text: is empty and there are no attachments");
    if (m->format < SB_FORMAT_PLAIN || m->format > SB_FORMAT_MARKDOWN) return fh_fail(err, cap, SB_ERR_INVALID, "format: unknown value");
    if (res && res->struct_size >= sizeof *res) {
        snprintf(res->conversation_id, sizeof res->conversation_id, "cnv_fuzz");
        res->message_id = 1;
        res->created_conversation = 0;
    }
    return SB_OK;
}

static sb_status fh_report(sb_instance_ctx *ctx, sb_str id, int32_t status, sb_str detail, char *err, size_t cap)
{
    (void)ctx, (void)id, (void)status, (void)detail;
    return fh_fail(err, cap, SB_ERR_NOT_FOUND, "no message sent by this instance has that provider id");
}

static sb_status fh_http(sb_instance_ctx *ctx, const sb_http_client_request *rq, sb_http_result **out, char *err, size_t cap)
{
    (void)ctx, (void)rq;
    if (out) *out = NULL;
    return fh_fail(err, cap, SB_ERR_IO, "no network in the fuzzer");
}

static void fh_http_free(sb_http_result *r) { (void)r; }

static sb_buffer *fh_buffer(const char *text)
{
    sb_buffer *b = calloc(1, sizeof *b);
    b->struct_size = sizeof *b;
    b->len = strlen(text);
    b->data = malloc(b->len + 1);
    memcpy(b->data, text, b->len + 1);
    return b;
}

static void fh_buffer_free(sb_buffer *b)
{
    if (!b) return;
    free(b->data);
    free(b);
}

static sb_status fh_kv_get(sb_instance_ctx *ctx, sb_str key, sb_buffer **value, char *err, size_t cap)
{
    (void)ctx, (void)key, (void)err, (void)cap;
    if (value) *value = NULL;
    return SB_ERR_NOT_FOUND;
}

static sb_status fh_kv_set(sb_instance_ctx *ctx, sb_str key, sb_str value, char *err, size_t cap)
{
    (void)ctx, (void)key, (void)value, (void)err, (void)cap;
    return SB_OK;
}

static sb_status fh_kv_delete(sb_instance_ctx *ctx, sb_str key, char *err, size_t cap)
{
    (void)ctx, (void)key, (void)err, (void)cap;
    return SB_OK;
}

static sb_status fh_kv_scan(sb_instance_ctx *ctx, sb_str prefix, sb_str after, uint32_t limit,
                            int32_t (*visit)(void *user, sb_str key, sb_str value), void *user, char *err, size_t cap)
{
    (void)ctx, (void)prefix, (void)after, (void)limit, (void)visit, (void)user, (void)err, (void)cap;
    return SB_OK;
}

/* The secrets the harnesses configure their instances with, whatever the credential id. */
static const char *fuzz_secret = "fuzz-secret";

static sb_status fh_credential(sb_instance_ctx *ctx, sb_str id, sb_buffer **secret, char *err, size_t cap)
{
    (void)ctx, (void)id, (void)err, (void)cap;
    *secret = fh_buffer(fuzz_secret);
    return SB_OK;
}

static sb_status fh_timer_start(sb_instance_ctx *ctx, uint64_t delay, uint64_t *id, char *err, size_t cap)
{
    (void)ctx, (void)delay, (void)err, (void)cap;
    if (id) *id = 1;
    return SB_OK;
}

static sb_status fh_timer_cancel(sb_instance_ctx *ctx, uint64_t id) { (void)ctx, (void)id; return SB_OK; }

static sb_status fh_route_add(sb_instance_ctx *ctx, sb_str method, sb_str path, char *err, size_t cap)
{
    (void)ctx, (void)method, (void)path, (void)err, (void)cap;
    return SB_OK;
}

static void fh_respond(sb_http_exchange *exchange, int32_t status, sb_str content_type, sb_str body)
{
    (void)exchange, (void)content_type;
    fuzz_status = status;
    snprintf(fuzz_body, sizeof fuzz_body, "%.*s", (int)(body.len > 400 ? 400 : body.len), body.ptr ? body.ptr : "");
}

static void fh_add_header(sb_http_exchange *exchange, sb_str name, sb_str value) { (void)exchange, (void)name, (void)value; }

static sb_status fh_emit(sb_instance_ctx *ctx, sb_str conversation, sb_str type, sb_str data, char *err, size_t cap)
{
    (void)ctx, (void)conversation, (void)type, (void)data, (void)err, (void)cap;
    return SB_OK;
}

static sb_host_api fuzz_host_api(void)
{
    sb_host_api h;
    memset(&h, 0, sizeof h);
    h.struct_size = sizeof h;
    h.abi_minor = SB_ABI_MINOR;
    h.log = fh_log;
    h.ingest = fh_ingest;
    h.report_delivery = fh_report;
    h.http_request = fh_http;
    h.http_result_free = fh_http_free;
    h.buffer_free = fh_buffer_free;
    h.kv_get = fh_kv_get;
    h.kv_set = fh_kv_set;
    h.kv_delete = fh_kv_delete;
    h.kv_scan = fh_kv_scan;
    h.credential_get = fh_credential;
    h.timer_start = fh_timer_start;
    h.timer_cancel = fh_timer_cancel;
    h.route_add = fh_route_add;
    h.http_respond = fh_respond;
    h.http_add_header = fh_add_header;
    h.emit_event = fh_emit;
    return h;
}

/* One handle_http() with the fuzzer's request; aborts (a finding) on a 5xx or no answer. */
static void fuzz_call(const sb_plugin_descriptor *d, void *instance, const char *method, const char *path,
                      const char *query, const sb_header *headers, size_t header_count, const uint8_t *body, size_t body_len)
{
    sb_http_request rq;
    memset(&rq, 0, sizeof rq);
    rq.struct_size = sizeof rq;
    rq.abi_minor = SB_ABI_MINOR;
    rq.method = (sb_str){ method, strlen(method) };
    rq.path = (sb_str){ path, strlen(path) };
    rq.query = (sb_str){ query, strlen(query) };
    rq.headers = headers;
    rq.header_count = header_count;
    rq.body = (sb_str){ (const char *)body, body_len };
    rq.remote_address = (sb_str){ "127.0.0.1", 9 };
    fuzz_status = 0;
    fuzz_body[0] = '\0';
    d->handle_http(instance, &rq, (sb_http_exchange *)&rq);
    if (fuzz_status < 100 || fuzz_status >= 500) {
        fprintf(stderr, "FINDING: %s %s?%s answered %d: %s\n", method, path, query, (int)fuzz_status, fuzz_body);
        abort();
    }
}

#endif
