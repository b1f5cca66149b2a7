/*
** harness.c -- drives libtelegram.so through the C ABI with a fake host and an
** in-process fake Bot API.
** Usage: telegram-harness /path/to/libtelegram.so /path/to/libSwitchboardCServices.so
**
** The fake host's C services (host->c) are the real host's, loaded from the
** SwitchboardCServices library; everything else (ingest, kv, files, HTTP) is
** recorded here. The fake Bot API answers http_request() for
** {api}/bot<token>/<method> and {api}/file/bot<token>/<path>, refusing a wrong
** token as Telegram does (401 Unauthorized).
*/
#define _GNU_SOURCE /* RTLD_NODELETE */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

static int passed, failed;
#define CHECK(cond)                                                                                  \
    do {                                                                                             \
        if (cond) passed++;                                                                          \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); }           \
    } while (0)

#define LIT(s) ((sb_str){ (s), sizeof(s) - 1 })
#define TOKEN "123456:AAtest-token"
static sb_str cstr(const char *s) { return (sb_str){ s, strlen(s) }; }
static void copy(char *dst, size_t cap, sb_str s) { snprintf(dst, cap, "%.*s", (int)s.len, s.ptr ? s.ptr : ""); }

static const sb_c_services *C;

/* ---- the fake host -------------------------------------------------- */

#define MAX_CALLS 32
static struct {
    int ingests;
    char kind[32], who[64], pmid[96], text[8192], display[128], attachments[1024];
    int32_t status;
    char ctype[64], resp[1024];
    char published[2048];
    int files_stored;
    char kv_keys[64][128], kv_values[64][256];
    int kv_count;
    /* what the fake Bot API saw */
    int calls;
    char methods[MAX_CALLS][32];
    char bodies[MAX_CALLS][8192];
    char ctypes[MAX_CALLS][128];
    int limit_next; /* answer the next send with 429 */
} H;

static void h_log(sb_instance_ctx *ctx, int32_t level, sb_str m)
{
    (void)ctx;
    if (getenv("TELEGRAM_HARNESS_LOG")) fprintf(stderr, "  log[%d] %.*s\n", (int)level, (int)m.len, m.ptr);
}

static sb_status h_ingest(sb_instance_ctx *ctx, const sb_inbound_message *m, sb_ingest_result *res, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    copy(H.pmid, sizeof H.pmid, m->provider_message_id);
    for (int i = 0; i < H.ingests; i++) (void)i;
    static char seen[64][96];
    static int nseen;
    for (int i = 0; i < nseen; i++)
        if (strcmp(seen[i], H.pmid) == 0) return SB_DUPLICATE;
    if (nseen < 64) snprintf(seen[nseen++], sizeof seen[0], "%s", H.pmid);
    H.ingests++;
    copy(H.kind, sizeof H.kind, m->identity_kind);
    copy(H.who, sizeof H.who, m->identity_value);
    copy(H.text, sizeof H.text, m->text);
    copy(H.display, sizeof H.display, m->display_name);
    copy(H.attachments, sizeof H.attachments, m->attachments_json);
    if (res) snprintf(res->conversation_id, sizeof res->conversation_id, "conv-1");
    return SB_OK;
}

static char edited_id[96], edited_text[256];
static sb_status h_edit(sb_instance_ctx *ctx, sb_str id, sb_str text, int32_t format, char *err, size_t cap)
{
    (void)ctx, (void)format;
    if (id.len == 4 && memcmp(id.ptr, "42:5", 4) == 0) {
        copy(edited_id, sizeof edited_id, id);
        copy(edited_text, sizeof edited_text, text);
        return SB_OK;
    }
    snprintf(err, cap, "no such message");
    return SB_ERR_NOT_FOUND;
}

static sb_buffer *make_buffer(const char *data, size_t len)
{
    sb_buffer *b = malloc(sizeof *b);
    b->struct_size = sizeof *b;
    b->reserved = 0;
    b->data = malloc(len + 1);
    memcpy(b->data, data, len);
    b->data[len] = '\0';
    b->len = len;
    return b;
}

static sb_status h_kv_get(sb_instance_ctx *ctx, sb_str key, sb_buffer **value, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    for (int i = 0; i < H.kv_count; i++)
        if (strlen(H.kv_keys[i]) == key.len && memcmp(H.kv_keys[i], key.ptr, key.len) == 0 && H.kv_values[i][0]) {
            *value = make_buffer(H.kv_values[i], strlen(H.kv_values[i]));
            return SB_OK;
        }
    return SB_ERR_NOT_FOUND;
}

static sb_status h_kv_set(sb_instance_ctx *ctx, sb_str key, sb_str value, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    int i = 0;
    while (i < H.kv_count && !(strlen(H.kv_keys[i]) == key.len && memcmp(H.kv_keys[i], key.ptr, key.len) == 0)) i++;
    if (i == H.kv_count) { if (H.kv_count == 64) return SB_ERR_IO; copy(H.kv_keys[H.kv_count++], 128, key); }
    copy(H.kv_values[i], 256, value);
    return SB_OK;
}

static sb_status h_kv_delete(sb_instance_ctx *ctx, sb_str key, char *err, size_t cap) { return h_kv_set(ctx, key, LIT(""), err, cap); }

/* In key order, as the host scans: the smallest live key after the last one, limit times. */
static sb_status h_kv_scan(sb_instance_ctx *ctx, sb_str prefix, sb_str after, uint32_t limit, sb_kv_visit visit, void *user, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    char last[128];
    copy(last, sizeof last, after);
    for (uint32_t n = 0; n < limit; n++) {
        int next = -1;
        for (int i = 0; i < H.kv_count; i++)
            if (H.kv_values[i][0] && strncmp(H.kv_keys[i], prefix.ptr ? prefix.ptr : "", prefix.len) == 0 && strcmp(H.kv_keys[i], last) > 0 &&
                (next < 0 || strcmp(H.kv_keys[i], H.kv_keys[next]) < 0))
                next = i;
        if (next < 0) break;
        snprintf(last, sizeof last, "%s", H.kv_keys[next]);
        if (visit(user, cstr(H.kv_keys[next]), cstr(H.kv_values[next]))) break;
    }
    return SB_OK;
}

static const char *kv_value(const char *key)
{
    for (int i = 0; i < H.kv_count; i++)
        if (strcmp(H.kv_keys[i], key) == 0) return H.kv_values[i];
    return "";
}

static sb_status h_credential(sb_instance_ctx *ctx, sb_str id, sb_buffer **secret, char *err, size_t cap)
{
    (void)ctx;
    if (id.len == 7 && memcmp(id.ptr, "tg-bot1", 7) == 0) { *secret = make_buffer(TOKEN, strlen(TOKEN)); return SB_OK; }
    snprintf(err, cap, "no credential \"%.*s\"", (int)id.len, id.ptr);
    return SB_ERR_NOT_FOUND;
}

static sb_status h_timer_start(sb_instance_ctx *ctx, uint64_t delay, uint64_t *id, char *err, size_t cap)
{
    (void)ctx, (void)delay, (void)err, (void)cap;
    if (id) *id = 1;
    return SB_OK;
}
static sb_status h_timer_cancel(sb_instance_ctx *ctx, uint64_t id) { (void)ctx, (void)id; return SB_OK; }
static sb_status h_route_add(sb_instance_ctx *ctx, sb_str m, sb_str p, char *err, size_t cap) { (void)ctx, (void)m, (void)p, (void)err, (void)cap; return SB_OK; }
static sb_status h_claim(sb_instance_ctx *ctx, sb_str k, sb_str a, sb_str f, char *err, size_t cap)
{
    (void)ctx, (void)f, (void)err, (void)cap;
    CHECK(k.len == 12 && memcmp(k.ptr, "telegram_bot", 12) == 0 && a.len == 6 && memcmp(a.ptr, "123456", 6) == 0);
    return SB_OK;
}

static void h_respond(sb_http_exchange *ex, int32_t status, sb_str ctype, sb_str body)
{
    (void)ex;
    H.status = status;
    copy(H.ctype, sizeof H.ctype, ctype);
    copy(H.resp, sizeof H.resp, body);
}
static void h_add_header(sb_http_exchange *ex, sb_str n, sb_str v) { (void)ex, (void)n, (void)v; }

static sb_status h_publish(sb_instance_ctx *ctx, sb_str json, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    copy(H.published, sizeof H.published, json);
    return SB_OK;
}

static sb_status h_file_store(sb_instance_ctx *ctx, sb_str name, sb_str type, sb_str data, sb_buffer **att, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    H.files_stored++;
    char json[512];
    int n = snprintf(json, sizeof json, "{\"name\":\"%.*s\",\"content_type\":\"%.*s\",\"size\":%zu,\"url\":\"http://host.test/files/f1/%.*s\"}",
                     (int)name.len, name.ptr, (int)type.len, type.ptr, data.len, (int)name.len, name.ptr);
    *att = make_buffer(json, (size_t)n);
    return SB_OK;
}

/* ---- the fake Bot API ------------------------------------------------ */

static sb_http_result *result(int32_t status, const char *body, size_t len)
{
    sb_http_result *r = calloc(1, sizeof *r);
    r->struct_size = sizeof *r;
    r->status = status;
    char *copy_body = malloc(len + 1);
    memcpy(copy_body, body, len);
    r->body = (sb_str){ copy_body, len };
    return r;
}

static void h_result_free(sb_http_result *r)
{
    if (!r) return;
    free((void *)r->body.ptr);
    free(r);
}

static sb_status h_http(sb_instance_ctx *ctx, const sb_http_client_request *rq, sb_http_result **out, char *err, size_t cap)
{
    (void)ctx, (void)err, (void)cap;
    char url[512];
    copy(url, sizeof url, rq->url);
    const char *api = "http://tg.test/bot" TOKEN "/", *files = "http://tg.test/file/bot" TOKEN "/";
    if (strncmp(url, "http://host.test/files/", 23) == 0) { *out = result(200, "PNGDATA", 7); return SB_OK; }
    if (strncmp(url, files, strlen(files)) == 0) { *out = result(200, "JPEGBYTES", 9); return SB_OK; }
    if (strncmp(url, "http://tg.test/bot", 18) == 0 && strncmp(url, api, strlen(api)) != 0) {
        const char *e = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
        *out = result(401, e, strlen(e));
        return SB_OK;
    }
    const char *method = url + strlen(api);
    if (H.calls < MAX_CALLS) {
        snprintf(H.methods[H.calls], 32, "%s", method);
        copy(H.bodies[H.calls], 8192, rq->body);
        for (size_t i = 0; i < rq->header_count; i++)
            if (rq->headers[i].name.len == 12 && strncmp(rq->headers[i].name.ptr, "Content-Type", 12) == 0)
                copy(H.ctypes[H.calls], 128, rq->headers[i].value);
        H.calls++;
    }
    const char *body;
    int32_t status = 200;
    if (strcmp(method, "getMe") == 0) body = "{\"ok\":true,\"result\":{\"id\":123456,\"is_bot\":true,\"first_name\":\"Acme Support\",\"username\":\"acme_support_bot\"}}";
    else if (strcmp(method, "setWebhook") == 0) body = "{\"ok\":true,\"result\":true,\"description\":\"Webhook was set\"}";
    else if (strcmp(method, "getWebhookInfo") == 0) body = "{\"ok\":true,\"result\":{\"url\":\"http://host.test/hooks/tg/updates\",\"pending_update_count\":3,\"last_error_date\":1700000000,\"last_error_message\":\"Connection refused\"}}";
    else if (strcmp(method, "getFile") == 0) body = "{\"ok\":true,\"result\":{\"file_id\":\"PH-big\",\"file_path\":\"photos/file_1.jpg\"}}";
    else if (H.limit_next) {
        H.limit_next = 0;
        status = 429;
        body = "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}";
    } else if (strcmp(method, "sendMessage") == 0 || strcmp(method, "sendPhoto") == 0 || strcmp(method, "sendDocument") == 0 ||
               strcmp(method, "sendChatAction") == 0)
        body = "{\"ok\":true,\"result\":{\"message_id\":77,\"chat\":{\"id\":42}}}";
    else { status = 404; body = "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}"; }
    *out = result(status, body, strlen(body));
    return SB_OK;
}

static sb_host_api host;

/* ---- driving the plugin ---------------------------------------------- */

static const sb_plugin_descriptor *d;
static void *inst;

static void post(const char *secret, const char *body)
{
    sb_header headers[] = { { LIT("X-Telegram-Bot-Api-Secret-Token"), cstr(secret) }, { LIT("Content-Type"), LIT("application/json") } };
    sb_http_request rq = { .struct_size = sizeof rq, .abi_minor = SB_ABI_MINOR, .method = LIT("POST"), .path = LIT("/updates"),
                           .headers = headers, .header_count = 2, .body = cstr(body), .remote_address = LIT("127.0.0.1") };
    H.status = 0;
    d->handle_http(inst, &rq, NULL);
}

static const char *secret_of(void)
{
    for (int i = 0; i < H.kv_count; i++)
        if (strcmp(H.kv_keys[i], "webhook_secret") == 0) return H.kv_values[i];
    return "";
}

static int find_call(const char *method)
{
    for (int i = H.calls - 1; i >= 0; i--)
        if (strcmp(H.methods[i], method) == 0) return i;
    return -1;
}

static sb_delivery_result deliver(const char *text, int32_t format, const char *attachments, const char *rich)
{
    sb_outbound_message m = { .struct_size = sizeof m, .abi_minor = SB_ABI_MINOR, .conversation_id = LIT("conv-1"), .message_id = 9,
                              .idempotency_key = LIT("key-9"), .attempt = 1, .format = format, .identity_kind = LIT("telegram_user"),
                              .identity_value = LIT("42"), .text = cstr(text), .rich_json = cstr(rich),
                              .attachments_json = cstr(attachments), .author_kind = LIT("agent") };
    sb_delivery_result r;
    memset(&r, 0, sizeof r);
    r.struct_size = sizeof r;
    char err[256];
    CHECK(d->deliver(inst, &m, &r, err, sizeof err) == SB_OK);
    return r;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: %s libtelegram.so libSwitchboardCServices.so\n", argv[0]); return 2; }
    void *services = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!services) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    void *table_sym = dlsym(services, "sb_c_services_table");
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    void *entry_sym = lib ? dlsym(lib, SB_ENTRY_SYMBOL) : NULL;
    if (!table_sym || !entry_sym) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    /* ISO C has no object-to-function pointer cast; POSIX makes this copy valid */
    const sb_c_services *(*table)(void);
    sb_entry_fn entry;
    memcpy(&table, &table_sym, sizeof table);
    memcpy(&entry, &entry_sym, sizeof entry);
    C = table();
    d = entry();
    CHECK(d->min_host_minor == 3);

    host = (sb_host_api){ .struct_size = sizeof host, .abi_minor = SB_ABI_MINOR, .log = h_log, .ingest = h_ingest,
                          .http_request = h_http, .http_result_free = h_result_free, .buffer_free = C->buffer_free,
                          .kv_get = h_kv_get, .kv_set = h_kv_set, .kv_delete = h_kv_delete, .kv_scan = h_kv_scan, .credential_get = h_credential,
                          .timer_start = h_timer_start, .timer_cancel = h_timer_cancel, .route_add = h_route_add,
                          .http_respond = h_respond, .http_add_header = h_add_header, .publish_status = h_publish,
                          .file_store = h_file_store, .claim_asset = h_claim, .c = C, .message_edit = h_edit };
    char err[256] = "";

    /* a host without the C services is refused with the reason */
    sb_host_api old = host;
    old.struct_size = offsetof(sb_host_api, c);
    sb_instance_info info = { .struct_size = sizeof info, .abi_minor = SB_ABI_MINOR, .instance_id = LIT("tg"),
                              .config_json = LIT("{\"bot_token_credential\": \"tg-bot1\", \"api_base_url\": \"http://tg.test/\"}"),
                              .route_prefix = LIT("/hooks/tg"), .public_base_url = LIT("http://host.test"), .deliver_timeout_ms = 10000 };
    CHECK(d->create(&old, NULL, &info, &inst, err, sizeof err) == SB_ERR_VERSION);
    CHECK(strstr(err, "1.3") != NULL);

    /* a missing credential names the field */
    sb_instance_info bad = info;
    bad.config_json = LIT("{\"bot_token_credential\": \"nope\"}");
    CHECK(d->create(&host, NULL, &bad, &inst, err, sizeof err) == SB_ERR_INVALID);
    CHECK(strstr(err, "bot_token_credential") != NULL);

    /* start: getMe, setWebhook with our URL and a secret (never the token), getWebhookInfo → status */
    CHECK(d->create(&host, NULL, &info, &inst, err, sizeof err) == SB_OK);
    CHECK(d->start(inst, err, sizeof err) == SB_OK);
    int set = find_call("setWebhook");
    CHECK(set >= 0);
    if (set >= 0) {
        CHECK(strstr(H.bodies[set], "\"url\":\"http://host.test/hooks/tg/updates\"") != NULL);
        CHECK(strstr(H.bodies[set], "\"secret_token\":\"") != NULL);
        CHECK(strstr(H.bodies[set], "AAtest-token") == NULL);
        CHECK(strstr(H.bodies[set], "\"allowed_updates\":[\"message\",\"edited_message\"]") != NULL);
    }
    CHECK(strlen(secret_of()) == 64);
    CHECK(strstr(H.published, "\"username\":\"acme_support_bot\"") != NULL);
    CHECK(strstr(H.published, "\"pending_update_count\":3") != NULL);
    CHECK(strstr(H.published, "\"last_error_message\":\"Connection refused\"") != NULL);
    CHECK(strstr(H.published, "AAtest-token") == NULL);

    /* a wrong secret: 403, nothing stored */
    post("wrong", "{\"update_id\":1,\"message\":{\"message_id\":5,\"date\":1700000000,\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"first_name\":\"Ann\"},\"text\":\"hi\"}}");
    CHECK(H.status == 403 && H.ingests == 0);

    char secret[65];
    snprintf(secret, sizeof secret, "%s", secret_of());
    /* malformed JSON: 400 */
    post(secret, "{\"update_id\":");
    CHECK(H.status == 400 && H.ingests == 0);
    post(secret, "{\"message\":{}}");
    CHECK(H.status == 400 && strstr(H.resp, "update_id") != NULL);

    /* a private text message, then the same update again: stored once */
    const char *text_update = "{\"update_id\":2,\"message\":{\"message_id\":5,\"date\":1700000000,\"chat\":{\"id\":42,\"type\":\"private\"},"
                              "\"from\":{\"id\":42,\"first_name\":\"Ann\",\"last_name\":\"Lee\"},\"text\":\"Hello \\u00e9\"}}";
    post(secret, text_update);
    CHECK(H.status == 200 && H.ingests == 1);
    CHECK(strcmp(H.kind, "telegram_user") == 0 && strcmp(H.who, "42") == 0 && strcmp(H.pmid, "42:5") == 0);
    CHECK(strcmp(H.text, "Hello \xc3\xa9") == 0 && strcmp(H.display, "Ann Lee") == 0);
    post(secret, text_update);
    CHECK(H.status == 200 && H.ingests == 1 && strstr(H.resp, "duplicate") != NULL);

    /* a group: its own conversation, the member's name on the line */
    post(secret, "{\"update_id\":3,\"message\":{\"message_id\":6,\"date\":1700000001,\"chat\":{\"id\":-1001,\"type\":\"supergroup\",\"title\":\"Ops\"},"
                 "\"from\":{\"id\":7,\"first_name\":\"Bob\"},\"text\":\"server down?\"}}");
    CHECK(H.status == 200 && strcmp(H.kind, "telegram_group") == 0 && strcmp(H.who, "-1001") == 0);
    CHECK(strcmp(H.text, "Bob: server down?") == 0 && strcmp(H.display, "Ops") == 0);

    /* a photo with a caption: getFile, download, file_store */
    post(secret, "{\"update_id\":4,\"message\":{\"message_id\":7,\"date\":1700000002,\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"first_name\":\"Ann\"},"
                 "\"caption\":\"my receipt\",\"photo\":[{\"file_id\":\"PH-small\",\"file_size\":100,\"width\":90,\"height\":90},{\"file_id\":\"PH-big\",\"file_size\":9000,\"width\":800,\"height\":800}]}}");
    CHECK(H.status == 200 && H.files_stored == 1 && strcmp(H.text, "my receipt") == 0);
    CHECK(strstr(H.attachments, "http://host.test/files/f1/photo.jpg") != NULL);
    int gf = find_call("getFile");
    CHECK(gf >= 0 && strstr(H.bodies[gf], "PH-big") != NULL);

    /* a 25 MB document: not fetched, stored with a note */
    int calls_before = H.calls;
    post(secret, "{\"update_id\":5,\"message\":{\"message_id\":8,\"date\":1700000003,\"chat\":{\"id\":42,\"type\":\"private\"},\"from\":{\"id\":42,\"first_name\":\"Ann\"},"
                 "\"document\":{\"file_id\":\"DOC1\",\"file_name\":\"scan.pdf\",\"mime_type\":\"application/pdf\",\"file_size\":26214400}}}");
    CHECK(H.status == 200 && H.files_stored == 1 && H.calls == calls_before);
    CHECK(strstr(H.text, "too large to fetch") != NULL && strstr(H.text, "scan.pdf") != NULL);

    /* an edit: the stored message takes the new text */
    int ingests_before = H.ingests;
    post(secret, "{\"update_id\":6,\"edited_message\":{\"message_id\":5,\"date\":1700000000,\"edit_date\":1700000100,\"chat\":{\"id\":42,\"type\":\"private\"},"
                 "\"from\":{\"id\":42,\"first_name\":\"Ann\"},\"text\":\"Hello again\"}}");
    CHECK(H.status == 200 && strstr(H.resp, "edited") != NULL && H.ingests == ingests_before);
    CHECK(strcmp(edited_id, "42:5") == 0 && strcmp(edited_text, "Hello again") == 0);
    /* an edit of a message the host never stored: stored as a new message, marked, under its own id */
    post(secret, "{\"update_id\":7,\"edited_message\":{\"message_id\":3,\"date\":1690000000,\"edit_date\":1700000200,\"chat\":{\"id\":42,\"type\":\"private\"},"
                 "\"from\":{\"id\":42,\"first_name\":\"Ann\"},\"text\":\"old one\"}}");
    CHECK(H.status == 200 && strcmp(H.text, "(edited) old one") == 0 && strcmp(H.pmid, "42:3:edit:1700000200") == 0);

    /* outbound Markdown: sendMessage with Telegram's HTML */
    sb_delivery_result r = deliver("**Thanks**, see [the docs](https://example.com/a?b=1&c=2) <now>", SB_FORMAT_MARKDOWN, "", "");
    int sm = find_call("sendMessage");
    CHECK(r.outcome == SB_DELIVERY_SENT && strcmp(r.provider_message_id, "42:77") == 0);
    CHECK(sm >= 0 && strstr(H.bodies[sm], "<strong>Thanks</strong>") != NULL && strstr(H.bodies[sm], "\"parse_mode\":\"HTML\"") != NULL);
    CHECK(sm >= 0 && strstr(H.bodies[sm], "&lt;now&gt;") != NULL && strstr(H.bodies[sm], "<a href=\\\"https://example.com/a?b=1&amp;c=2\\\">") != NULL);

    /* 5,000 characters: two messages, each within 4,096 */
    char long_text[5001];
    for (int i = 0; i < 5000; i++) long_text[i] = i % 50 == 49 ? ' ' : 'a';
    long_text[5000] = '\0';
    calls_before = H.calls;
    r = deliver(long_text, SB_FORMAT_PLAIN, "", "");
    CHECK(r.outcome == SB_DELIVERY_SENT && H.calls == calls_before + 2);
    CHECK(strlen(H.bodies[calls_before]) < 4096 + 64 && strstr(H.bodies[calls_before], "parse_mode") == NULL);

    /* a simple choice: a reply keyboard */
    r = deliver("Pick one", SB_FORMAT_PLAIN, "", "{\"title\":\"Size\",\"buttons\":[{\"title\":\"Small\"},{\"title\":\"Large\"}]}");
    sm = find_call("sendMessage");
    CHECK(r.outcome == SB_DELIVERY_SENT && sm >= 0 && strstr(H.bodies[sm], "\"keyboard\":[[{\"text\":\"Small\"}],[{\"text\":\"Large\"}]]") != NULL);

    /* an image attachment: fetched from the host, uploaded as multipart */
    r = deliver("", SB_FORMAT_PLAIN, "[{\"name\":\"chart.png\",\"content_type\":\"image/png\",\"size\":7,\"url\":\"/files/x/chart.png\"}]", "");
    int sp = find_call("sendPhoto");
    CHECK(r.outcome == SB_DELIVERY_SENT && sp >= 0);
    CHECK(sp >= 0 && strncmp(H.ctypes[sp], "multipart/form-data; boundary=", 30) == 0 && strstr(H.bodies[sp], "PNGDATA") != NULL);
    CHECK(sp >= 0 && strstr(H.bodies[sp], "filename=\"chart.png\"") != NULL);

    /* 429: wait exactly retry_after, no attempt spent */
    H.limit_next = 1;
    r = deliver("later", SB_FORMAT_PLAIN, "", "");
    CHECK(r.outcome == SB_DELIVERY_WAIT && r.retry_after_ms == 7000 && r.provider_status == 429);

    /* a wrong token is Telegram's 401: rejected, named */
    /* typing */
    d->on_conversation_signal(inst, LIT("conv-1"), LIT("agent.typing"), LIT("{}"));
    int ca = find_call("sendChatAction");
    CHECK(ca >= 0 && strstr(H.bodies[ca], "\"action\":\"typing\"") != NULL);

    /* erasure ("contact.erased"): the customer's chats and unfinished replies go, nobody else's */
    h_kv_set(NULL, LIT("chat:conv-1"), LIT("42"), NULL, 0);
    h_kv_set(NULL, LIT("chat:conv-2"), LIT("42"), NULL, 0);   /* an earlier conversation of the same chat */
    h_kv_set(NULL, LIT("chat:conv-9"), LIT("99"), NULL, 0);   /* another customer */
    h_kv_set(NULL, LIT("sent:k-42"), LIT("1 42:77"), NULL, 0);
    h_kv_set(NULL, LIT("sent:k-99"), LIT("1 99:78"), NULL, 0);
    d->on_conversation_signal(inst, LIT(""), LIT("contact.erased"), LIT("not json"));
    CHECK(strcmp(kv_value("chat:conv-1"), "42") == 0);
    d->on_conversation_signal(inst, LIT(""), LIT("contact.erased"),
        LIT("{\"contact_id\":\"ct_1\",\"identities\":[{\"kind\":\"email\",\"value\":\"99\"},{\"kind\":\"telegram_user\",\"value\":\"42\"}],"
            "\"conversation_ids\":[\"conv-1\"],\"side_conversation_ids\":[],\"attachment_urls\":[]}"));
    CHECK(kv_value("chat:conv-1")[0] == 0 && kv_value("chat:conv-2")[0] == 0 && kv_value("sent:k-42")[0] == 0);
    CHECK(strcmp(kv_value("chat:conv-9"), "99") == 0 && strcmp(kv_value("sent:k-99"), "1 99:78") == 0 && secret_of()[0] != 0);
    calls_before = H.calls;
    d->on_conversation_signal(inst, LIT("conv-1"), LIT("agent.typing"), LIT("{}"));
    CHECK(H.calls == calls_before); /* nothing left to type into */
    /* retention's notice: conversations only */
    d->on_conversation_signal(inst, LIT(""), LIT("contact.erased"),
        LIT("{\"contact_id\":null,\"identities\":[],\"conversation_ids\":[\"conv-9\"],\"side_conversation_ids\":[],\"attachment_urls\":[]}"));
    CHECK(kv_value("chat:conv-9")[0] == 0 && strcmp(kv_value("sent:k-99"), "1 99:78") == 0);

    d->stop(inst);
    d->destroy(inst);
    printf("telegram harness: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
