/*
** relay.c -- "Relay", a minimal SMS-gateway channel for Switchboard, written
** in plain C11 against switchboard_plugin.h only, the way a third party would.
**
** Inbound:  the gateway POSTs form-encoded webhooks to /hooks/<instance>/inbound
**           (a customer's SMS) and /hooks/<instance>/status (delivery receipts),
**           authenticated by X-Relay-Signature, an HMAC-SHA256 of the body
**           (the host's C services compute it; builds against headers older
**           than 1.3 check the X-Relay-Token shared secret instead).
** Outbound: deliver() POSTs {gateway_url}/v1/messages with a bearer token.
**
** Only libc is used (pthread lives in glibc's libc since 2.34), so the library
** links with -Wl,--no-undefined and needs nothing but libc.so.6.
*/
#define _POSIX_C_SOURCE 200809L /* pthread_rwlock_t under -std=c11 */

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

#define RELAY_EXPORT __attribute__((visibility("default")))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* An sb_str for a string literal (usable in static initializers too). */
#define LIT_INIT(lit) { (lit), sizeof(lit) - 1 }
#define LIT(lit) ((sb_str)LIT_INIT(lit))

#define DEFAULT_GATEWAY_URL "https://gateway.example-relay.net"
#define MAX_PROVIDER_ID 255 /* sb_delivery_result.provider_message_id holds 255 bytes + NUL */

/* ====================================================================== */
/* Small helpers: strings, errors, a growable buffer                      */
/* ====================================================================== */

static sb_str cstr(const char *s) { return (sb_str){ s, s ? strlen(s) : 0 }; }

static int str_is(sb_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && (n == 0 || memcmp(s.ptr, lit, n) == 0);
}

/* ASCII case-insensitive comparison: HTTP header names are case-insensitive,
   and <ctype.h> would depend on the process locale. */
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

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        if (n) memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Overwrite a secret before freeing it; the volatile pointer keeps the
   compiler from dropping the stores as dead (explicit_bzero is not C11). */
static void free_secret(char *p, size_t n)
{
    if (!p) return;
    volatile char *v = p;
    while (n--) *v++ = 0;
    free(p);
}

/* Write a reason into a caller-owned error buffer and return the status. */
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

/* A growable, always NUL-terminated byte buffer. Allocation failure is sticky
   (oom) so callers can build a whole string and check once at the end. */
typedef struct strbuf {
    char *p;
    size_t len, cap;
    int oom;
} strbuf;

static void buf_putn(strbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
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

static void buf_puts(strbuf *b, const char *s) { buf_putn(b, s, strlen(s)); }
static void buf_putc(strbuf *b, char c) { buf_putn(b, &c, 1); }

/* application/x-www-form-urlencoded: unreserved bytes as is, space as '+',
   everything else (including every byte of a multi-byte UTF-8 char) as %XX. */
static void buf_form_encode(strbuf *b, sb_str s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            buf_putc(b, (char)c);
        } else if (c == ' ') {
            buf_putc(b, '+');
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            buf_putn(b, e, 3);
        }
    }
}

/* A JSON string literal, quotes included. */
static void buf_json_string(strbuf *b, const char *s)
{
    buf_putc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            buf_puts(b, e);
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

static void buf_utf8(strbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    buf_putn(b, u, n);
}

/* Text handed to the host must be UTF-8 (sb_str contract); SMS gateways
   occasionally pass through garbage, which we refuse at the door. */
static int utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        uint32_t c = s[i];
        size_t k;
        uint32_t min;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { k = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { k = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { k = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (s[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

/* ====================================================================== */
/* A tiny JSON reader for one flat object                                 */
/* ====================================================================== */
/*
** Enough JSON for our config ({"key": "string", ...}) and the gateway's
** answer ({"id": "rl_...", "status": "queued"}). In strict mode every value
** must be a string; in lenient mode other values (numbers, nested objects a
** gateway may add later) are skipped, so a new response field never turns a
** message the gateway accepted into a failure.
*/

typedef struct json_pair {
    char *key;
    char *val;     /* NUL-terminated; "\u0000" is refused, so no embedded NULs */
    size_t val_len;
} json_pair;

typedef struct json_obj {
    json_pair *items;
    size_t count;
} json_obj;

typedef struct jcur {
    const char *s;
    size_t n, i;
} jcur;

static const char OOM[] = "out of memory";

static void json_free(json_obj *o)
{
    for (size_t i = 0; i < o->count; i++) {
        free(o->items[i].key);
        free_secret(o->items[i].val, o->items[i].val_len); /* values may be secrets */
    }
    free(o->items);
    o->items = NULL;
    o->count = 0;
}

static const char *json_get(const json_obj *o, const char *key, size_t *len)
{
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(o->items[i].key, key) == 0) {
            if (len) *len = o->items[i].val_len;
            return o->items[i].val;
        }
    return NULL;
}

static void jws(jcur *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' || c->s[c->i] == '\r'))
        c->i++;
}

static int jhex4(jcur *c, uint32_t *out)
{
    if (c->n - c->i < 4) return 0;
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        char h = c->s[c->i++];
        v <<= 4;
        if (h >= '0' && h <= '9') v |= (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f') v |= (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F') v |= (uint32_t)(h - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* Parse the string at the cursor (which must be at '"') into a fresh heap
   string. On failure returns NULL and sets *why. */
static char *jstring(jcur *c, size_t *len, const char **why)
{
    strbuf b = { 0 };
    if (c->i >= c->n || c->s[c->i] != '"') { *why = "expected a string"; return NULL; }
    c->i++;
    for (;;) {
        if (c->i >= c->n) { *why = "unterminated string"; goto bad; }
        unsigned char ch = (unsigned char)c->s[c->i++];
        if (ch == '"') break;
        if (ch < 0x20) { *why = "control character in string"; goto bad; }
        if (ch != '\\') { buf_putc(&b, (char)ch); continue; }
        if (c->i >= c->n) { *why = "unterminated string"; goto bad; }
        ch = (unsigned char)c->s[c->i++];
        switch (ch) {
        case '"': case '\\': case '/': buf_putc(&b, (char)ch); break;
        case 'b': buf_putc(&b, '\b'); break;
        case 'f': buf_putc(&b, '\f'); break;
        case 'n': buf_putc(&b, '\n'); break;
        case 'r': buf_putc(&b, '\r'); break;
        case 't': buf_putc(&b, '\t'); break;
        case 'u': {
            uint32_t cp, lo;
            if (!jhex4(c, &cp)) { *why = "bad \\u escape"; goto bad; }
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair: \uD83D\uDE00 */
                if (c->n - c->i < 2 || c->s[c->i] != '\\' || c->s[c->i + 1] != 'u') { *why = "lone surrogate"; goto bad; }
                c->i += 2;
                if (!jhex4(c, &lo) || lo < 0xDC00 || lo > 0xDFFF) { *why = "lone surrogate"; goto bad; }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *why = "lone surrogate"; goto bad;
            } else if (cp == 0) {
                *why = "\\u0000 is not allowed"; goto bad;
            }
            buf_utf8(&b, cp);
            break;
        }
        default: *why = "bad escape"; goto bad;
        }
    }
    if (!b.p) buf_putn(&b, "", 0); /* the empty string still gets an allocation */
    if (b.oom) { *why = OOM; goto bad; }
    if (!utf8_valid(b.p, b.len)) { *why = "invalid UTF-8"; goto bad; }
    *len = b.len;
    return b.p;
bad:
    free_secret(b.p, b.len);
    return NULL;
}

/* Lenient mode: step over one value of any kind without keeping it. */
static int jskip(jcur *c, int depth)
{
    const char *why;
    size_t len;
    jws(c);
    if (c->i >= c->n || depth > 16) return 0;
    char ch = c->s[c->i];
    if (ch == '"') {
        char *s = jstring(c, &len, &why);
        free(s);
        return s != NULL;
    }
    if (ch == '{' || ch == '[') {
        char close = ch == '{' ? '}' : ']';
        c->i++;
        jws(c);
        if (c->i < c->n && c->s[c->i] == close) { c->i++; return 1; }
        for (;;) {
            if (ch == '{') {
                char *k = jstring(c, &len, &why);
                free(k);
                if (!k) return 0;
                jws(c);
                if (c->i >= c->n || c->s[c->i++] != ':') return 0;
            }
            if (!jskip(c, depth + 1)) return 0;
            jws(c);
            if (c->i >= c->n) return 0;
            char sep = c->s[c->i++];
            if (sep == close) return 1;
            if (sep != ',') return 0;
            jws(c);
        }
    }
    /* A number, true, false or null: a run of literal characters. */
    size_t start = c->i;
    while (c->i < c->n && ((c->s[c->i] >= '0' && c->s[c->i] <= '9') || (c->s[c->i] >= 'a' && c->s[c->i] <= 'z') ||
                           c->s[c->i] == '-' || c->s[c->i] == '+' || c->s[c->i] == '.' || c->s[c->i] == 'E'))
        c->i++;
    return c->i > start;
}

/* Parse {"k": "v", ...}. Errors name the field they occurred in. */
static sb_status json_parse_flat(sb_str in, int strict, json_obj *o, char *err, size_t cap)
{
    jcur c = { in.ptr, in.len, 0 };
    const char *why = NULL;
    char *key = NULL;
    sb_status st = SB_ERR_INVALID;
    o->items = NULL;
    o->count = 0;

    jws(&c);
    if (c.i >= c.n || c.s[c.i] != '{') { fail(err, cap, st, "expected a JSON object"); goto out; }
    c.i++;
    jws(&c);
    if (c.i < c.n && c.s[c.i] == '}') { c.i++; goto end; }
    for (;;) {
        size_t klen, vlen;
        jws(&c);
        if (!(key = jstring(&c, &klen, &why))) {
            if (why == OOM) st = SB_ERR_INTERNAL;
            fail(err, cap, st, "malformed JSON: field name at offset %zu: %s", c.i, why);
            goto out;
        }
        if (json_get(o, key, NULL)) { fail(err, cap, st, "field \"%s\" appears twice", key); goto out; }
        jws(&c);
        if (c.i >= c.n || c.s[c.i++] != ':') { fail(err, cap, st, "field \"%s\": expected ':'", key); goto out; }
        jws(&c);
        if (c.i < c.n && c.s[c.i] == '"') {
            char *val = jstring(&c, &vlen, &why);
            if (!val) {
                if (why == OOM) st = SB_ERR_INTERNAL;
                fail(err, cap, st, "field \"%s\": %s", key, why);
                goto out;
            }
            json_pair *grown = realloc(o->items, (o->count + 1) * sizeof *grown);
            if (!grown) { free_secret(val, vlen); fail(err, cap, st = SB_ERR_INTERNAL, "%s", OOM); goto out; }
            o->items = grown;
            o->items[o->count++] = (json_pair){ key, val, vlen };
            key = NULL;
        } else if (strict) {
            fail(err, cap, st, "field \"%s\" must be a string", key);
            goto out;
        } else if (!jskip(&c, 0)) {
            fail(err, cap, st, "field \"%s\": malformed value", key);
            goto out;
        } else {
            free(key);
            key = NULL;
        }
        jws(&c);
        if (c.i < c.n && c.s[c.i] == ',') { c.i++; continue; }
        if (c.i < c.n && c.s[c.i] == '}') { c.i++; break; }
        fail(err, cap, st, "malformed JSON at offset %zu: expected ',' or '}'", c.i);
        goto out;
    }
end:
    jws(&c);
    if (c.i != c.n) { fail(err, cap, st, "trailing characters after the JSON object"); goto out; }
    return SB_OK;
out:
    free(key);
    json_free(o);
    return st;
}

/* ====================================================================== */
/* Form bodies (application/x-www-form-urlencoded)                        */
/* ====================================================================== */

static int hexval(char h)
{
    if (h >= '0' && h <= '9') return h - '0';
    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
    return -1;
}

/* Decode one component into dst (which holds at least n bytes). Refuses bad
   %-escapes and %00: every decoded value ends up in a C string. */
static int form_decode(const char *s, size_t n, char *dst, size_t *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            dst[o++] = ' ';
        } else if (s[i] == '%') {
            int hi = i + 2 < n ? hexval(s[i + 1]) : -1, lo = i + 2 < n ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return 0;
            dst[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            dst[o++] = s[i];
        }
    }
    *out = o;
    return 1;
}

typedef struct form_field {
    const char *name; /* wanted field */
    char *value;      /* decoded, NUL-terminated; NULL when absent */
    size_t len;
} form_field;

static void form_free(form_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(f[i].value);
        f[i].value = NULL;
    }
}

/* Pick the wanted fields out of a form body; others are ignored. Returns NULL
   on success, else the name of the offending field (a field sent twice is
   refused rather than guessing which copy the gateway meant). */
static const char *form_parse(sb_str body, form_field *f, size_t nf, const char **why)
{
    size_t i = 0;
    while (i < body.len) {
        size_t end = i, eq;
        while (end < body.len && body.ptr[end] != '&') end++;
        for (eq = i; eq < end && body.ptr[eq] != '='; eq++) {}
        char key[32];
        size_t klen;
        if (eq - i < sizeof key && form_decode(body.ptr + i, eq - i, key, &klen)) {
            key[klen] = '\0';
            for (size_t k = 0; k < nf; k++) {
                if (strcmp(key, f[k].name) != 0) continue;
                if (f[k].value) { *why = "is sent twice"; return f[k].name; }
                size_t vlen = eq < end ? end - eq - 1 : 0;
                if (!(f[k].value = malloc(vlen + 1))) { *why = OOM; return f[k].name; }
                if (!form_decode(body.ptr + eq + 1, vlen, f[k].value, &f[k].len)) {
                    *why = "has a bad %-escape";
                    return f[k].name;
                }
                f[k].value[f[k].len] = '\0';
            }
        }
        i = end + 1;
    }
    return NULL;
}

/* E.164: '+', then up to 15 digits, not starting with 0. */
static int is_e164(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Printable ASCII only (no spaces unless allowed): safe in logs, URLs and
   header values. */
static int is_printable(const char *s, size_t n, int allow_space)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < (allow_space ? 0x20 : 0x21) || (unsigned char)s[i] > 0x7E) return 0;
    return 1;
}

/* ====================================================================== */
/* The instance and its configuration                                     */
/* ====================================================================== */

/* Immutable once built: reconfigure() swaps in a whole new one. */
typedef struct relay_config {
    char *messages_url;   /* {gateway_url}/v1/messages */
    char *sender;
    char *authorization;  /* "Bearer <token>": secret */
    size_t authorization_len;
    char *inbound_secret; /* secret */
    size_t inbound_secret_len;
} relay_config;

typedef struct relay {
    const sb_host_api *host;
    sb_instance_ctx *ctx;
    uint32_t deliver_timeout_ms;
    /* The host drains data calls around reconfigure(), so the lock is never
       contended in practice; it keeps the plugin correct even if a future
       host (or our own thread) overlapped them. Readers hold it across host
       service calls, which the header explicitly allows. */
    pthread_rwlock_t lock;
    relay_config *cfg;
} relay;

PRINTF_LIKE(3, 4)
static void rlog(const relay *r, int32_t level, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    r->host->log(r->ctx, level, (sb_str){ line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1 });
}

static void config_free(relay_config *c)
{
    if (!c) return;
    free(c->messages_url);
    free(c->sender);
    free_secret(c->authorization, c->authorization_len);
    free_secret(c->inbound_secret, c->inbound_secret_len);
    free(c);
}

/* Fetch the secret behind a credential ID into a private copy. */
static sb_status fetch_secret(const relay *r, const char *field, const char *id, char **out, size_t *out_len,
                              char *err, size_t cap)
{
    sb_buffer *buf = NULL;
    char herr[256] = "";
    sb_status st = r->host->credential_get(r->ctx, cstr(id), &buf, herr, sizeof herr);
    if (st == SB_ERR_NOT_FOUND)
        st = fail(err, cap, SB_ERR_INVALID, "%s: credential \"%s\" does not exist", field, id);
    else if (st != SB_OK)
        fail(err, cap, st, "%s: cannot read credential \"%s\": %s", field, id, herr);
    else if (!buf || buf->len == 0)
        st = fail(err, cap, SB_ERR_INVALID, "%s: credential \"%s\" is empty", field, id);
    else if (!is_printable(buf->data, buf->len, 0)) /* it goes into an HTTP header */
        st = fail(err, cap, SB_ERR_INVALID, "%s: credential \"%s\" has characters not allowed in a header", field, id);
    else if (!(*out = dup_n(buf->data, buf->len)))
        st = fail(err, cap, SB_ERR_INTERNAL, "%s", OOM);
    else
        *out_len = buf->len;
    r->host->buffer_free(buf);
    return st;
}

/* Parse and validate a configuration, fetching its credentials. Nothing
   changes on failure, so reconfigure() can keep the old one. */
static sb_status config_load(const relay *r, sb_str json, relay_config **out, char *err, size_t cap)
{
    static const char *const known[] = { "gateway_url", "token_credential", "inbound_secret_credential", "sender" };
    json_obj o;
    relay_config *c = NULL;
    char *token = NULL;
    size_t token_len = 0;
    sb_status st = json_parse_flat(json, 1, &o, err, cap);
    if (st != SB_OK) return st;

    /* The host validates against the manifest schema too; a third-party
       plugin checks anyway rather than trust every host version. */
    for (size_t i = 0; i < o.count; i++) {
        size_t k = 0;
        while (k < sizeof known / sizeof *known && strcmp(o.items[i].key, known[k]) != 0) k++;
        if (k == sizeof known / sizeof *known) {
            st = fail(err, cap, SB_ERR_INVALID, "unknown field \"%s\"", o.items[i].key);
            goto out;
        }
    }

    size_t url_len = 0, sender_len = 0;
    const char *url = json_get(&o, "gateway_url", &url_len);
    const char *tok_id = json_get(&o, "token_credential", NULL);
    const char *in_id = json_get(&o, "inbound_secret_credential", NULL);
    const char *sender = json_get(&o, "sender", &sender_len);
    if (!url) {
        url = DEFAULT_GATEWAY_URL;
        url_len = strlen(url);
    }

    if ((strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
        !is_printable(url, url_len, 0) || url_len <= (url[4] == 's' ? 8u : 7u)) {
        st = fail(err, cap, SB_ERR_INVALID, "gateway_url must be an http:// or https:// URL");
        goto out;
    }
    if (!tok_id || !*tok_id) { st = fail(err, cap, SB_ERR_INVALID, "token_credential is required"); goto out; }
    if (!in_id || !*in_id) { st = fail(err, cap, SB_ERR_INVALID, "inbound_secret_credential is required"); goto out; }
    if (!sender || sender_len < 2 || !is_printable(sender, sender_len, 1)) {
        st = fail(err, cap, SB_ERR_INVALID, "sender is required (the number or sender ID we send from)");
        goto out;
    }

    if (!(c = calloc(1, sizeof *c))) { st = fail(err, cap, SB_ERR_INTERNAL, "%s", OOM); goto out; }
    if ((st = fetch_secret(r, "token_credential", tok_id, &token, &token_len, err, cap)) != SB_OK) goto out;
    if ((st = fetch_secret(r, "inbound_secret_credential", in_id, &c->inbound_secret, &c->inbound_secret_len,
                           err, cap)) != SB_OK)
        goto out;

    while (url_len > 0 && url[url_len - 1] == '/') url_len--; /* "https://gw/" + "/v1/..." */
    strbuf u = { 0 }, a = { 0 };
    buf_putn(&u, url, url_len);
    buf_puts(&u, "/v1/messages");
    buf_puts(&a, "Bearer ");
    buf_putn(&a, token, token_len);
    c->messages_url = u.p;
    c->authorization = a.p;
    c->authorization_len = a.len;
    c->sender = dup_n(sender, sender_len);
    if (u.oom || a.oom || !c->sender) { st = fail(err, cap, SB_ERR_INTERNAL, "%s", OOM); goto out; }

    *out = c;
    c = NULL;
out:
    free_secret(token, token_len);
    config_free(c);
    json_free(&o);
    return st;
}

/* ====================================================================== */
/* Webhooks: /inbound and /status                                         */
/* ====================================================================== */

static void respond_json(const relay *r, sb_http_exchange *ex, int32_t status, strbuf *body)
{
    if (body->oom)
        r->host->http_respond(ex, 500, LIT("application/json"), LIT("{\"error\":\"internal\"}"));
    else
        r->host->http_respond(ex, status, LIT("application/json"), (sb_str){ body->p, body->len });
    free(body->p);
}

static void respond_error(const relay *r, sb_http_exchange *ex, int32_t status, const char *code, const char *field,
                          const char *message)
{
    strbuf b = { 0 };
    buf_puts(&b, "{\"error\":");
    buf_json_string(&b, code);
    if (field) {
        buf_puts(&b, ",\"field\":");
        buf_json_string(&b, field);
    }
    buf_puts(&b, ",\"message\":");
    buf_json_string(&b, message);
    buf_putc(&b, '}');
    respond_json(r, ex, status, &b);
}

#if SB_ABI_MINOR >= 3
/* ABI 1.3 builds: X-Relay-Signature is "sha256=" and the lowercase hex
   HMAC-SHA256 of the raw body under the inbound secret, computed and compared
   (in constant time) by the host's C services, so the plugin still links only
   libc. The body's integrity is covered, and the secret never travels. */
static int request_authentic(const relay *r, const relay_config *cfg, const sb_http_request *req)
{
    const sb_c_services *c = r->host->c;
    sb_str given = { NULL, 0 };
    int seen = 0;
    for (size_t i = 0; i < req->header_count; i++)
        if (str_ieq(req->headers[i].name, "X-Relay-Signature")) given = req->headers[i].value, seen++;
    if (seen != 1 || given.len < 7 || memcmp(given.ptr, "sha256=", 7) != 0) return 0;
    uint8_t mac[32];
    c->hmac_sha256((sb_str){ cfg->inbound_secret, cfg->inbound_secret_len }, req->body, mac);
    sb_buffer *hex = NULL;
    if (c->encode((sb_str){ (const char *)mac, sizeof mac }, SB_ENCODING_HEX, &hex) != SB_OK) return 0;
    int ok = c->equal_constant_time((sb_str){ given.ptr + 7, given.len - 7 }, (sb_str){ hex->data, hex->len });
    c->buffer_free(hex);
    return ok;
}
#define AUTH_HEADER "X-Relay-Signature"
#else
/* Builds against an older header (the frozen 1.0 and 1.2 fixtures) have no
   host crypto: they check the X-Relay-Token shared secret, in constant time. */
static int request_authentic(const relay *r, const relay_config *cfg, const sb_http_request *req)
{
    (void)r;
    for (size_t i = 0; i < req->header_count; i++) {
        if (!str_ieq(req->headers[i].name, "X-Relay-Token")) continue;
        sb_str given = req->headers[i].value;
        volatile unsigned char diff = given.len != cfg->inbound_secret_len;
        for (size_t k = 0; k < cfg->inbound_secret_len; k++)
            diff |= (unsigned char)(cfg->inbound_secret[k] ^ (k < given.len ? given.ptr[k] : 0));
        return diff == 0;
    }
    return 0;
}
#define AUTH_HEADER "X-Relay-Token"
#endif

/* Checks shared by both webhooks: the token, then the form fields. Answers
   the request itself and returns 0 when the request is refused. */
static int read_webhook(const relay *r, const relay_config *cfg, const sb_http_request *req, sb_http_exchange *ex,
                        form_field *f, size_t nf)
{
    if (!request_authentic(r, cfg, req)) {
        rlog(r, SB_LOG_WARN, "refused a webhook to %.*s from %.*s: missing or wrong " AUTH_HEADER,
             (int)req->path.len, req->path.ptr, (int)req->remote_address.len, req->remote_address.ptr);
        respond_error(r, ex, 401, "unauthorized", NULL, "missing or invalid " AUTH_HEADER);
        return 0;
    }
    static const char form[] = "application/x-www-form-urlencoded";
    const size_t flen = sizeof form - 1;
    for (size_t i = 0; i < req->header_count; i++) {
        sb_str v = req->headers[i].value; /* the type, optionally followed by "; charset=..." */
        if (str_ieq(req->headers[i].name, "Content-Type") &&
            (v.len < flen || !str_ieq((sb_str){ v.ptr, flen }, form) ||
             (v.len > flen && v.ptr[flen] != ';' && v.ptr[flen] != ' '))) {
            respond_error(r, ex, 415, "unsupported_media_type", NULL, "expected application/x-www-form-urlencoded");
            return 0;
        }
    }
    const char *why = NULL, *bad = form_parse(req->body, f, nf, &why);
    for (size_t i = 0; !bad && i < nf; i++)
        if (!f[i].value || f[i].len == 0) bad = f[i].name, why = "is missing or empty";
    if (bad) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s %s", bad, why);
        respond_error(r, ex, why == OOM ? 500 : 400, "invalid_field", bad, msg);
        return 0;
    }
    return 1;
}

static void handle_inbound(const relay *r, const relay_config *cfg, const sb_http_request *req, sb_http_exchange *ex)
{
    form_field f[] = { { "MessageId", NULL, 0 }, { "From", NULL, 0 }, { "To", NULL, 0 }, { "Body", NULL, 0 } };
    enum { ID, FROM, TO, BODY };
    if (!read_webhook(r, cfg, req, ex, f, 4)) goto out;

    /* Shape checks: the id comes back in receipts and the sender is the
       contact's identity, so garbage here would poison the store. */
    if (f[ID].len > MAX_PROVIDER_ID || !is_printable(f[ID].value, f[ID].len, 0)) {
        respond_error(r, ex, 400, "invalid_field", "MessageId", "MessageId must be printable ASCII, at most 255 bytes");
        goto out;
    }
    if (!is_e164(f[FROM].value)) {
        respond_error(r, ex, 400, "invalid_field", "From", "From must be an E.164 phone number like +15551234567");
        goto out;
    }
    if (!utf8_valid(f[BODY].value, f[BODY].len)) {
        respond_error(r, ex, 400, "invalid_field", "Body", "Body is not valid UTF-8");
        goto out;
    }

    sb_inbound_message m = { 0 };
    m.struct_size = sizeof m;
    m.abi_minor = SB_ABI_MINOR;
    m.identity_kind = LIT("phone");
    m.identity_value = (sb_str){ f[FROM].value, f[FROM].len };
    m.provider_message_id = (sb_str){ f[ID].value, f[ID].len };
    m.text = (sb_str){ f[BODY].value, f[BODY].len };
    m.format = SB_FORMAT_PLAIN;
    sb_ingest_result res = { 0 };
    res.struct_size = sizeof res;
    char herr[256] = "";

    /* Answer only after ingest returns: a 200 tells the gateway the message
       is safe, anything else makes it retry (and dedupe absorbs the retry). */
    sb_status st = r->host->ingest(r->ctx, &m, &res, herr, sizeof herr);
    strbuf b = { 0 };
    if (st == SB_OK) {
        res.conversation_id[sizeof res.conversation_id - 1] = '\0';
        buf_puts(&b, "{\"status\":\"stored\",\"conversation_id\":");
        buf_json_string(&b, res.conversation_id);
        buf_putc(&b, '}');
        respond_json(r, ex, 200, &b);
    } else if (st == SB_DUPLICATE) {
        buf_puts(&b, "{\"status\":\"duplicate\"}");
        respond_json(r, ex, 200, &b);
    } else {
        rlog(r, SB_LOG_ERROR, "ingest of %s failed (%d): %s", f[ID].value, (int)st, herr);
        respond_error(r, ex, 503, "ingest_failed", NULL, herr[0] ? herr : "ingest failed");
    }
out:
    form_free(f, 4);
}

static void handle_status(const relay *r, const relay_config *cfg, const sb_http_request *req, sb_http_exchange *ex)
{
    form_field f[] = { { "MessageId", NULL, 0 }, { "Status", NULL, 0 } };
    if (!read_webhook(r, cfg, req, ex, f, 2)) goto out;

    int32_t status;
    if (strcmp(f[1].value, "delivered") == 0) status = SB_STATUS_DELIVERED;
    else if (strcmp(f[1].value, "failed") == 0) status = SB_STATUS_FAILED;
    else if (strcmp(f[1].value, "sent") == 0) status = SB_STATUS_SENT;
    else {
        respond_error(r, ex, 400, "invalid_field", "Status", "Status must be delivered, failed or sent");
        goto out;
    }

    char herr[256] = "";
    sb_status st = r->host->report_delivery(r->ctx, (sb_str){ f[0].value, f[0].len }, status, (sb_str){ NULL, 0 },
                                            herr, sizeof herr);
    if (st == SB_OK) {
        strbuf b = { 0 };
        buf_puts(&b, "{\"status\":\"recorded\"}");
        respond_json(r, ex, 200, &b);
    } else if (st == SB_ERR_NOT_FOUND) {
        respond_error(r, ex, 404, "unknown_message", "MessageId", "no message was sent with this MessageId");
    } else {
        rlog(r, SB_LOG_ERROR, "report_delivery failed (%d): %s", (int)st, herr);
        respond_error(r, ex, 503, "report_failed", NULL, herr[0] ? herr : "report_delivery failed");
    }
out:
    form_free(f, 2);
}

static void relay_handle_http(void *instance, const sb_http_request *req, sb_http_exchange *ex)
{
    relay *r = instance;
    /* The host already answers 404/405 outside our declared routes; check
       again so the plugin never depends on that. */
    if (!str_is(req->method, "POST")) {
        respond_error(r, ex, 405, "method_not_allowed", NULL, "use POST");
        return;
    }
    pthread_rwlock_rdlock(&r->lock);
    if (str_is(req->path, "/inbound")) handle_inbound(r, r->cfg, req, ex);
    else if (str_is(req->path, "/status")) handle_status(r, r->cfg, req, ex);
    else respond_error(r, ex, 404, "not_found", NULL, "no such endpoint");
    pthread_rwlock_unlock(&r->lock);
}

/* ====================================================================== */
/* Outbound: deliver()                                                    */
/* ====================================================================== */

PRINTF_LIKE(3, 4)
static void outcome(sb_delivery_result *res, int32_t what, const char *fmt, ...)
{
    va_list ap;
    res->outcome = what;
    va_start(ap, fmt);
    vsnprintf(res->detail, sizeof res->detail, fmt, ap);
    va_end(ap);
}

/* "gateway answered 400: <body>", cut to fit without splitting a UTF-8
   character and with control characters blanked (it ends up in UIs/logs). */
static void detail_with_body(sb_delivery_result *res, int32_t status, sb_str body)
{
    int n = snprintf(res->detail, sizeof res->detail, "gateway answered %d: ", (int)status);
    size_t room = sizeof res->detail - 1 - (size_t)n, take = body.len;
    if (take > room) {
        take = room;
        while (take > 0 && ((unsigned char)body.ptr[take] & 0xC0) == 0x80) take--;
    }
    for (size_t i = 0; i < take; i++) {
        unsigned char c = (unsigned char)body.ptr[i];
        res->detail[n + i] = (char)(c < 0x20 || c == 0x7F ? ' ' : c);
    }
    res->detail[n + take] = '\0';
}

static sb_status relay_deliver(void *instance, const sb_outbound_message *m, sb_delivery_result *res, char *err,
                               size_t err_cap)
{
    relay *r = instance;
    if (!str_is(m->identity_kind, "phone")) {
        outcome(res, SB_DELIVERY_REJECTED, "Relay sends SMS only to \"phone\" identities, not \"%.*s\"",
                (int)(m->identity_kind.len > 64 ? 64 : m->identity_kind.len), m->identity_kind.ptr);
        return SB_OK;
    }
    if (m->identity_value.len == 0 || m->text.len == 0) {
        outcome(res, SB_DELIVERY_REJECTED, "nothing to send: empty %s", m->text.len ? "phone number" : "text");
        return SB_OK;
    }

    pthread_rwlock_rdlock(&r->lock);
    const relay_config *cfg = r->cfg;
    strbuf body = { 0 };
    buf_puts(&body, "From=");
    buf_form_encode(&body, cstr(cfg->sender));
    buf_puts(&body, "&To=");
    buf_form_encode(&body, m->identity_value);
    buf_puts(&body, "&Body=");
    buf_form_encode(&body, m->text);
    if (body.oom) {
        pthread_rwlock_unlock(&r->lock);
        free(body.p);
        return fail(err, err_cap, SB_ERR_INTERNAL, "%s", OOM);
    }

    sb_header headers[3] = {
        { LIT("Authorization"), { cfg->authorization, cfg->authorization_len } },
        { LIT("Content-Type"), LIT("application/x-www-form-urlencoded") },
        { LIT("Idempotency-Key"), m->idempotency_key }, /* the gateway dedupes our retries by it */
    };
    sb_http_client_request rq = { 0 };
    rq.struct_size = sizeof rq;
    rq.abi_minor = SB_ABI_MINOR;
    rq.method = LIT("POST");
    rq.url = cstr(cfg->messages_url);
    rq.headers = headers;
    rq.header_count = m->idempotency_key.len ? 3 : 2;
    rq.body = (sb_str){ body.p, body.len };
    /* Stay well inside the host's bound on deliver(): overrunning it gets the
       plugin quarantined, while a timeout here is just a RETRY. */
    if (r->deliver_timeout_ms) {
        rq.timeout_ms = r->deliver_timeout_ms - r->deliver_timeout_ms / 4;
        rq.connect_timeout_ms = rq.timeout_ms < 3000 ? rq.timeout_ms : 3000;
    }

    sb_http_result *hr = NULL;
    char herr[256] = "";
    sb_status st = r->host->http_request(r->ctx, &rq, &hr, herr, sizeof herr);
    pthread_rwlock_unlock(&r->lock);
    free(body.p);

    if (st != SB_OK) {
        if (hr) r->host->http_result_free(hr);
        if (st == SB_ERR_IO || st == SB_ERR_TIMEOUT || st == SB_ERR_BUSY) {
            outcome(res, SB_DELIVERY_RETRY, "gateway unreachable: %s", herr[0] ? herr : "transport error");
            rlog(r, SB_LOG_WARN, "message %lld: %s", (long long)m->message_id, res->detail);
            return SB_OK;
        }
        /* Not the gateway's verdict but the host refusing the request: say so
           as an error rather than invent an outcome. */
        return fail(err, err_cap, st, "http_request failed: %s", herr);
    }

    res->provider_status = hr->status;
    if (hr->status >= 200 && hr->status < 300) {
        /* Accepted. Even if the answer lacks an id, do not retry: that would
           send the customer the SMS twice. */
        json_obj o;
        const char *id = NULL;
        size_t id_len = 0;
        res->outcome = SB_DELIVERY_SENT;
        if (json_parse_flat(hr->body, 0, &o, NULL, 0) == SB_OK) {
            id = json_get(&o, "id", &id_len);
            if (id && id_len <= MAX_PROVIDER_ID) memcpy(res->provider_message_id, id, id_len + 1);
            json_free(&o);
        }
        if (!id || id_len > MAX_PROVIDER_ID)
            rlog(r, SB_LOG_WARN, "message %lld accepted (%d) without a usable id; receipts will not match",
                 (long long)m->message_id, (int)hr->status);
    } else if (hr->status == 429 || hr->status >= 500) {
        res->outcome = SB_DELIVERY_RETRY;
        detail_with_body(res, hr->status, hr->body);
    } else if (hr->status >= 400) {
        res->outcome = SB_DELIVERY_REJECTED;
        detail_with_body(res, hr->status, hr->body);
        rlog(r, SB_LOG_WARN, "message %lld rejected by the gateway with %d", (long long)m->message_id,
             (int)hr->status);
    } else {
        /* 1xx/3xx: not part of the gateway's contract (likely a wrong
           gateway_url); retry so an operator can fix it before it fails. */
        res->outcome = SB_DELIVERY_RETRY;
        detail_with_body(res, hr->status, hr->body);
    }
    r->host->http_result_free(hr);
    return SB_OK;
}

/* ====================================================================== */
/* Lifecycle                                                              */
/* ====================================================================== */

static void relay_destroy(void *instance)
{
    relay *r = instance;
    if (!r) return;
    config_free(r->cfg);
    pthread_rwlock_destroy(&r->lock);
    free(r);
}

static sb_status relay_create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info,
                              void **instance, char *err, size_t err_cap)
{
    if (!host || !info || !instance) return fail(err, err_cap, SB_ERR_INVALID, "create: NULL argument");
    if (!SB_HAS_FIELD(host, sb_host_api, http_add_header))
        return fail(err, err_cap, SB_ERR_VERSION, "host service table is too small");
#if SB_ABI_MINOR >= 3
    if (!SB_HAS_FIELD(host, sb_host_api, c) || !host->c)
        return fail(err, err_cap, SB_ERR_VERSION, "the host offers no C services (HMAC needs ABI 1.3)");
#endif

    relay *r = calloc(1, sizeof *r);
    if (!r) return fail(err, err_cap, SB_ERR_INTERNAL, "%s", OOM);
    r->host = host;
    r->ctx = ctx;
    r->deliver_timeout_ms = info->deliver_timeout_ms;
    if (pthread_rwlock_init(&r->lock, NULL) != 0) {
        free(r);
        return fail(err, err_cap, SB_ERR_INTERNAL, "pthread_rwlock_init failed");
    }

    sb_status st = config_load(r, info->config_json, &r->cfg, err, err_cap);
    if (st == SB_OK) st = host->route_add(ctx, LIT("POST"), LIT("/inbound"), err, err_cap);
    if (st == SB_OK) st = host->route_add(ctx, LIT("POST"), LIT("/status"), err, err_cap);
    if (st != SB_OK) {
        relay_destroy(r);
        return st;
    }
    rlog(r, SB_LOG_INFO, "created; sending as %s", r->cfg->sender);
    *instance = r;
    return SB_OK;
}

static sb_status relay_start(void *instance, char *err, size_t err_cap)
{
    (void)err;
    (void)err_cap;
    rlog(instance, SB_LOG_INFO, "started");
    return SB_OK;
}

static void relay_stop(void *instance)
{
    rlog(instance, SB_LOG_INFO, "stopped"); /* no threads or timers of our own */
}

static sb_status relay_reconfigure(void *instance, sb_str config_json, char *err, size_t err_cap)
{
    relay *r = instance;
    relay_config *fresh = NULL;
    sb_status st = config_load(r, config_json, &fresh, err, err_cap); /* re-reads credentials: rotation */
    if (st != SB_OK) {
        rlog(r, SB_LOG_WARN, "reconfigure refused; keeping the old configuration");
        return st;
    }
    pthread_rwlock_wrlock(&r->lock);
    relay_config *old = r->cfg;
    r->cfg = fresh;
    pthread_rwlock_unlock(&r->lock);
    config_free(old);
    rlog(r, SB_LOG_INFO, "reconfigured; sending as %s", fresh->sender);
    return SB_OK;
}

/* ====================================================================== */
/* The entry point                                                        */
/* ====================================================================== */

static const sb_plugin_descriptor relay_descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
#if SB_ABI_MINOR >= 3
    .min_host_minor = 3, /* HMAC through host->c */
#else
    .min_host_minor = 0,
#endif
    .id = LIT_INIT("relay"),
    .version = LIT_INIT("1.0.0"),
    .flags = 0, /* data calls may run concurrently: the config is read-locked */
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT, SB_FORMAT_PLAIN, 1600 },
    .create = relay_create,
    .start = relay_start,
    .stop = relay_stop,
    .reconfigure = relay_reconfigure,
    .destroy = relay_destroy,
    .handle_http = relay_handle_http,
    .deliver = relay_deliver,
    .on_timer = NULL,
};

RELAY_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);

RELAY_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &relay_descriptor; }
