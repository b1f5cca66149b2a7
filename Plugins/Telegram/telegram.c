/*
** telegram.c -- a Telegram bot channel for Switchboard, in plain C11 against
** switchboard_plugin.h alone. One instance is one bot.
**
** Inbound:  Telegram POSTs updates to /hooks/<instance>/updates, registered by
**           setWebhook with a random secret_token (never the bot token in our
**           URL); X-Telegram-Bot-Api-Secret-Token is compared in constant time.
** Outbound: deliver() calls sendMessage / sendPhoto / sendDocument on
**           {api_base_url}/bot<token>/..., uploads as multipart/form-data.
**
** JSON, randomness, multipart bodies and Markdown come from the host's C
** services (host->c, ABI 1.3), so the library needs nothing but libc.
*/
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t under -std=c11 */

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

#define TG_EXPORT __attribute__((visibility("default")))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define LIT_INIT(lit) { (lit), sizeof(lit) - 1 }
#define LIT(lit) ((sb_str)LIT_INIT(lit))

#define DEFAULT_API_BASE "https://api.telegram.org"
#define BOT_DOWNLOAD_LIMIT (20L * 1024 * 1024) /* getFile serves files up to 20 MB to bots */
#define MAX_TEXT_UNITS 4096                   /* sendMessage's limit, in UTF-16 code units */
#define MAX_CAPTION_UNITS 1024
#define STATUS_REFRESH_MS 60000

/* ====================================================================== */
/* Small helpers                                                          */
/* ====================================================================== */

static sb_str cstr(const char *s) { return (sb_str){ s, s ? strlen(s) : 0 }; }

static int str_ieq(sb_str s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len != n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s.ptr[i], b = (unsigned char)lit[i];
        if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
        if (b >= 'A' && b <= 'Z') b = (unsigned char)(b + 32);
        if (a != b) return 0;
    }
    return 1;
}

static int str_is(sb_str s, const char *lit) { return s.len == strlen(lit) && (s.len == 0 || memcmp(s.ptr, lit, s.len) == 0); }

static char *dup_str(sb_str s)
{
    char *p = malloc(s.len + 1);
    if (p) {
        if (s.len) memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

static void free_secret(char *p)
{
    if (!p) return;
    volatile char *v = p;
    while (*v) *v++ = 0;
    free(p);
}

PRINTF_LIKE(4, 5)
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

/* A growable, NUL-terminated byte buffer; allocation failure is sticky. */
typedef struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
} strbuf;

static void buf_putn(strbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) { b->oom = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

PRINTF_LIKE(2, 3)
static void buf_printf(strbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) buf_putn(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static sb_str buf_str(const strbuf *b) { return (sb_str){ b->p, b->len }; }

/* ====================================================================== */
/* The instance                                                           */
/* ====================================================================== */

typedef struct tg_config {
    char *token;         /* the bot token (a secret): "<bot id>:<key>" */
    char *api_base;      /* without a trailing '/' */
    char bot_id[32];
} tg_config;

typedef struct tg {
    const sb_host_api *host;
    const sb_c_services *c;
    sb_instance_ctx *ctx;
    pthread_rwlock_t lock; /* guards cfg (reconfigure swaps it) and the status fields */
    tg_config *cfg;
    char secret[65];       /* the webhook's secret_token: 64 hex digits */
    char *webhook_url;
    char *public_base;     /* the host's external base URL, for its own file URLs given as paths */
    char bot_name[256];
    char bot_username[128];
    char last_error[512];
    int webhook_registered;
    uint32_t deliver_timeout_ms;
    uint64_t timer_id;
} tg;

PRINTF_LIKE(3, 4)
static void tlog(const tg *t, int32_t level, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    t->host->log(t->ctx, level, cstr(line));
}

static void config_free(tg_config *c)
{
    if (!c) return;
    free_secret(c->token);
    free(c->api_base);
    free(c);
}

/* The configuration object: {"bot_token_credential": "...", "api_base_url": "..."}. */
static sb_status config_load(const tg *t, sb_str json, tg_config **out, char *err, size_t cap)
{
    const sb_c_services *c = t->c;
    sb_json_doc *doc = NULL;
    char why[256];
    if (c->json_parse(json, &doc, why, sizeof why) != SB_OK)
        return fail(err, cap, SB_ERR_INVALID, "configuration: %s", why);
    const sb_json *root = c->json_root(doc);
    sb_str cred = c->json_string(c->json_member(root, LIT("bot_token_credential")));
    const sb_json *base = c->json_member(root, LIT("api_base_url"));
    sb_str base_url = c->json_type(base) == SB_JSON_STRING ? c->json_string(base) : LIT(DEFAULT_API_BASE);
    sb_status st = SB_OK;
    tg_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg) { c->json_free(doc); return fail(err, cap, SB_ERR_INTERNAL, "out of memory"); }
    if (cred.len == 0) {
        st = fail(err, cap, SB_ERR_INVALID, "bot_token_credential: required (the credential id holding the bot token)");
        goto done;
    }
    if (!(base_url.len > 7 && (memcmp(base_url.ptr, "http://", 7) == 0 || (base_url.len > 8 && memcmp(base_url.ptr, "https://", 8) == 0)))) {
        st = fail(err, cap, SB_ERR_INVALID, "api_base_url: must be an http:// or https:// URL");
        goto done;
    }
    while (base_url.len > 0 && base_url.ptr[base_url.len - 1] == '/') base_url.len--;
    cfg->api_base = dup_str(base_url);
    sb_buffer *secret = NULL;
    char cerr[256];
    sb_status got = t->host->credential_get(t->ctx, cred, &secret, cerr, sizeof cerr);
    if (got != SB_OK) {
        st = fail(err, cap, SB_ERR_INVALID, "bot_token_credential: %s", cerr);
        goto done;
    }
    cfg->token = dup_str((sb_str){ secret->data, secret->len });
    {   /* wipe the host's copy before handing it back */
        volatile char *v = secret->data;
        for (size_t i = 0; i < secret->len; i++) v[i] = 0;
    }
    t->host->buffer_free(secret);
    const char *colon = cfg->token ? strchr(cfg->token, ':') : NULL;
    size_t id_len = colon ? (size_t)(colon - cfg->token) : 0;
    int digits = id_len > 0 && id_len < sizeof cfg->bot_id;
    for (size_t i = 0; digits && i < id_len; i++) digits = cfg->token[i] >= '0' && cfg->token[i] <= '9';
    if (!digits || !colon[1]) {
        st = fail(err, cap, SB_ERR_INVALID, "bot_token_credential: the secret is not a bot token (\"<bot id>:<key>\" from @BotFather)");
        goto done;
    }
    memcpy(cfg->bot_id, cfg->token, id_len);
    cfg->bot_id[id_len] = '\0';
done:
    c->json_free(doc);
    if (st != SB_OK || !cfg->api_base) {
        config_free(cfg);
        return st != SB_OK ? st : fail(err, cap, SB_ERR_INTERNAL, "out of memory");
    }
    *out = cfg;
    return SB_OK;
}

/* ====================================================================== */
/* The Bot API                                                            */
/* ====================================================================== */

/* What one Bot API call came back with. */
typedef struct tg_reply {
    int32_t http_status;      /* 0: no answer (transport failure) */
    int ok;                   /* the envelope's "ok" */
    int32_t error_code;
    int64_t retry_after;      /* parameters.retry_after on a 429, in seconds */
    char description[300];    /* Telegram's description, or the transport's error */
    sb_json_doc *doc;         /* the whole answer (owned); result at "result" */
} tg_reply;

static void reply_free(const tg *t, tg_reply *r) { t->c->json_free(r->doc); r->doc = NULL; }

static const sb_json *reply_result(const tg *t, const tg_reply *r)
{
    return t->c->json_member(t->c->json_root(r->doc), LIT("result"));
}

/* POST {api}/bot<token>/<method> with body (JSON or multipart, content_type says). */
static void bot_call(const tg *t, const tg_config *cfg, const char *method, sb_str content_type, sb_str body,
                     uint32_t timeout_ms, tg_reply *out)
{
    const sb_c_services *c = t->c;
    memset(out, 0, sizeof *out);
    strbuf url = { 0 };
    buf_printf(&url, "%s/bot", cfg->api_base);
    buf_putn(&url, cfg->token, strlen(cfg->token));
    buf_printf(&url, "/%s", method);
    sb_header headers[] = { { LIT("Content-Type"), content_type }, { LIT("Accept"), LIT("application/json") } };
    sb_http_client_request rq = { .struct_size = sizeof rq, .abi_minor = SB_ABI_MINOR, .method = LIT("POST"),
                                  .url = buf_str(&url), .headers = headers, .header_count = 2, .body = body,
                                  .timeout_ms = timeout_ms };
    sb_http_result *res = NULL;
    char why[256] = "";
    sb_status st = url.oom ? SB_ERR_INTERNAL : t->host->http_request(t->ctx, &rq, &res, why, sizeof why);
    free_secret(url.p); /* it holds the token */
    if (st != SB_OK) {
        snprintf(out->description, sizeof out->description, "%s: %s", method, why[0] ? why : "request failed");
        return;
    }
    out->http_status = res->status;
    char perr[128];
    if (c->json_parse(res->body, &out->doc, perr, sizeof perr) != SB_OK) {
        snprintf(out->description, sizeof out->description, "%s: HTTP %d with a body that is not JSON", method, (int)res->status);
    } else {
        const sb_json *root = c->json_root(out->doc);
        out->ok = c->json_bool(c->json_member(root, LIT("ok")));
        int64_t n = 0;
        if (c->json_int(c->json_member(root, LIT("error_code")), &n)) out->error_code = (int32_t)n;
        if (c->json_int(c->json_path(root, LIT("parameters.retry_after")), &n)) out->retry_after = n;
        sb_str d = c->json_string(c->json_member(root, LIT("description")));
        if (!out->ok) snprintf(out->description, sizeof out->description, "%s: %.*s", method, (int)d.len, d.ptr ? d.ptr : "");
    }
    t->host->http_result_free(res);
}

/* A JSON-bodied call: the writer w holds the parameters object (consumed). */
static void bot_call_json(const tg *t, const tg_config *cfg, const char *method, sb_json_writer *w, uint32_t timeout_ms,
                          tg_reply *out)
{
    sb_buffer *body = NULL;
    char why[200];
    if (t->c->json_writer_finish(w, &body, why, sizeof why) != SB_OK) {
        memset(out, 0, sizeof *out);
        snprintf(out->description, sizeof out->description, "%s: %s", method, why);
        return;
    }
    bot_call(t, cfg, method, LIT("application/json"), (sb_str){ body->data, body->len }, timeout_ms, out);
    t->c->buffer_free(body);
}

/* GET a URL (a file download, or one of the host's files to upload). */
static sb_status http_get(const tg *t, sb_str url, uint32_t timeout_ms, sb_http_result **res, char *why, size_t cap)
{
    sb_http_client_request rq = { .struct_size = sizeof rq, .abi_minor = SB_ABI_MINOR, .method = LIT("GET"), .url = url,
                                  .timeout_ms = timeout_ms };
    return t->host->http_request(t->ctx, &rq, res, why, cap);
}

/* ====================================================================== */
/* Webhook registration and plugin_status                                 */
/* ====================================================================== */

static void publish_status(tg *t, const tg_config *cfg, const sb_json *info)
{
    const sb_c_services *c = t->c;
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("bot"));
    c->json_begin_object(w);
    c->json_key(w, LIT("id"));
    c->json_add_string(w, cstr(cfg->bot_id));
    c->json_key(w, LIT("name"));
    c->json_add_string(w, cstr(t->bot_name));
    c->json_key(w, LIT("username"));
    c->json_add_string(w, cstr(t->bot_username));
    c->json_end(w);
    c->json_key(w, LIT("webhook_url"));
    c->json_add_string(w, cstr(t->webhook_url));
    c->json_key(w, LIT("webhook_registered"));
    c->json_add_bool(w, t->webhook_registered);
    if (info) {
        int64_t n = 0;
        c->json_key(w, LIT("pending_update_count"));
        c->json_add_int(w, c->json_int(c->json_member(info, LIT("pending_update_count")), &n) ? n : 0);
        sb_str last = c->json_string(c->json_member(info, LIT("last_error_message")));
        c->json_key(w, LIT("last_error_message"));
        if (last.len) c->json_add_string(w, last); else c->json_add_null(w);
        c->json_key(w, LIT("last_error_date"));
        if (c->json_int(c->json_member(info, LIT("last_error_date")), &n)) c->json_add_int(w, n); else c->json_add_null(w);
        sb_str registered_url = c->json_string(c->json_member(info, LIT("url")));
        c->json_key(w, LIT("telegram_webhook_url"));
        c->json_add_string(w, registered_url);
    }
    c->json_key(w, LIT("error"));
    if (t->last_error[0]) c->json_add_string(w, cstr(t->last_error)); else c->json_add_null(w);
    c->json_end(w);
    sb_buffer *json = NULL;
    char why[200];
    if (c->json_writer_finish(w, &json, why, sizeof why) == SB_OK) {
        t->host->publish_status(t->ctx, (sb_str){ json->data, json->len }, why, sizeof why);
        c->buffer_free(json);
    }
}

/* getMe, setWebhook, getWebhookInfo; publishes what it learnt either way. */
static void register_webhook(tg *t)
{
    const sb_c_services *c = t->c;
    pthread_rwlock_rdlock(&t->lock);
    const tg_config *cfg = t->cfg;
    tg_reply r;
    t->last_error[0] = '\0';
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_end(w);
    bot_call_json(t, cfg, "getMe", w, 10000, &r);
    if (r.ok) {
        const sb_json *me = reply_result(t, &r);
        sb_str first = c->json_string(c->json_member(me, LIT("first_name")));
        sb_str user = c->json_string(c->json_member(me, LIT("username")));
        snprintf(t->bot_name, sizeof t->bot_name, "%.*s", (int)first.len, first.ptr ? first.ptr : "");
        snprintf(t->bot_username, sizeof t->bot_username, "%.*s", (int)user.len, user.ptr ? user.ptr : "");
    } else {
        snprintf(t->last_error, sizeof t->last_error, "%s", r.description);
    }
    reply_free(t, &r);
    if (!t->last_error[0]) {
        w = c->json_writer_new();
        c->json_begin_object(w);
        c->json_key(w, LIT("url"));
        c->json_add_string(w, cstr(t->webhook_url));
        c->json_key(w, LIT("secret_token"));
        c->json_add_string(w, cstr(t->secret));
        c->json_key(w, LIT("allowed_updates"));
        c->json_begin_array(w);
        c->json_add_string(w, LIT("message"));
        c->json_add_string(w, LIT("edited_message"));
        c->json_end(w);
        c->json_end(w);
        bot_call_json(t, cfg, "setWebhook", w, 10000, &r);
        t->webhook_registered = r.ok;
        if (!r.ok) snprintf(t->last_error, sizeof t->last_error, "%s", r.description);
        reply_free(t, &r);
    }
    w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_end(w);
    bot_call_json(t, cfg, "getWebhookInfo", w, 10000, &r);
    publish_status(t, cfg, r.ok ? reply_result(t, &r) : NULL);
    reply_free(t, &r);
    if (t->last_error[0]) tlog(t, SB_LOG_WARN, "webhook registration: %s", t->last_error);
    else tlog(t, SB_LOG_INFO, "webhook registered for @%s at %s", t->bot_username, t->webhook_url);
    pthread_rwlock_unlock(&t->lock);
}

/* ====================================================================== */
/* Inbound updates                                                        */
/* ====================================================================== */

static void respond(const tg *t, sb_http_exchange *ex, int32_t status, const char *json)
{
    t->host->http_respond(ex, status, LIT("application/json"), cstr(json));
}

static void respond_error(const tg *t, sb_http_exchange *ex, int32_t status, const char *code, const char *message)
{
    const sb_c_services *c = t->c;
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("error"));
    c->json_add_string(w, cstr(code));
    c->json_key(w, LIT("message"));
    c->json_add_string(w, cstr(message));
    c->json_end(w);
    sb_buffer *body = NULL;
    if (c->json_writer_finish(w, &body, NULL, 0) == SB_OK) {
        t->host->http_respond(ex, status, LIT("application/json"), (sb_str){ body->data, body->len });
        c->buffer_free(body);
    } else {
        respond(t, ex, status, "{\"error\":\"internal\"}");
    }
}

static int secret_matches(const tg *t, const sb_http_request *req)
{
    sb_str given = { NULL, 0 };
    int seen = 0;
    for (size_t i = 0; i < req->header_count; i++)
        if (str_ieq(req->headers[i].name, "X-Telegram-Bot-Api-Secret-Token")) given = req->headers[i].value, seen++;
    return seen == 1 && t->c->equal_constant_time(given, cstr(t->secret));
}

/* "Ann Smith" from a Telegram user object (first_name is required there). */
static void user_name(const tg *t, const sb_json *user, strbuf *out)
{
    const sb_c_services *c = t->c;
    sb_str first = c->json_string(c->json_member(user, LIT("first_name")));
    sb_str last = c->json_string(c->json_member(user, LIT("last_name")));
    buf_putn(out, first.ptr, first.len);
    if (last.len) { buf_putn(out, " ", 1); buf_putn(out, last.ptr, last.len); }
    if (out->len == 0) {
        sb_str user_name = c->json_string(c->json_member(user, LIT("username")));
        buf_putn(out, user_name.ptr, user_name.len);
    }
}

/* One file of a message: its file_id, size, name and type as Telegram described it. */
typedef struct tg_file {
    sb_str file_id, name, mime;
    int64_t size;
    const char *kind; /* "photo", "document", "voice", "video", "audio" */
} tg_file;

static int find_file(const tg *t, const sb_json *msg, tg_file *f)
{
    const sb_c_services *c = t->c;
    memset(f, 0, sizeof *f);
    const sb_json *photo = c->json_member(msg, LIT("photo"));
    const sb_json *item = NULL;
    if (c->json_count(photo) > 0) {
        item = c->json_at(photo, c->json_count(photo) - 1); /* sizes come smallest first: keep the largest */
        f->kind = "photo";
        f->name = LIT("photo.jpg");
        f->mime = LIT("image/jpeg");
    } else {
        static const char *const kinds[] = { "document", "video", "voice", "audio", "animation" };
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds && !item; i++) {
            item = c->json_member(msg, cstr(kinds[i]));
            if (c->json_type(item) != SB_JSON_OBJECT) item = NULL;
            else f->kind = kinds[i];
        }
        if (!item) return 0;
        f->name = c->json_string(c->json_member(item, LIT("file_name")));
        f->mime = c->json_string(c->json_member(item, LIT("mime_type")));
        if (f->name.len == 0) f->name = strcmp(f->kind, "voice") == 0 ? LIT("voice.ogg") : strcmp(f->kind, "video") == 0 ? LIT("video.mp4") : LIT("file");
        if (f->mime.len == 0) f->mime = LIT("application/octet-stream");
    }
    f->file_id = c->json_string(c->json_member(item, LIT("file_id")));
    if (!c->json_int(c->json_member(item, LIT("file_size")), &f->size)) f->size = -1;
    return f->file_id.len > 0;
}

/* The note that stands for a file we could not fetch, so the agent knows it exists. */
static void too_large_note(const tg_file *f, strbuf *text)
{
    if (text->len) buf_putn(text, "\n\n", 2);
    buf_printf(text, "[%s \"%.*s\" (%.1f MB) is too large to fetch: Telegram gives bots files up to 20 MB; ask the customer to send it another way]",
               f->kind, (int)f->name.len, f->name.ptr, (double)f->size / (1024.0 * 1024.0));
}

/* getFile + download + file_store. 1: stored (attachment JSON in *attachment); 0: too large (note
   added); -1: a failure worth a retry (why says it). */
static int fetch_file(tg *t, const tg_config *cfg, const tg_file *f, sb_buffer **attachment, strbuf *text, char *why, size_t cap)
{
    const sb_c_services *c = t->c;
    if (f->size > BOT_DOWNLOAD_LIMIT) { too_large_note(f, text); return 0; }
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("file_id"));
    c->json_add_string(w, f->file_id);
    c->json_end(w);
    tg_reply r;
    bot_call_json(t, cfg, "getFile", w, 10000, &r);
    if (!r.ok) {
        int too_big = r.http_status == 400 && strstr(r.description, "too big") != NULL;
        snprintf(why, cap, "%s", r.description);
        reply_free(t, &r);
        if (too_big) { too_large_note(f, text); return 0; }
        return -1;
    }
    sb_str path = c->json_string(c->json_path(c->json_root(r.doc), LIT("result.file_path")));
    strbuf url = { 0 };
    buf_printf(&url, "%s/file/bot", cfg->api_base);
    buf_putn(&url, cfg->token, strlen(cfg->token));
    buf_putn(&url, "/", 1);
    buf_putn(&url, path.ptr, path.len);
    reply_free(t, &r);
    sb_http_result *res = NULL;
    sb_status st = url.oom ? SB_ERR_INTERNAL : http_get(t, buf_str(&url), 20000, &res, why, cap);
    free_secret(url.p);
    if (st != SB_OK) return -1;
    int result = -1;
    if (res->status != 200) {
        snprintf(why, cap, "file download: HTTP %d", (int)res->status);
    } else if (t->host->file_store(t->ctx, f->name, f->mime, res->body, attachment, why, cap) == SB_OK) {
        result = 1;
    }
    t->host->http_result_free(res);
    return result;
}

/* Store one message (or its edit). Answers the exchange. */
static void handle_message(tg *t, const tg_config *cfg, const sb_json *msg, int edited, sb_http_exchange *ex)
{
    const sb_c_services *c = t->c;
    int64_t chat_id = 0, message_id = 0, date = 0;
    const sb_json *chat = c->json_member(msg, LIT("chat"));
    if (!c->json_int(c->json_member(chat, LIT("id")), &chat_id) || !c->json_int(c->json_member(msg, LIT("message_id")), &message_id)) {
        respond_error(t, ex, 400, "invalid_update", "message.chat.id and message.message_id are required integers");
        return;
    }
    c->json_int(c->json_member(msg, LIT("date")), &date);
    sb_str chat_type = c->json_string(c->json_member(chat, LIT("type")));
    int group = str_is(chat_type, "group") || str_is(chat_type, "supergroup");

    strbuf text = { 0 }, sender = { 0 }, display = { 0 };
    sb_buffer *attachment = NULL; /* declared before the first goto out */
    user_name(t, c->json_member(msg, LIT("from")), &sender);
    sb_str body = c->json_string(c->json_member(msg, LIT("text")));
    if (body.len == 0) body = c->json_string(c->json_member(msg, LIT("caption")));
    if (group) {
        /* a group is one conversation: each line says who wrote it */
        sb_str title = c->json_string(c->json_member(chat, LIT("title")));
        buf_putn(&display, title.ptr, title.len);
        if (sender.len) { buf_putn(&text, sender.p, sender.len); buf_putn(&text, ": ", 2); }
    } else {
        buf_putn(&display, sender.p, sender.len);
    }
    buf_putn(&text, body.ptr, body.len);

    char why[300] = "";
    if (edited && text.len > 0) {
        /* the stored message takes the new text; one from before this channel existed is stored anew */
        char original[96];
        snprintf(original, sizeof original, "%lld:%lld", (long long)chat_id, (long long)message_id);
        sb_status st = SB_HAS_FIELD(t->host, sb_host_api, message_edit) && t->host->message_edit
                           ? t->host->message_edit(t->ctx, cstr(original), buf_str(&text), SB_FORMAT_PLAIN, why, sizeof why)
                           : SB_ERR_NOT_FOUND;
        if (st == SB_OK) { respond(t, ex, 200, "{\"status\":\"edited\"}"); goto out; }
        if (st != SB_ERR_NOT_FOUND) {
            tlog(t, SB_LOG_WARN, "edit not stored, Telegram will retry: %s", why);
            respond_error(t, ex, 503, "edit_failed", why);
            goto out;
        }
        strbuf marked = { 0 };
        buf_putn(&marked, "(edited) ", 9);
        buf_putn(&marked, text.p, text.len);
        free(text.p);
        text = marked;
    }

    tg_file f;
    if (find_file(t, msg, &f) && !edited) {
        if (fetch_file(t, cfg, &f, &attachment, &text, why, sizeof why) < 0) {
            tlog(t, SB_LOG_WARN, "update not stored, Telegram will retry: %s", why);
            respond_error(t, ex, 503, "file_unavailable", why);
            goto out;
        }
    }
    if (text.len == 0 && !attachment) {
        respond(t, ex, 200, "{\"status\":\"ignored\",\"reason\":\"nothing to store (a sticker, a service message)\"}");
        goto out;
    }
    {
        char identity[32], pmid[96];
        snprintf(identity, sizeof identity, "%lld", (long long)chat_id);
        /* the message's own id (edits get theirs from the edit date): a repeated update stores nothing */
        if (edited) {
            int64_t edit_date = 0;
            c->json_int(c->json_member(msg, LIT("edit_date")), &edit_date);
            snprintf(pmid, sizeof pmid, "%lld:%lld:edit:%lld", (long long)chat_id, (long long)message_id, (long long)edit_date);
        } else {
            snprintf(pmid, sizeof pmid, "%lld:%lld", (long long)chat_id, (long long)message_id);
        }
        strbuf attachments = { 0 };
        if (attachment) {
            buf_putn(&attachments, "[", 1);
            buf_putn(&attachments, attachment->data, attachment->len);
            buf_putn(&attachments, "]", 1);
        }
        sb_inbound_message m = { .struct_size = sizeof m, .abi_minor = SB_ABI_MINOR,
                                 .identity_kind = group ? LIT("telegram_group") : LIT("telegram_user"),
                                 .identity_value = cstr(identity), .provider_message_id = cstr(pmid),
                                 .text = buf_str(&text), .format = SB_FORMAT_PLAIN, .display_name = buf_str(&display),
                                 .attachments_json = buf_str(&attachments), .sent_at_ms = date * 1000 };
        sb_ingest_result res = { .struct_size = sizeof res };
        sb_status st = t->host->ingest(t->ctx, &m, &res, why, sizeof why);
        free(attachments.p);
        if (st == SB_OK || st == SB_DUPLICATE) {
            /* remembered for typing indicators, which name only the conversation */
            char key[96];
            snprintf(key, sizeof key, "chat:%s", res.conversation_id);
            t->host->kv_set(t->ctx, cstr(key), cstr(identity), NULL, 0);
            respond(t, ex, 200, st == SB_OK ? "{\"status\":\"stored\"}" : "{\"status\":\"duplicate\"}");
        } else {
            tlog(t, SB_LOG_WARN, "ingest failed, Telegram will retry: %s", why);
            respond_error(t, ex, 503, "ingest_failed", why);
        }
    }
out:
    if (attachment) c->buffer_free(attachment);
    free(text.p);
    free(sender.p);
    free(display.p);
}

static void tg_handle_http(void *instance, const sb_http_request *req, sb_http_exchange *ex)
{
    tg *t = instance;
    const sb_c_services *c = t->c;
    if (!str_is(req->path, "/updates")) { respond_error(t, ex, 404, "not_found", "unknown path"); return; }
    pthread_rwlock_rdlock(&t->lock);
    if (!secret_matches(t, req)) {
        tlog(t, SB_LOG_WARN, "refused an update from %.*s: missing or wrong X-Telegram-Bot-Api-Secret-Token",
             (int)req->remote_address.len, req->remote_address.ptr);
        respond_error(t, ex, 403, "forbidden", "missing or wrong X-Telegram-Bot-Api-Secret-Token");
        goto out;
    }
    sb_json_doc *doc = NULL;
    char why[256];
    if (c->json_parse(req->body, &doc, why, sizeof why) != SB_OK) {
        respond_error(t, ex, 400, "invalid_json", why);
        goto out;
    }
    const sb_json *update = c->json_root(doc);
    int64_t update_id;
    if (c->json_type(update) != SB_JSON_OBJECT || !c->json_int(c->json_member(update, LIT("update_id")), &update_id)) {
        respond_error(t, ex, 400, "invalid_update", "update_id: a required integer");
    } else if (c->json_type(c->json_member(update, LIT("message"))) == SB_JSON_OBJECT) {
        handle_message(t, t->cfg, c->json_member(update, LIT("message")), 0, ex);
    } else if (c->json_type(c->json_member(update, LIT("edited_message"))) == SB_JSON_OBJECT) {
        handle_message(t, t->cfg, c->json_member(update, LIT("edited_message")), 1, ex);
    } else {
        respond(t, ex, 200, "{\"status\":\"ignored\",\"reason\":\"an update type this channel does not take\"}");
    }
    c->json_free(doc);
out:
    pthread_rwlock_unlock(&t->lock);
}

/* ====================================================================== */
/* Outbound                                                               */
/* ====================================================================== */

PRINTF_LIKE(3, 4)
static void outcome(sb_delivery_result *res, int32_t what, const char *fmt, ...)
{
    res->outcome = what;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->detail, sizeof res->detail, fmt, ap);
    va_end(ap);
}

/* How a failed call maps to an outcome. 1 when it was a failure (res filled). */
static int failed_reply(const tg_reply *r, sb_delivery_result *res)
{
    if (r->ok) return 0;
    res->provider_status = r->http_status;
    if (r->http_status == 0) outcome(res, SB_DELIVERY_RETRY, "%s", r->description);
    else if (r->http_status == 429 || r->error_code == 429) {
        /* honour retry_after exactly: wait without spending an attempt */
        uint64_t ms = (uint64_t)(r->retry_after > 0 ? r->retry_after : 1) * 1000;
        if (SB_HAS_FIELD(res, sb_delivery_result, retry_after_ms)) {
            outcome(res, SB_DELIVERY_WAIT, "Telegram rate limit: retry after %lld s (%s)", (long long)(ms / 1000), r->description);
            res->retry_after_ms = (uint32_t)(ms > 3600000 ? 3600000 : ms);
        } else {
            outcome(res, SB_DELIVERY_RETRY, "%s", r->description);
        }
    } else if (r->http_status >= 500) outcome(res, SB_DELIVERY_RETRY, "%s", r->description);
    else outcome(res, SB_DELIVERY_REJECTED, "%s", r->description);
    return 1;
}

/* Byte length of the longest prefix of s within max UTF-16 units, cut at a line break or space
   in its last quarter when there is one. */
static size_t split_point(sb_str s, size_t max_units)
{
    size_t units = 0, i = 0, last_break = 0;
    while (i < s.len) {
        unsigned char b = (unsigned char)s.ptr[i];
        size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        size_t u = n == 4 ? 2 : 1;
        if (units + u > max_units) break;
        if (b == '\n' || b == ' ') last_break = i + 1;
        units += u;
        i += n;
    }
    if (i >= s.len) return s.len;
    return last_break > i * 3 / 4 ? last_break : i;
}

/* The reply keyboard a rich reply's simple options become (one button per row). */
static void add_keyboard(const tg *t, sb_json_writer *w, sb_str rich_json)
{
    const sb_c_services *c = t->c;
    if (rich_json.len == 0) return;
    sb_json_doc *doc = NULL;
    if (c->json_parse(rich_json, &doc, NULL, 0) != SB_OK) return;
    static const char *const keys[] = { "quick_replies", "choices", "options", "buttons", "actions" };
    int open = 0;
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        const sb_json *list = c->json_member(c->json_root(doc), cstr(keys[k]));
        for (size_t i = 0; i < c->json_count(list); i++) {
            const sb_json *o = c->json_at(list, i);
            sb_str label = c->json_string(o);
            if (!label.len) label = c->json_string(c->json_member(o, LIT("title")));
            if (!label.len) label = c->json_string(c->json_member(o, LIT("label")));
            if (!label.len) label = c->json_string(c->json_member(o, LIT("text")));
            if (!label.len) continue;
            if (!open) {
                c->json_key(w, LIT("reply_markup"));
                c->json_begin_object(w);
                c->json_key(w, LIT("keyboard"));
                c->json_begin_array(w);
                open = 1;
            }
            c->json_begin_array(w);
            c->json_begin_object(w);
            c->json_key(w, LIT("text"));
            c->json_add_string(w, label);
            c->json_end(w);
            c->json_end(w);
        }
    }
    if (open) {
        c->json_end(w);
        c->json_key(w, LIT("one_time_keyboard"));
        c->json_add_bool(w, 1);
        c->json_key(w, LIT("resize_keyboard"));
        c->json_add_bool(w, 1);
        c->json_end(w);
    }
    c->json_free(doc);
}

/* The progress of a multi-part reply, so a retry sends only what did not go yet. */
static int parts_sent(const tg *t, sb_str idempotency_key, char *first_id, size_t cap)
{
    char key[160];
    snprintf(key, sizeof key, "sent:%.*s", (int)idempotency_key.len, idempotency_key.ptr);
    sb_buffer *v = NULL;
    int n = 0;
    if (t->host->kv_get(t->ctx, cstr(key), &v, NULL, 0) == SB_OK) {
        char id[128] = "";
        if (sscanf(v->data, "%d %127s", &n, id) >= 1 && first_id) snprintf(first_id, cap, "%s", id);
        t->host->buffer_free(v);
    }
    return n;
}

static void record_sent(const tg *t, sb_str idempotency_key, int n, const char *first_id)
{
    char key[160], value[160];
    snprintf(key, sizeof key, "sent:%.*s", (int)idempotency_key.len, idempotency_key.ptr);
    snprintf(value, sizeof value, "%d %s", n, first_id);
    t->host->kv_set(t->ctx, cstr(key), cstr(value), NULL, 0);
}

/* sendMessage of one text part. */
static void send_text(const tg *t, const tg_config *cfg, sb_str chat_id, sb_str text, int html, sb_str rich_json,
                      uint32_t timeout_ms, tg_reply *r)
{
    const sb_c_services *c = t->c;
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("chat_id"));
    c->json_add_string(w, chat_id);
    c->json_key(w, LIT("text"));
    c->json_add_string(w, text);
    if (html) { c->json_key(w, LIT("parse_mode")); c->json_add_string(w, LIT("HTML")); }
    add_keyboard(t, w, rich_json);
    c->json_end(w);
    bot_call_json(t, cfg, "sendMessage", w, timeout_ms, r);
}

/* One attachment: fetched from the host, uploaded as multipart (Telegram often cannot reach a
   self-hosted host's URLs). Images go as photos, everything else as documents. */
static void send_file(tg *t, const tg_config *cfg, sb_str chat_id, const sb_json *item, uint32_t timeout_ms, tg_reply *r)
{
    const sb_c_services *c = t->c;
    sb_str url = c->json_string(c->json_member(item, LIT("url")));
    sb_str name = c->json_string(c->json_member(item, LIT("name")));
    sb_str type = c->json_string(c->json_member(item, LIT("content_type")));
    memset(r, 0, sizeof *r);
    strbuf full = { 0 };
    if (url.len && url.ptr[0] == '/') buf_putn(&full, t->public_base, strlen(t->public_base));
    buf_putn(&full, url.ptr, url.len);
    sb_http_result *file = NULL;
    char why[256] = "";
    if (!url.len || http_get(t, buf_str(&full), timeout_ms / 2, &file, why, sizeof why) != SB_OK || file->status != 200) {
        snprintf(r->description, sizeof r->description, "attachment %.*s: %s", (int)name.len, name.ptr,
                 why[0] ? why : "the host did not serve it");
        r->http_status = 0;
        if (file) t->host->http_result_free(file);
        free(full.p);
        return;
    }
    free(full.p);
    int photo = type.len >= 6 && memcmp(type.ptr, "image/", 6) == 0 && !(type.len == 13 && memcmp(type.ptr, "image/svg+xml", 13) == 0);
    sb_multipart *m = c->multipart_new();
    c->multipart_add_field(m, LIT("chat_id"), chat_id);
    c->multipart_add_file(m, photo ? LIT("photo") : LIT("document"), name.len ? name : LIT("file"), type, file->body);
    t->host->http_result_free(file);
    sb_buffer *body = NULL, *ctype = NULL;
    if (c->multipart_finish(m, &body, &ctype, why, sizeof why) != SB_OK) {
        snprintf(r->description, sizeof r->description, "multipart: %s", why);
        return;
    }
    bot_call(t, cfg, photo ? "sendPhoto" : "sendDocument", (sb_str){ ctype->data, ctype->len }, (sb_str){ body->data, body->len },
             timeout_ms, r);
    c->buffer_free(body);
    c->buffer_free(ctype);
}

static sb_status tg_deliver(void *instance, const sb_outbound_message *m, sb_delivery_result *res, char *err, size_t err_cap)
{
    (void)err, (void)err_cap;
    tg *t = instance;
    const sb_c_services *c = t->c;
    if (!str_is(m->identity_kind, "telegram_user") && !str_is(m->identity_kind, "telegram_group")) {
        outcome(res, SB_DELIVERY_REJECTED, "identity kind %.*s is not a Telegram chat", (int)m->identity_kind.len, m->identity_kind.ptr);
        return SB_OK;
    }
    uint32_t timeout = t->deliver_timeout_ms ? t->deliver_timeout_ms * 3 / 4 : 10000;
    pthread_rwlock_rdlock(&t->lock);
    const tg_config *cfg = t->cfg;
    char first_id[128] = "";
    int done = parts_sent(t, m->idempotency_key, first_id, sizeof first_id), index = 0, failed = 0;

    /* the text, in parts of at most 4,096 UTF-16 units, each rendered to Telegram's HTML */
    sb_str rest = m->text;
    int html = m->format == SB_FORMAT_MARKDOWN;
    sb_json_doc *files = NULL;
    if (m->attachments_json.len) c->json_parse(m->attachments_json, &files, NULL, 0);
    size_t file_count = c->json_count(c->json_root(files));
    while (rest.len > 0 && !failed) {
        size_t cut = split_point(rest, MAX_TEXT_UNITS);
        sb_str part = { rest.ptr, cut };
        rest.ptr += cut;
        rest.len -= cut;
        if (index++ < done) continue;
        sb_buffer *rendered = NULL;
        if (html) c->markdown_render(part, SB_MARKDOWN_CHAT_HTML, &rendered);
        tg_reply r;
        send_text(t, cfg, m->identity_value, rendered ? (sb_str){ rendered->data, rendered->len } : part, html,
                  rest.len == 0 && file_count == 0 ? m->rich_json : (sb_str){ NULL, 0 }, timeout, &r);
        if (rendered) c->buffer_free(rendered);
        if (failed_reply(&r, res)) failed = 1;
        else {
            int64_t id = 0;
            c->json_int(c->json_path(reply_result(t, &r), LIT("message_id")), &id);
            if (!first_id[0]) snprintf(first_id, sizeof first_id, "%.*s:%lld", (int)m->identity_value.len, m->identity_value.ptr, (long long)id);
            record_sent(t, m->idempotency_key, index, first_id);
        }
        reply_free(t, &r);
    }
    for (size_t i = 0; i < file_count && !failed; i++) {
        if (index++ < done) continue;
        tg_reply r;
        send_file(t, cfg, m->identity_value, c->json_at(c->json_root(files), i), timeout, &r);
        if (failed_reply(&r, res)) failed = 1;
        else {
            int64_t id = 0;
            c->json_int(c->json_path(reply_result(t, &r), LIT("message_id")), &id);
            if (!first_id[0]) snprintf(first_id, sizeof first_id, "%.*s:%lld", (int)m->identity_value.len, m->identity_value.ptr, (long long)id);
            record_sent(t, m->idempotency_key, index, first_id);
        }
        reply_free(t, &r);
    }
    c->json_free(files);
    pthread_rwlock_unlock(&t->lock);
    if (failed) return SB_OK;
    if (index == 0) { outcome(res, SB_DELIVERY_REJECTED, "nothing to send: no text and no attachments"); return SB_OK; }
    char key[160];
    snprintf(key, sizeof key, "sent:%.*s", (int)m->idempotency_key.len, m->idempotency_key.ptr);
    t->host->kv_delete(t->ctx, cstr(key), NULL, 0);
    res->outcome = SB_DELIVERY_SENT;
    res->provider_status = 200;
    snprintf(res->provider_message_id, sizeof res->provider_message_id, "%s", first_id);
    return SB_OK;
}

/* ---- erasure (ABI 1.3 "contact.erased") ------------------------------- */

/* Whether chat (a chat id as text) is one of the notice's erased Telegram identities. */
static int erased_chat(const sb_c_services *c, const sb_json *identities, sb_str chat)
{
    for (size_t i = 0; i < c->json_count(identities); i++) {
        const sb_json *identity = c->json_at(identities, i);
        sb_str kind = c->json_string(c->json_member(identity, LIT("kind")));
        sb_str value = c->json_string(c->json_member(identity, LIT("value")));
        if ((str_is(kind, "telegram_user") || str_is(kind, "telegram_group")) && value.len == chat.len && chat.len > 0 &&
            memcmp(value.ptr, chat.ptr, chat.len) == 0)
            return 1;
    }
    return 0;
}

/* One kv_scan over a prefix: the keys whose value names an erased chat, NUL-separated, deleted
   after the scan (never during it). */
typedef struct {
    const sb_c_services *c;
    const sb_json *identities;
    int sent_records; /* "sent:" values are "<parts> <chat>:<message id>"; "chat:" values the chat itself */
    strbuf keys;
    char last[192];
    uint32_t seen;
} erase_scan;

static int32_t erase_visit(void *user, sb_str key, sb_str value)
{
    erase_scan *s = user;
    s->seen++;
    snprintf(s->last, sizeof s->last, "%.*s", (int)key.len, key.ptr);
    sb_str chat = value;
    if (s->sent_records) {
        const char *space = value.len ? memchr(value.ptr, ' ', value.len) : NULL;
        if (!space) return 0;
        chat = (sb_str){ space + 1, value.len - (size_t)(space + 1 - value.ptr) };
        const char *colon = chat.len ? memchr(chat.ptr, ':', chat.len) : NULL;
        if (!colon) return 0;
        chat.len = (size_t)(colon - chat.ptr);
    }
    if (erased_chat(s->c, s->identities, chat)) {
        buf_putn(&s->keys, key.ptr, key.len);
        buf_putn(&s->keys, "", 1);
    }
    return 0;
}

static void forget_chat_records(tg *t, const char *prefix, int sent_records, const sb_json *identities)
{
    enum { page = 200 };
    erase_scan s = { .c = t->c, .identities = identities, .sent_records = sent_records };
    do {
        s.seen = 0;
        char why[256] = "";
        if (t->host->kv_scan(t->ctx, cstr(prefix), cstr(s.last), page, erase_visit, &s, why, sizeof why) != SB_OK) {
            tlog(t, SB_LOG_ERROR, "erasure: could not read the %s records: %s", prefix, why);
            break;
        }
    } while (s.seen == page);
    for (size_t at = 0; at < s.keys.len; at += strlen(s.keys.p + at) + 1)
        t->host->kv_delete(t->ctx, cstr(s.keys.p + at), NULL, 0);
    free(s.keys.p);
}

/* The host erased a customer (or retention removed conversations): the chat of each of their
   conversations (chat:<conversation id>), any other record naming their chat, and unfinished
   multi-part replies to it (sent:<key>) go. Their files are in the host's file store. */
static void forget_erased(tg *t, sb_str data_json)
{
    const sb_c_services *c = t->c;
    sb_json_doc *doc = NULL;
    char why[256] = "";
    if (c->json_parse(data_json, &doc, why, sizeof why) != SB_OK) {
        tlog(t, SB_LOG_ERROR, "erasure: unreadable notice: %s", why);
        return;
    }
    const sb_json *root = c->json_root(doc);
    const sb_json *conversations = c->json_member(root, LIT("conversation_ids"));
    for (size_t i = 0; i < c->json_count(conversations); i++) {
        sb_str id = c->json_string(c->json_at(conversations, i));
        if (id.len == 0) continue;
        char key[160];
        snprintf(key, sizeof key, "chat:%.*s", (int)id.len, id.ptr);
        t->host->kv_delete(t->ctx, cstr(key), NULL, 0);
    }
    const sb_json *identities = c->json_member(root, LIT("identities"));
    if (c->json_count(identities) > 0) {
        forget_chat_records(t, "chat:", 0, identities);
        forget_chat_records(t, "sent:", 1, identities);
    }
    c->json_free(doc);
}

/* An agent is typing: sendChatAction, best effort. A customer erased: forget_erased. */
static void tg_signal(void *instance, sb_str conversation_id, sb_str type, sb_str data_json)
{
    tg *t = instance;
    if (str_is(type, "contact.erased")) { forget_erased(t, data_json); return; }
    if (!str_is(type, "agent.typing")) return;
    char key[96];
    snprintf(key, sizeof key, "chat:%.*s", (int)conversation_id.len, conversation_id.ptr);
    sb_buffer *chat = NULL;
    if (t->host->kv_get(t->ctx, cstr(key), &chat, NULL, 0) != SB_OK) return;
    const sb_c_services *c = t->c;
    sb_json_writer *w = c->json_writer_new();
    c->json_begin_object(w);
    c->json_key(w, LIT("chat_id"));
    c->json_add_string(w, (sb_str){ chat->data, chat->len });
    c->json_key(w, LIT("action"));
    c->json_add_string(w, LIT("typing"));
    c->json_end(w);
    t->host->buffer_free(chat);
    tg_reply r;
    pthread_rwlock_rdlock(&t->lock);
    bot_call_json(t, t->cfg, "sendChatAction", w, 5000, &r);
    pthread_rwlock_unlock(&t->lock);
    reply_free(t, &r);
}

/* ====================================================================== */
/* Lifecycle                                                              */
/* ====================================================================== */

static void tg_destroy(void *instance)
{
    tg *t = instance;
    if (!t) return;
    config_free(t->cfg);
    free(t->webhook_url);
    free(t->public_base);
    pthread_rwlock_destroy(&t->lock);
    free(t);
}

/* The webhook's secret_token: made once per instance and kept, so a restart does not race
   Telegram's retries of updates signed with the old one. */
static sb_status load_secret(tg *t, char *err, size_t cap)
{
    sb_buffer *v = NULL;
    if (t->host->kv_get(t->ctx, LIT("webhook_secret"), &v, NULL, 0) == SB_OK) {
        snprintf(t->secret, sizeof t->secret, "%s", v->data);
        t->host->buffer_free(v);
        if (strlen(t->secret) == 64) return SB_OK;
    }
    uint8_t raw[32];
    t->c->random_bytes(raw, sizeof raw);
    sb_buffer *hex = NULL;
    if (t->c->encode((sb_str){ (const char *)raw, sizeof raw }, SB_ENCODING_HEX, &hex) != SB_OK)
        return fail(err, cap, SB_ERR_INTERNAL, "could not encode the webhook secret");
    snprintf(t->secret, sizeof t->secret, "%s", hex->data);
    t->c->buffer_free(hex);
    return t->host->kv_set(t->ctx, LIT("webhook_secret"), cstr(t->secret), err, cap);
}

static sb_status tg_create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info, void **instance,
                           char *err, size_t err_cap)
{
    if (!host || !info || !instance) return fail(err, err_cap, SB_ERR_INVALID, "create: NULL argument");
    if (!SB_HAS_FIELD(host, sb_host_api, c) || !host->c)
        return fail(err, err_cap, SB_ERR_VERSION, "the host offers no C services (ABI 1.3 needed)");
    tg *t = calloc(1, sizeof *t);
    if (!t) return fail(err, err_cap, SB_ERR_INTERNAL, "out of memory");
    t->host = host;
    t->c = host->c;
    t->ctx = ctx;
    t->deliver_timeout_ms = info->deliver_timeout_ms;
    if (pthread_rwlock_init(&t->lock, NULL) != 0) { free(t); return fail(err, err_cap, SB_ERR_INTERNAL, "pthread_rwlock_init failed"); }
    strbuf url = { 0 };
    sb_str base = info->public_base_url;
    while (base.len && base.ptr[base.len - 1] == '/') base.len--;
    buf_putn(&url, base.ptr, base.len);
    t->public_base = dup_str(base);
    buf_putn(&url, info->route_prefix.ptr, info->route_prefix.len);
    buf_putn(&url, "/updates", 8);
    t->webhook_url = url.p;
    sb_status st = url.oom || !t->public_base ? fail(err, err_cap, SB_ERR_INTERNAL, "out of memory") : SB_OK;
    if (st == SB_OK) st = config_load(t, info->config_json, &t->cfg, err, err_cap);
    if (st == SB_OK) st = host->claim_asset(ctx, LIT("telegram_bot"), cstr(t->cfg->bot_id), LIT("bot_token_credential"), err, err_cap);
    if (st == SB_OK) st = load_secret(t, err, err_cap);
    if (st == SB_OK) st = host->route_add(ctx, LIT("POST"), LIT("/updates"), err, err_cap);
    if (st != SB_OK) { tg_destroy(t); return st; }
    *instance = t;
    return SB_OK;
}

static sb_status tg_start(void *instance, char *err, size_t err_cap)
{
    (void)err, (void)err_cap;
    tg *t = instance;
    register_webhook(t);
    /* a failed registration is retried, and the status refreshed, every minute */
    t->host->timer_start(t->ctx, STATUS_REFRESH_MS, &t->timer_id, NULL, 0);
    return SB_OK;
}

static void tg_on_timer(void *instance, uint64_t timer_id)
{
    (void)timer_id;
    tg *t = instance;
    register_webhook(t);
    t->host->timer_start(t->ctx, STATUS_REFRESH_MS, &t->timer_id, NULL, 0);
}

static void tg_stop(void *instance)
{
    tg *t = instance;
    t->host->timer_cancel(t->ctx, t->timer_id);
}

static sb_status tg_reconfigure(void *instance, sb_str config_json, char *err, size_t err_cap)
{
    tg *t = instance;
    tg_config *fresh = NULL;
    sb_status st = config_load(t, config_json, &fresh, err, err_cap);
    if (st == SB_OK && strcmp(fresh->bot_id, t->cfg->bot_id) != 0)
        st = t->host->claim_asset(t->ctx, LIT("telegram_bot"), cstr(fresh->bot_id), LIT("bot_token_credential"), err, err_cap);
    if (st != SB_OK) { config_free(fresh); return st; }
    pthread_rwlock_wrlock(&t->lock);
    tg_config *old = t->cfg;
    t->cfg = fresh;
    pthread_rwlock_unlock(&t->lock);
    config_free(old);
    register_webhook(t);
    return SB_OK;
}

/* ====================================================================== */
/* The entry point                                                        */
/* ====================================================================== */

static const sb_plugin_descriptor tg_descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
    .min_host_minor = 3, /* the C services */
    .id = LIT_INIT("telegram"),
    .version = LIT_INIT("1.0.0"),
    .flags = 0,
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT | SB_CAP_IMAGES | SB_CAP_FILES | SB_CAP_RICH, SB_FORMAT_MARKDOWN, 0 },
    .create = tg_create,
    .start = tg_start,
    .stop = tg_stop,
    .reconfigure = tg_reconfigure,
    .destroy = tg_destroy,
    .handle_http = tg_handle_http,
    .deliver = tg_deliver,
    .on_timer = tg_on_timer,
    .on_conversation_signal = tg_signal,
};

TG_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);

TG_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &tg_descriptor; }
