/*
** __NAME__: a channel plugin for Switchboard in plain C11, made by `switchboard plugins new`.
** A working echo channel to grow into a real one:
**
** Inbound:  the provider POSTs {"id", "from", "text"} to /hooks/<instance>/messages, signed with
**           X-Signature: sha256=<hex HMAC-SHA256 of the body under the shared secret>.
** Outbound: deliver() POSTs {"to", "text", "idempotency_key"} to {provider_url}/messages, signed
**           the same way; the provider answers {"id": ...}.
**
** JSON and HMAC come from the host's C services (host->c, ABI 1.3): the library needs only libc.
*/
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

#define EXPORT __attribute__((visibility("default")))
#define LIT_INIT(lit) { (lit), sizeof(lit) - 1 }
#define LIT(lit) ((sb_str)LIT_INIT(lit))

typedef struct plugin {
    const sb_host_api *host;
    const sb_c_services *c;
    sb_instance_ctx *ctx;
    char provider_url[512];
    char *secret;
    uint32_t deliver_timeout_ms;
} plugin;

static sb_str cstr(const char *s) { return (sb_str){ s, s ? strlen(s) : 0 }; }

static sb_status fail(char *err, size_t cap, sb_status st, const char *fmt, ...)
{
    if (err && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return st;
}

/* "sha256=<hex>" of body under the secret, into out (72 bytes). */
static void sign(const plugin *p, sb_str body, char out[72])
{
    uint8_t mac[32];
    p->c->hmac_sha256(cstr(p->secret), body, mac);
    sb_buffer *hex = NULL;
    p->c->encode((sb_str){ (const char *)mac, sizeof mac }, SB_ENCODING_HEX, &hex);
    snprintf(out, 72, "sha256=%s", hex ? hex->data : "");
    p->c->buffer_free(hex);
}

static int signature_ok(const plugin *p, const sb_http_request *req)
{
    char expected[72];
    sign(p, req->body, expected);
    for (size_t i = 0; i < req->header_count; i++) {
        sb_str n = req->headers[i].name;
        if (n.len == 11 && (strncmp(n.ptr, "X-Signature", 11) == 0 || strncmp(n.ptr, "x-signature", 11) == 0))
            return p->c->equal_constant_time(req->headers[i].value, cstr(expected));
    }
    return 0;
}

static void respond(const plugin *p, sb_http_exchange *ex, int32_t status, const char *json)
{
    p->host->http_respond(ex, status, LIT("application/json"), cstr(json));
}

static void handle_http(void *instance, const sb_http_request *req, sb_http_exchange *ex)
{
    plugin *p = instance;
    const sb_c_services *c = p->c;
    if (!signature_ok(p, req)) { respond(p, ex, 401, "{\"error\":\"unauthorized\",\"message\":\"missing or wrong X-Signature\"}"); return; }
    sb_json_doc *doc = NULL;
    char why[256];
    if (c->json_parse(req->body, &doc, why, sizeof why) != SB_OK) { respond(p, ex, 400, "{\"error\":\"invalid_json\"}"); return; }
    const sb_json *root = c->json_root(doc);
    sb_str id = c->json_string(c->json_member(root, LIT("id")));
    sb_str from = c->json_string(c->json_member(root, LIT("from")));
    sb_str text = c->json_string(c->json_member(root, LIT("text")));
    if (!id.len || !from.len || !text.len) {
        respond(p, ex, 400, "{\"error\":\"invalid_field\",\"message\":\"id, from and text are required strings\"}");
    } else {
        sb_inbound_message m = { .struct_size = sizeof m, .abi_minor = SB_ABI_MINOR, .identity_kind = LIT("__NAME___user"),
                                 .identity_value = from, .provider_message_id = id, .text = text, .format = SB_FORMAT_PLAIN };
        sb_status st = p->host->ingest(p->ctx, &m, NULL, why, sizeof why);
        if (st == SB_OK || st == SB_DUPLICATE) respond(p, ex, 200, st == SB_OK ? "{\"status\":\"stored\"}" : "{\"status\":\"duplicate\"}");
        else respond(p, ex, 503, "{\"error\":\"ingest_failed\"}");   /* not stored: the provider retries */
    }
    c->json_free(doc);
}

static sb_status deliver(void *instance, const sb_outbound_message *m, sb_delivery_result *res, char *err, size_t cap)
{
    (void)err, (void)cap;
    plugin *p = instance;
    const sb_c_services *c = p->c;
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("to"));
    c->json_add_string(w, m->identity_value);
    c->json_key(w, LIT("text"));
    c->json_add_string(w, m->text);
    c->json_key(w, LIT("idempotency_key"));
    c->json_add_string(w, m->idempotency_key);
    c->json_end(w);
    sb_buffer *body = NULL;
    if (c->json_writer_finish(w, &body, res->detail, sizeof res->detail) != SB_OK) { res->outcome = SB_DELIVERY_REJECTED; return SB_OK; }
    char url[600], signature[72];
    snprintf(url, sizeof url, "%s/messages", p->provider_url);
    sign(p, (sb_str){ body->data, body->len }, signature);
    sb_header headers[] = { { LIT("Content-Type"), LIT("application/json") }, { LIT("X-Signature"), cstr(signature) } };
    sb_http_client_request rq = { .struct_size = sizeof rq, .abi_minor = SB_ABI_MINOR, .method = LIT("POST"), .url = cstr(url),
                                  .headers = headers, .header_count = 2, .body = { body->data, body->len },
                                  .timeout_ms = p->deliver_timeout_ms / 2 };
    sb_http_result *r = NULL;
    sb_status st = p->host->http_request(p->ctx, &rq, &r, res->detail, sizeof res->detail);
    c->buffer_free(body);
    if (st != SB_OK) { res->outcome = SB_DELIVERY_RETRY; return SB_OK; }
    res->provider_status = r->status;
    if (r->status >= 200 && r->status < 300) {
        sb_json_doc *doc = NULL;
        res->outcome = SB_DELIVERY_SENT;
        if (c->json_parse(r->body, &doc, NULL, 0) == SB_OK) {
            sb_str id = c->json_string(c->json_member(c->json_root(doc), LIT("id")));
            snprintf(res->provider_message_id, sizeof res->provider_message_id, "%.*s", (int)id.len, id.ptr ? id.ptr : "");
            c->json_free(doc);
        }
    } else {
        res->outcome = r->status == 429 || r->status >= 500 ? SB_DELIVERY_RETRY : SB_DELIVERY_REJECTED;
        snprintf(res->detail, sizeof res->detail, "provider answered %d: %.*s", (int)r->status, (int)(r->body.len > 200 ? 200 : r->body.len),
                 r->body.ptr ? r->body.ptr : "");
    }
    p->host->http_result_free(r);
    return SB_OK;
}

static void destroy(void *instance)
{
    plugin *p = instance;
    if (!p) return;
    free(p->secret);
    free(p);
}

static sb_status create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info, void **instance,
                        char *err, size_t cap)
{
    if (!SB_HAS_FIELD(host, sb_host_api, c) || !host->c) return fail(err, cap, SB_ERR_VERSION, "the host offers no C services (ABI 1.3)");
    plugin *p = calloc(1, sizeof *p);
    if (!p) return fail(err, cap, SB_ERR_INTERNAL, "out of memory");
    p->host = host;
    p->c = host->c;
    p->ctx = ctx;
    p->deliver_timeout_ms = info->deliver_timeout_ms ? info->deliver_timeout_ms : 10000;
    sb_json_doc *doc = NULL;
    sb_status st = p->c->json_parse(info->config_json, &doc, err, cap);
    if (st == SB_OK) {
        const sb_json *root = p->c->json_root(doc);
        sb_str url = p->c->json_string(p->c->json_member(root, LIT("provider_url")));
        sb_str credential = p->c->json_string(p->c->json_member(root, LIT("secret_credential")));
        snprintf(p->provider_url, sizeof p->provider_url, "%.*s", (int)url.len, url.ptr ? url.ptr : "");
        sb_buffer *secret = NULL;
        if (!url.len) st = fail(err, cap, SB_ERR_INVALID, "provider_url: required");
        else if (host->credential_get(ctx, credential, &secret, err, cap) != SB_OK) st = fail(err, cap, SB_ERR_INVALID, "secret_credential: unknown credential");
        else {
            p->secret = strdup(secret->data);
            host->buffer_free(secret);
        }
        p->c->json_free(doc);
    }
    if (st == SB_OK) st = host->route_add(ctx, LIT("POST"), LIT("/messages"), err, cap);
    if (st != SB_OK) { destroy(p); return st; }
    *instance = p;
    return SB_OK;
}

static sb_status start(void *instance, char *err, size_t cap) { (void)instance, (void)err, (void)cap; return SB_OK; }
static void stop(void *instance) { (void)instance; }
static sb_status reconfigure(void *instance, sb_str config, char *err, size_t cap)
{
    (void)instance, (void)config;
    return fail(err, cap, SB_ERR_UNSUPPORTED, "disable and enable the instance to apply a new configuration");
}

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
    .min_host_minor = 3,
    .id = LIT_INIT("__NAME__"),
    .version = LIT_INIT("0.1.0"),
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT, SB_FORMAT_PLAIN, 0 },
    .create = create,
    .start = start,
    .stop = stop,
    .reconfigure = reconfigure,
    .destroy = destroy,
    .handle_http = handle_http,
    .deliver = deliver,
};

EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);
EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &descriptor; }
