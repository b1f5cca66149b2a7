/*
** harness.c -- drives lib__NAME__.so through the C ABI with a fake host and a fake provider.
** usage: harness lib__NAME__.so libSwitchboardCServices.so
** The fake host's C services (host->c) are the host's own, from the SDK's library.
*/
#define _GNU_SOURCE /* RTLD_NODELETE */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

static int passed, failed;
#define CHECK(c) do { if (c) passed++; else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define LIT(s) ((sb_str){ (s), sizeof(s) - 1 })
static sb_str cstr(const char *s) { return (sb_str){ s, strlen(s) }; }

static const sb_c_services *C;
static char ingested[256], sent_body[512];
static int32_t answered;

static sb_buffer *buffer(const char *s)
{
    sb_buffer *b = malloc(sizeof *b);
    *b = (sb_buffer){ sizeof *b, 0, strdup(s), strlen(s) };
    return b;
}
static void h_log(sb_instance_ctx *x, int32_t l, sb_str m) { (void)x, (void)l, (void)m; }
static sb_status h_ingest(sb_instance_ctx *x, const sb_inbound_message *m, sb_ingest_result *r, char *e, size_t n)
{
    (void)x, (void)r, (void)e, (void)n;
    snprintf(ingested, sizeof ingested, "%.*s|%.*s", (int)m->identity_value.len, m->identity_value.ptr, (int)m->text.len, m->text.ptr);
    return SB_OK;
}
static sb_status h_credential(sb_instance_ctx *x, sb_str id, sb_buffer **s, char *e, size_t n) { (void)x, (void)id, (void)e, (void)n; *s = buffer("s3cret"); return SB_OK; }
static sb_status h_route(sb_instance_ctx *x, sb_str m, sb_str p, char *e, size_t n) { (void)x, (void)m, (void)p, (void)e, (void)n; return SB_OK; }
static void h_respond(sb_http_exchange *x, int32_t status, sb_str t, sb_str b) { (void)x, (void)t, (void)b; answered = status; }
static sb_status h_http(sb_instance_ctx *x, const sb_http_client_request *rq, sb_http_result **out, char *e, size_t n)
{
    (void)x, (void)e, (void)n;
    snprintf(sent_body, sizeof sent_body, "%.*s", (int)rq->body.len, rq->body.ptr);
    sb_http_result *r = calloc(1, sizeof *r);
    r->struct_size = sizeof *r;
    r->status = 201;
    r->body = cstr(strdup("{\"id\":\"p-1\"}"));
    *out = r;
    return SB_OK;
}
static void h_result_free(sb_http_result *r) { free((void *)r->body.ptr); free(r); }

static void post(const void *instance, const sb_plugin_descriptor *d, const char *secret, const char *body)
{
    uint8_t mac[32];
    C->hmac_sha256(cstr(secret), cstr(body), mac);
    char signature[80] = "sha256=";
    for (int i = 0; i < 32; i++) snprintf(signature + 7 + 2 * i, 3, "%02x", mac[i]);
    sb_header h[] = { { LIT("X-Signature"), cstr(signature) } };
    sb_http_request rq = { .struct_size = sizeof rq, .abi_minor = SB_ABI_MINOR, .method = LIT("POST"), .path = LIT("/messages"),
                           .headers = h, .header_count = 1, .body = cstr(body) };
    answered = 0;
    d->handle_http((void *)instance, &rq, NULL);
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s lib__NAME__.so libSwitchboardCServices.so\n", argv[0]); return 2; }
    void *services = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE), *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    void *table_sym = services ? dlsym(services, "sb_c_services_table") : NULL, *entry_sym = lib ? dlsym(lib, SB_ENTRY_SYMBOL) : NULL;
    if (!table_sym || !entry_sym) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    const sb_c_services *(*table)(void);
    sb_entry_fn entry;
    memcpy(&table, &table_sym, sizeof table);
    memcpy(&entry, &entry_sym, sizeof entry);
    C = table();
    const sb_plugin_descriptor *d = entry();
    sb_host_api host = { .struct_size = sizeof host, .abi_minor = SB_ABI_MINOR, .log = h_log, .ingest = h_ingest, .http_request = h_http,
                         .http_result_free = h_result_free, .buffer_free = C->buffer_free, .credential_get = h_credential,
                         .route_add = h_route, .http_respond = h_respond, .c = C };
    sb_instance_info info = { .struct_size = sizeof info, .abi_minor = SB_ABI_MINOR, .instance_id = LIT("t1"),
                              .config_json = LIT("{\"provider_url\":\"http://provider.test\",\"secret_credential\":\"s\"}"),
                              .deliver_timeout_ms = 8000 };
    void *instance = NULL;
    char err[256] = "";
    CHECK(d->create(&host, NULL, &info, &instance, err, sizeof err) == SB_OK);

    post(instance, d, "wrong", "{\"id\":\"m1\",\"from\":\"ann\",\"text\":\"hi\"}");
    CHECK(answered == 401 && ingested[0] == '\0');
    post(instance, d, "s3cret", "{\"id\":\"m1\",\"from\":\"ann\",\"text\":\"hi\"}");
    CHECK(answered == 200 && strcmp(ingested, "ann|hi") == 0);
    post(instance, d, "s3cret", "{\"id\":");
    CHECK(answered == 400);

    sb_outbound_message m = { .struct_size = sizeof m, .abi_minor = SB_ABI_MINOR, .idempotency_key = LIT("k1"),
                              .identity_kind = LIT("__NAME___user"), .identity_value = LIT("ann"), .text = LIT("hello back") };
    sb_delivery_result r = { .struct_size = sizeof r };
    CHECK(d->deliver(instance, &m, &r, err, sizeof err) == SB_OK && r.outcome == SB_DELIVERY_SENT);
    CHECK(strcmp(r.provider_message_id, "p-1") == 0 && strstr(sent_body, "\"text\":\"hello back\"") != NULL);

    d->destroy(instance);
    printf("harness: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
