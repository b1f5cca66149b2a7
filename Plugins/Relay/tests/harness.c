/*
** harness.c -- drives librelay.so through the C ABI with a fake host.
** Usage: relay-harness /path/to/librelay.so
**
** The fake host records what the plugin asks of it (ingest, report_delivery,
** http_request, http_respond) and counts buffers/results it hands out, so the
** last check is that the plugin freed every one of them.
*/
#define _GNU_SOURCE /* RTLD_NODELETE */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

static int passed, failed;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) passed++;                                                          \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

#define LIT(s) ((sb_str){ (s), sizeof(s) - 1 })
static sb_str cstr(const char *s) { return (sb_str){ s, strlen(s) }; }
static void copy(char *dst, size_t cap, sb_str s) { snprintf(dst, cap, "%.*s", (int)s.len, s.ptr ? s.ptr : ""); }

/* ---- the fake host -------------------------------------------------- */

static struct {
    long live;                         /* buffers + http results not yet freed */
    char routes[256];
    int ingests;
    sb_status ingest_ret;
    char kind[32], who[64], pmid[64], text[256];
    int32_t format;
    int reports;
    sb_status report_ret;
    char report_id[64];
    int32_t report_status;
    int http_calls;
    sb_status http_ret;                /* SB_OK, or a transport error */
    int32_t http_status;
    const char *http_body;
    char url[256], method[16], headers[1024], body[1024];
    int32_t status;                    /* what the plugin answered */
    char ctype[64], resp[1024];
} H;

static void h_log(sb_instance_ctx *ctx, int32_t level, sb_str m)
{
    (void)ctx;
    if (getenv("RELAY_HARNESS_LOG")) fprintf(stderr, "  log[%d] %.*s\n", (int)level, (int)m.len, m.ptr);
}

static sb_status h_ingest(sb_instance_ctx *ctx, const sb_inbound_message *m, sb_ingest_result *res, char *err,
                          size_t cap)
{
    (void)ctx;
    H.ingests++;
    copy(H.kind, sizeof H.kind, m->identity_kind);
    copy(H.who, sizeof H.who, m->identity_value);
    copy(H.pmid, sizeof H.pmid, m->provider_message_id);
    copy(H.text, sizeof H.text, m->text);
    H.format = m->format;
    if (H.ingest_ret < 0) snprintf(err, cap, "database is locked");
    else if (res) snprintf(res->conversation_id, sizeof res->conversation_id, "conv-7");
    return H.ingest_ret;
}

static sb_status h_report(sb_instance_ctx *ctx, sb_str id, int32_t status, sb_str detail, char *err, size_t cap)
{
    (void)ctx, (void)detail, (void)err, (void)cap;
    H.reports++;
    copy(H.report_id, sizeof H.report_id, id);
    H.report_status = status;
    return H.report_ret;
}

static sb_status h_http(sb_instance_ctx *ctx, const sb_http_client_request *rq, sb_http_result **out, char *err,
                        size_t cap)
{
    (void)ctx;
    H.http_calls++;
    copy(H.url, sizeof H.url, rq->url);
    copy(H.method, sizeof H.method, rq->method);
    copy(H.body, sizeof H.body, rq->body);
    H.headers[0] = '\0';
    for (size_t i = 0; i < rq->header_count; i++) {
        size_t n = strlen(H.headers);
        snprintf(H.headers + n, sizeof H.headers - n, "%.*s: %.*s\n", (int)rq->headers[i].name.len,
                 rq->headers[i].name.ptr, (int)rq->headers[i].value.len, rq->headers[i].value.ptr);
    }
    if (H.http_ret != SB_OK) {
        snprintf(err, cap, "connection refused");
        return H.http_ret;
    }
    sb_http_result *r = calloc(1, sizeof *r);
    r->struct_size = sizeof *r;
    r->status = H.http_status;
    r->body = cstr(H.http_body);
    *out = r;
    H.live++;
    return SB_OK;
}

static void h_http_free(sb_http_result *r) { if (r) { H.live--; free(r); } }

static void h_buffer_free(sb_buffer *b)
{
    if (!b) return;
    H.live--;
    free(b->data);
    free(b);
}

static sb_status h_credential(sb_instance_ctx *ctx, sb_str id, sb_buffer **out, char *err, size_t cap)
{
    (void)ctx;
    const char *v = NULL;
    if (id.len == 6 && memcmp(id.ptr, "tok-id", 6) == 0) v = "s3cret-token";
    if (id.len == 5 && memcmp(id.ptr, "in-id", 5) == 0) v = "inbound-s3cret";
    if (id.len == 6 && memcmp(id.ptr, "new-id", 6) == 0) v = "rotated-token";
    if (!v) { snprintf(err, cap, "no such credential"); return SB_ERR_NOT_FOUND; }
    sb_buffer *b = calloc(1, sizeof *b);
    b->struct_size = sizeof *b;
    b->data = strdup(v);
    b->len = strlen(v);
    *out = b;
    H.live++;
    return SB_OK;
}

static sb_status h_route(sb_instance_ctx *ctx, sb_str method, sb_str path, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    size_t n = strlen(H.routes);
    snprintf(H.routes + n, sizeof H.routes - n, "%.*s %.*s;", (int)method.len, method.ptr, (int)path.len, path.ptr);
    return SB_OK;
}

static void h_respond(sb_http_exchange *ex, int32_t status, sb_str ctype, sb_str body)
{
    (void)ex;
    H.status = status;
    copy(H.ctype, sizeof H.ctype, ctype);
    copy(H.resp, sizeof H.resp, body);
}

static sb_host_api HOST = {
    .struct_size = sizeof(sb_host_api),
    .abi_minor = SB_ABI_MINOR,
    .log = h_log,
    .ingest = h_ingest,
    .report_delivery = h_report,
    .http_request = h_http,
    .http_result_free = h_http_free,
    .buffer_free = h_buffer_free,
    .credential_get = h_credential,
    .route_add = h_route,
    .http_respond = h_respond,
};

/* ---- helpers -------------------------------------------------------- */

static const sb_plugin_descriptor *D;

static sb_status create(const char *config, void **inst, char *err, size_t cap)
{
    sb_instance_info info = { 0 };
    info.struct_size = sizeof info;
    info.abi_minor = SB_ABI_MINOR;
    info.instance_id = LIT("sms-1");
    info.config_json = cstr(config);
    info.route_prefix = LIT("/hooks/sms-1");
    info.deliver_timeout_ms = 8000;
    err[0] = '\0';
    return D->create(&HOST, (sb_instance_ctx *)&HOST, &info, inst, err, cap);
}

/* The gateway's signature of body under secret: "sha256=" + hex HMAC-SHA256 (ABI 1.3 builds),
   or the secret itself as X-Relay-Token (builds against the frozen 1.0/1.2 headers). */
static char signature[80];
static sb_header auth_header(const char *token, const char *body)
{
#if SB_ABI_MINOR >= 3
    uint8_t mac[32];
    HOST.c->hmac_sha256(cstr(token), cstr(body), mac);
    int n = snprintf(signature, sizeof signature, "sha256=");
    for (int i = 0; i < 32; i++) n += snprintf(signature + n, sizeof signature - (size_t)n, "%02x", mac[i]);
    return (sb_header){ LIT("x-relay-signature"), cstr(signature) };
#else
    (void)body;
    snprintf(signature, sizeof signature, "%s", token);
    return (sb_header){ LIT("x-relay-token"), cstr(signature) };
#endif
}

static void post(void *inst, const char *path, const char *token, const char *body)
{
    sb_header h[2] = { { LIT("content-type"), LIT("application/x-www-form-urlencoded") },
                       token ? auth_header(token, body) : (sb_header){ LIT("x-none"), LIT("") } };
    sb_http_request rq = { 0 };
    rq.struct_size = sizeof rq;
    rq.abi_minor = SB_ABI_MINOR;
    rq.method = LIT("POST");
    rq.path = cstr(path);
    rq.headers = h;
    rq.header_count = token ? 2 : 1;
    rq.body = cstr(body);
    rq.remote_address = LIT("127.0.0.1");
    H.status = 0;
    H.resp[0] = '\0';
    D->handle_http(inst, &rq, (sb_http_exchange *)&H);
}

static sb_delivery_result deliver(void *inst, const char *kind, const char *to, const char *text, sb_status *st)
{
    sb_outbound_message m = { 0 };
    m.struct_size = sizeof m;
    m.abi_minor = SB_ABI_MINOR;
    m.conversation_id = LIT("conv-7");
    m.message_id = 42;
    m.idempotency_key = LIT("msg-42");
    m.attempt = 1;
    m.identity_kind = cstr(kind);
    m.identity_value = cstr(to);
    m.text = cstr(text);
    sb_delivery_result res = { 0 };
    res.struct_size = sizeof res;
    char err[256] = "";
    *st = D->deliver(inst, &m, &res, err, sizeof err);
    return res;
}

#define HAS(hay, needle) (strstr((hay), (needle)) != NULL)

static const char *CONFIG =
    "{\"gateway_url\": \"http://127.0.0.1:8025/\", \"token_credential\": \"tok-id\",\n"
    " \"inbound_secret_credential\": \"in\\u002did\", \"sender\": \"+1555\\u0030000000\"}";

/* ---- the checks ----------------------------------------------------- */

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "./librelay.so";
#if SB_ABI_MINOR >= 3
    /* host->c: the host's own C services, from the SwitchboardCServices library */
    void *services = argc > 2 ? dlopen(argv[2], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) : NULL;
    void *table = services ? dlsym(services, "sb_c_services_table") : NULL;
    if (!table) { fprintf(stderr, "usage: %s librelay.so libSwitchboardCServices.so (%s)\n", argv[0], services ? dlerror() : "not loaded"); return 2; }
    const sb_c_services *(*services_table)(void);
    memcpy(&services_table, &table, sizeof services_table);
    HOST.c = services_table();
#endif
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 2; }
    void *sym = dlsym(lib, SB_ENTRY_SYMBOL);
    if (!sym) { fprintf(stderr, "dlsym: %s\n", dlerror()); return 2; }
    sb_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry); /* ISO C has no object-to-function pointer cast; POSIX makes this valid */
    D = entry();

    /* descriptor */
    CHECK(D->struct_size == sizeof(sb_plugin_descriptor) && D->abi_major == 1 && D->abi_minor == SB_ABI_MINOR);
    CHECK(D->id.len == 5 && memcmp(D->id.ptr, "relay", 5) == 0 && D->version.len == 5);
    CHECK(D->capabilities.content == SB_CAP_TEXT && D->capabilities.format == SB_FORMAT_PLAIN &&
          D->capabilities.max_text_length == 1600);

    /* create: bad configurations are refused and name the field */
    void *inst = NULL;
    char err[256];
    CHECK(create("{\"inbound_secret_credential\":\"in-id\",\"sender\":\"+1\"}", &inst, err, sizeof err) ==
              SB_ERR_INVALID && HAS(err, "token_credential"));
    CHECK(create("{\"token_credential\":\"nope\",\"inbound_secret_credential\":\"in-id\",\"sender\":\"+15\"}", &inst,
                 err, sizeof err) == SB_ERR_INVALID && HAS(err, "token_credential") && HAS(err, "nope"));
    CHECK(create("{\"gateway_url\":\"ftp://x\",\"token_credential\":\"tok-id\",\"inbound_secret_credential\":"
                 "\"in-id\",\"sender\":\"+15\"}", &inst, err, sizeof err) == SB_ERR_INVALID && HAS(err, "gateway_url"));
    CHECK(create("{\"sender\":\"+15\\q\"}", &inst, err, sizeof err) == SB_ERR_INVALID && HAS(err, "sender"));
    CHECK(create("{\"token_credential\":\"tok-id\",\"sender\":5}", &inst, err, sizeof err) == SB_ERR_INVALID &&
          HAS(err, "sender"));
    CHECK(create("{\"token_credential\":\"tok-id\",\"bogus\":\"x\"}", &inst, err, sizeof err) == SB_ERR_INVALID &&
          HAS(err, "bogus"));
    CHECK(H.live == 0 && H.routes[0] == '\0');

    /* create: a good configuration, with escapes */
    CHECK(create(CONFIG, &inst, err, sizeof err) == SB_OK && inst != NULL);
    CHECK(strcmp(H.routes, "POST /inbound;POST /status;") == 0);
    CHECK(D->start(inst, err, sizeof err) == SB_OK);

    /* inbound: valid -> ingested, 200 */
    post(inst, "/inbound", "inbound-s3cret", "MessageId=rl_in_1&From=%2B15551234567&To=%2B15550000000"
                                             "&Body=Hello+w%C3%B6rld+%26+more%3D1");
    CHECK(H.status == 200 && HAS(H.resp, "\"status\":\"stored\"") && HAS(H.resp, "\"conversation_id\":\"conv-7\""));
    CHECK(H.ingests == 1 && strcmp(H.kind, "phone") == 0 && strcmp(H.who, "+15551234567") == 0 &&
          strcmp(H.pmid, "rl_in_1") == 0 && strcmp(H.text, "Hello w\xC3\xB6rld & more=1") == 0 &&
          H.format == SB_FORMAT_PLAIN);
    CHECK(strcmp(H.ctype, "application/json") == 0);

    /* inbound: a retry is a duplicate, still 200 */
    H.ingest_ret = SB_DUPLICATE;
    post(inst, "/inbound", "inbound-s3cret", "MessageId=rl_in_1&From=%2B15551234567&To=%2B15550000000&Body=Hi");
    CHECK(H.status == 200 && HAS(H.resp, "\"status\":\"duplicate\""));

    /* inbound: storage failure -> 503 with the reason, so the gateway retries */
    H.ingest_ret = SB_ERR_IO;
    post(inst, "/inbound", "inbound-s3cret", "MessageId=rl_in_2&From=%2B15551234567&To=%2B15550000000&Body=Hi");
    CHECK(H.status == 503 && HAS(H.resp, "database is locked"));
    H.ingest_ret = SB_OK;

    /* inbound: bad or missing token -> 401, nothing ingested */
    int before = H.ingests;
    post(inst, "/inbound", "inbound-s3creT", "MessageId=x&From=%2B15551234567&To=%2B1555&Body=Hi");
    CHECK(H.status == 401 && HAS(H.resp, "unauthorized"));
    post(inst, "/inbound", "inbound-s3cret-and-more", "MessageId=x&From=%2B15551234567&To=%2B1555&Body=Hi");
    CHECK(H.status == 401);
    post(inst, "/inbound", NULL, "MessageId=x&From=%2B15551234567&To=%2B1555&Body=Hi");
    CHECK(H.status == 401 && H.ingests == before);

    /* inbound: missing or malformed fields -> 400 naming the field */
    post(inst, "/inbound", "inbound-s3cret", "MessageId=x&To=%2B1555&Body=Hi");
    CHECK(H.status == 400 && HAS(H.resp, "\"error\":\"invalid_field\"") && HAS(H.resp, "\"field\":\"From\""));
    post(inst, "/inbound", "inbound-s3cret", "MessageId=x&From=15551234567&To=%2B1555&Body=Hi");
    CHECK(H.status == 400 && HAS(H.resp, "\"field\":\"From\""));
    post(inst, "/inbound", "inbound-s3cret", "MessageId=x&From=%2B15551234567&To=%2B1555&Body=%ZZ");
    CHECK(H.status == 400 && HAS(H.resp, "\"field\":\"Body\""));
    CHECK(H.ingests == before);

    /* status callback */
    post(inst, "/status", "inbound-s3cret", "MessageId=rl_out_9&Status=delivered");
    CHECK(H.status == 200 && H.reports == 1 && strcmp(H.report_id, "rl_out_9") == 0 &&
          H.report_status == SB_STATUS_DELIVERED);
    H.report_ret = SB_ERR_NOT_FOUND;
    post(inst, "/status", "inbound-s3cret", "MessageId=rl_nope&Status=failed");
    CHECK(H.status == 404 && H.report_status == SB_STATUS_FAILED);
    H.report_ret = SB_OK;
    post(inst, "/status", "inbound-s3cret", "MessageId=rl_out_9&Status=exploded");
    CHECK(H.status == 400 && HAS(H.resp, "\"field\":\"Status\"") && H.reports == 2);
    post(inst, "/status", "wrong", "MessageId=rl_out_9&Status=sent");
    CHECK(H.status == 401 && H.reports == 2);

    /* deliver: 201 -> SENT, with the right request and the id copied */
    sb_status st;
    H.http_status = 201;
    H.http_body = "{\"id\":\"rl_abc123\",\"status\":\"queued\",\"segments\":1,\"price\":{\"amount\":\"0.01\"}}";
    sb_delivery_result res = deliver(inst, "phone", "+15551234567", "Hi Ann, it's 50% off & free!", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_SENT && res.provider_status == 201 &&
          strcmp(res.provider_message_id, "rl_abc123") == 0);
    CHECK(strcmp(H.method, "POST") == 0 && strcmp(H.url, "http://127.0.0.1:8025/v1/messages") == 0);
    CHECK(HAS(H.headers, "Authorization: Bearer s3cret-token\n") && HAS(H.headers, "Idempotency-Key: msg-42\n") &&
          HAS(H.headers, "Content-Type: application/x-www-form-urlencoded\n"));
    CHECK(strcmp(H.body, "From=%2B15550000000&To=%2B15551234567&Body=Hi+Ann%2C+it%27s+50%25+off+%26+free%21") == 0);

    /* deliver: 500 and 429 -> RETRY; 400 -> REJECTED with status and body */
    H.http_status = 500;
    H.http_body = "upstream down";
    res = deliver(inst, "phone", "+15551234567", "Hi", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_RETRY && res.provider_status == 500);
    H.http_status = 429;
    res = deliver(inst, "phone", "+15551234567", "Hi", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_RETRY);
    H.http_status = 400;
    H.http_body = "{\"error\":\"invalid To\"}";
    res = deliver(inst, "phone", "+1", "Hi", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_REJECTED && HAS(res.detail, "400") &&
          HAS(res.detail, "invalid To"));

    /* deliver: transport error -> RETRY with the reason; non-phone -> REJECTED without a request */
    H.http_ret = SB_ERR_IO;
    res = deliver(inst, "phone", "+15551234567", "Hi", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_RETRY && HAS(res.detail, "connection refused"));
    H.http_ret = SB_OK;
    int calls = H.http_calls;
    res = deliver(inst, "email", "ann@example.com", "Hi", &st);
    CHECK(st == SB_OK && res.outcome == SB_DELIVERY_REJECTED && H.http_calls == calls);

    /* reconfigure: a bad one keeps the old config, a good one takes over */
    CHECK(D->reconfigure(inst, LIT("{\"token_credential\":\"gone\",\"inbound_secret_credential\":\"in-id\","
                                   "\"sender\":\"+15\"}"), err, sizeof err) == SB_ERR_INVALID && HAS(err, "gone"));
    H.http_status = 201;
    H.http_body = "{\"id\":\"rl_2\"}";
    res = deliver(inst, "phone", "+15551234567", "Hi", &st);
    CHECK(res.outcome == SB_DELIVERY_SENT && strcmp(H.url, "http://127.0.0.1:8025/v1/messages") == 0);
    CHECK(D->reconfigure(inst, LIT("{\"token_credential\":\"new-id\",\"inbound_secret_credential\":\"in-id\","
                                   "\"sender\":\"Relay Co\"}"), err, sizeof err) == SB_OK);
    res = deliver(inst, "phone", "+15551234567", "Hi", &st);
    CHECK(strcmp(H.url, "https://gateway.example-relay.net/v1/messages") == 0 &&
          HAS(H.headers, "Bearer rotated-token") && strncmp(H.body, "From=Relay+Co&", 14) == 0);

    D->stop(inst);
    D->destroy(inst);
    CHECK(H.live == 0); /* every buffer and http result was freed */

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
