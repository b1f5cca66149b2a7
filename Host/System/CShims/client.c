/* libcurl wrapper: one whole request per call, on a per-thread handle for keep-alive. */
#include "CShims.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t global_init_once = PTHREAD_ONCE_INIT;
static void global_init(void) { curl_global_init(CURL_GLOBAL_ALL); }

static pthread_key_t handle_key;
static pthread_once_t handle_key_once = PTHREAD_ONCE_INIT;
static void handle_destroy(void *h) { curl_easy_cleanup((CURL *)h); }
static void handle_key_init(void) { pthread_key_create(&handle_key, handle_destroy); }

typedef struct growable {
    char *data;
    size_t len;
    size_t cap;
} growable;

static size_t append(growable *g, const char *data, size_t n) {
    if (g->len + n + 1 > g->cap) {
        size_t cap = g->cap ? g->cap : 1024;
        while (cap < g->len + n + 1) cap *= 2;
        char *p = realloc(g->data, cap);
        if (!p) return 0;
        g->data = p;
        g->cap = cap;
    }
    memcpy(g->data + g->len, data, n);
    g->len += n;
    g->data[g->len] = 0;
    return n;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *user) {
    return append(user, ptr, size * nmemb);
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *user) {
    growable *g = user;
    size_t n = size * nmemb;
    /* A new status line starts a new header block (redirects, 100 Continue). */
    if (n >= 5 && memcmp(ptr, "HTTP/", 5) == 0) g->len = 0;
    return append(g, ptr, n);
}

typedef struct address_guard {
    const sbc_request *req;
    int refused;
} address_guard;

/* Every socket libcurl opens for the transfer passes here with its resolved address, so the
   check sees what is really connected to (no window between a check and the connect). */
static curl_socket_t open_checked_socket(void *user, curlsocktype purpose, struct curl_sockaddr *a) {
    address_guard *g = user;
    if (purpose == CURLSOCKTYPE_IPCXN) {
        const unsigned char *bytes = NULL;
        if (a->family == AF_INET) bytes = (const unsigned char *)&((const struct sockaddr_in *)&a->addr)->sin_addr;
        if (a->family == AF_INET6) bytes = (const unsigned char *)&((const struct sockaddr_in6 *)&a->addr)->sin6_addr;
        if (!bytes || !g->req->check_address(g->req->check_user, a->family, bytes)) {
            g->refused = 1;
            return CURL_SOCKET_BAD;
        }
    }
    return socket(a->family, a->socktype, a->protocol);
}

int sbc_perform(const sbc_request *req, sbc_response *resp, char *err, size_t err_cap) {
    pthread_once(&global_init_once, global_init);
    pthread_once(&handle_key_once, handle_key_init);
    CURL *curl = pthread_getspecific(handle_key);
    if (!curl) {
        curl = curl_easy_init();
        if (!curl) {
            if (err_cap) snprintf(err, err_cap, "curl_easy_init failed");
            return SBC_ERR_OTHER;
        }
        pthread_setspecific(handle_key, curl);
    } else {
        curl_easy_reset(curl);
    }

    growable body = {0}, headers = {0};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < req->header_count; i++) list = curl_slist_append(list, req->headers[i]);
    /* No "Expect: 100-continue" round trip for large bodies. */
    list = curl_slist_append(list, "Expect:");

    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : 10000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 3000L);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
    if (req->basic_auth) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERPWD, req->basic_auth);
    }
    address_guard guard = { req, 0 };
    if (req->check_address) {
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
        /* A kept-alive connection was never checked against this request's rule. */
        curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
        /* An environment proxy would be the only address checked: guarded fetches go direct. */
        curl_easy_setopt(curl, CURLOPT_PROXY, "");
    }
    const char *method = req->method ? req->method : "GET";
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        if (strcmp(method, "POST") != 0) curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body ? req->body : "");
    }

    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        free(body.data);
        free(headers.data);
        if (guard.refused && rc == CURLE_COULDNT_CONNECT) return SBC_ERR_REFUSED; /* the caller knows why */
        if (err_cap) snprintf(err, err_cap, "%s", curl_easy_strerror(rc));
        if (rc == CURLE_OPERATION_TIMEDOUT) return SBC_ERR_TIMEOUT;
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) return SBC_ERR_CONNECT;
        return SBC_ERR_OTHER;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
    resp->body = body.data;
    resp->body_len = body.len;
    resp->headers = headers.data;
    resp->headers_len = headers.len;
    return SBC_OK;
}

void sbc_response_free(sbc_response *resp) {
    free(resp->body);
    free(resp->headers);
    resp->body = NULL;
    resp->headers = NULL;
}

/* SMTP ------------------------------------------------------------------------------------------ */

typedef struct { const char *data; size_t len, pos; } mail_reader;

static size_t on_mail_read(char *buffer, size_t size, size_t count, void *userdata) {
    mail_reader *r = userdata;
    size_t room = size * count, left = r->len - r->pos;
    size_t n = left < room ? left : room;
    memcpy(buffer, r->data + r->pos, n);
    r->pos += n;
    return n;
}

int sbc_smtp_send(const sbc_mail *mail, char *err, size_t err_cap) {
    pthread_once(&global_init_once, global_init);
    CURL *curl = curl_easy_init();
    if (!curl) {
        if (err_cap) snprintf(err, err_cap, "curl_easy_init failed");
        return SBC_ERR_OTHER;
    }
    struct curl_slist *rcpt = NULL;
    for (size_t i = 0; i < mail->recipient_count; i++) rcpt = curl_slist_append(rcpt, mail->recipients[i]);
    mail_reader reader = { mail->message, mail->message_len, 0 };
    curl_easy_setopt(curl, CURLOPT_URL, mail->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, mail->timeout_ms > 0 ? mail->timeout_ms : 30000L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    if (mail->starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (mail->username) curl_easy_setopt(curl, CURLOPT_USERNAME, mail->username);
    if (mail->password) curl_easy_setopt(curl, CURLOPT_PASSWORD, mail->password);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail->from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_mail_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &reader);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc != CURLE_OK) {
        if (err_cap) snprintf(err, err_cap, "%s", curl_easy_strerror(rc));
        if (rc == CURLE_OPERATION_TIMEDOUT) return SBC_ERR_TIMEOUT;
        if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) return SBC_ERR_CONNECT;
        return SBC_ERR_OTHER;
    }
    return SBC_OK;
}
