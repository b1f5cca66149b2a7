/*
** hang.c -- a test-only channel plugin whose first deliver() never returns (until a minute has
** passed): Tests/IntegrationTests/HungPluginTests.swift builds it with cc, packs it and loads it
** into the real host to check that the delivery watchdog bounds the call, quarantines the
** instance with a visible reason and keeps the other channels going. Every later deliver() (a
** fresh instance after the operator enables it again) answers SENT, so the waiting reply goes out.
** Plain C11 against switchboard_plugin.h, like Plugins/Relay; never shipped.
*/
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "switchboard_plugin.h"

#define HANG_EXPORT __attribute__((visibility("default")))

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int delivered_calls;

static sb_status hang_create(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info, void **instance,
                             char *err, size_t err_cap)
{
    (void)host; (void)ctx; (void)info; (void)err; (void)err_cap;
    *instance = malloc(1);
    return *instance ? SB_OK : SB_ERR_INTERNAL;
}

static sb_status hang_start(void *instance, char *err, size_t err_cap) { (void)instance; (void)err; (void)err_cap; return SB_OK; }
static void hang_stop(void *instance) { (void)instance; }
static void hang_destroy(void *instance) { free(instance); }

static void hang_handle_http(void *instance, const sb_http_request *request, sb_http_exchange *exchange)
{
    (void)instance; (void)request; (void)exchange; /* no routes: the host answers 404 */
}

static sb_status hang_deliver(void *instance, const sb_outbound_message *message, sb_delivery_result *result,
                              char *err, size_t err_cap)
{
    (void)instance; (void)err; (void)err_cap;
    pthread_mutex_lock(&lock);
    int call = ++delivered_calls;
    pthread_mutex_unlock(&lock);
    if (call == 1) {
        struct timespec minute = { 60, 0 };
        nanosleep(&minute, NULL); /* the stuck provider call */
    }
    result->outcome = SB_DELIVERY_SENT;
    snprintf(result->provider_message_id, sizeof result->provider_message_id, "hang-%lld", (long long)message->message_id);
    return SB_OK;
}

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_minor = SB_ABI_MINOR,
    .abi_major = SB_ABI_MAJOR,
    .min_host_minor = 0,
    .id = { "hang", 4 },
    .version = { "1.0.0", 5 },
    .flags = 0,
    .capabilities = { sizeof(sb_capabilities), SB_CAP_TEXT, SB_FORMAT_PLAIN, 0 },
    .create = hang_create,
    .start = hang_start,
    .stop = hang_stop,
    .destroy = hang_destroy,
    .handle_http = hang_handle_http,
    .deliver = hang_deliver,
};

HANG_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void);
HANG_EXPORT const sb_plugin_descriptor *switchboard_plugin_v1(void) { return &descriptor; }
