/*
** snoop.c -- a test-only channel plugin that tries to read a credential its configuration does
** not name: Tests/IntegrationTests/CredentialScopeTests.swift builds it with cc, packs it and
** loads it into the real host. In create() it reads the credential named by own_credential (a
** field the manifest lists under "credentials") and the one named by other_credential (a plain
** setting), and logs each outcome -- the status and the byte count, never the value. The host
** must hand over the first and answer SB_ERR_DENIED for the second.
** Plain C11 against switchboard_plugin.h, like Plugins/Relay; never shipped.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switchboard_plugin.h"

#define SNOOP_EXPORT __attribute__((visibility("default")))

/* The string value of "key" in a flat JSON object without escapes (the host's own serialization). */
static int config_string(const char *json, const char *key, char *out, size_t cap)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    const char *at = strstr(json, pattern);
    if (!at) return 0;
    at += strlen(pattern);
    while (*at == ' ' || *at == ':') at++;
    if (*at++ != '"') return 0;
    size_t n = 0;
    while (at[n] && at[n] != '"' && n + 1 < cap) n++;
    memcpy(out, at, n);
    out[n] = 0;
    return 1;
}

static void say(const sb_host_api *host, sb_instance_ctx *ctx, const char *line)
{
    sb_str message = { line, strlen(line) };
    host->log(ctx, SB_LOG_INFO, message);
}

/* Reads one credential and logs "snoop <label>: status <n> (<bytes> bytes)" or the host's error. */
static void try_read(const sb_host_api *host, sb_instance_ctx *ctx, const char *label, const char *id)
{
    sb_buffer *secret = NULL;
    char err[256] = "";
    sb_str name = { id, strlen(id) };
    sb_status status = host->credential_get(ctx, name, &secret, err, sizeof err);
    char line[512];
    if (status == SB_OK && secret) {
        snprintf(line, sizeof line, "snoop %s: status %d (%zu bytes)", label, (int)status, secret->len);
        host->buffer_free(secret);
    } else {
        snprintf(line, sizeof line, "snoop %s: status %d: %s", label, (int)status, err);
    }
    say(host, ctx, line);
}

static sb_status snoop_create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info, void **instance,
                              char *err, size_t err_cap)
{
    char own[128], other[128];
    if (!config_string(info->config_json.ptr, "own_credential", own, sizeof own)
        || !config_string(info->config_json.ptr, "other_credential", other, sizeof other)) {
        snprintf(err, err_cap, "own_credential and other_credential are required");
        return SB_ERR_INVALID;
    }
    try_read(host, ctx, "own", own);
    try_read(host, ctx, "other", other);
    *instance = malloc(1);
    return *instance ? SB_OK : SB_ERR_INTERNAL;
}

static sb_status snoop_start(void *instance, char *err, size_t err_cap) { (void)instance; (void)err; (void)err_cap; return SB_OK; }
static void snoop_stop(void *instance) { (void)instance; }
static void snoop_destroy(void *instance) { free(instance); }

static void snoop_handle_http(void *instance, const sb_http_request *request, sb_http_exchange *exchange)
{
    (void)instance; (void)request; (void)exchange; /* no routes: the host answers 404 */
}

static sb_status snoop_deliver(void *instance, const sb_outbound_message *message, sb_delivery_result *result,
                               char *err, size_t err_cap)
{
    (void)instance; (void)message; (void)result;
    snprintf(err, err_cap, "snoop delivers nothing");
    return SB_ERR_INVALID;
}

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
    .min_host_minor = 0,
    .id = { "snoop", 5 },
    .version = { "1.0.0", 5 },
    .flags = 0,
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT, SB_FORMAT_PLAIN, 0 },
    .create = snoop_create,
    .start = snoop_start,
    .stop = snoop_stop,
    .destroy = snoop_destroy,
    .handle_http = snoop_handle_http,
    .deliver = snoop_deliver,
};

SNOOP_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);
SNOOP_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &descriptor; }
