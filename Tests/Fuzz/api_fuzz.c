/*
** api_fuzz.c -- libFuzzer target for the API channel's webhook parsers (scripts/fuzz api). The
** plugin is the real shared library, built with the fuzzer's coverage instrumentation
** (swift build -Xswiftc -sanitize=fuzzer) and loaded with dlopen at start; the harness drives
** it through the C ABI like the host does.
** Input: byte 0 picks the endpoint and header variants, the rest is the body (or the query of
** GET /messages).
*/
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>

#include "fuzz_host.h"

#define LIT(s) ((sb_str){ (s), sizeof(s) - 1 })

static sb_host_api fuzz_api;
static const sb_plugin_descriptor *descriptor;
static void *instance;
static char ctx_storage;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *path = getenv("API_PLUGIN");
    /* As the host does: a Swift library must never really be unloaded (it would corrupt the Swift runtime). */
    void *library = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) : NULL;
    sb_entry_fn entry = library ? (sb_entry_fn)dlsym(library, "switchboard_plugin_v1") : NULL;
    if (!entry) {
        fprintf(stderr, "api_fuzz: set API_PLUGIN to the instrumented libSwitchboardAPIChannel.so (%s)\n", dlerror());
        abort();
    }
    descriptor = entry();
    fuzz_api = fuzz_host_api();
    static const char config[] = "{\"api_key_credential\":\"k\"}";
    sb_instance_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    info.abi_minor = SB_ABI_MINOR;
    info.instance_id = LIT("api1");
    info.config_json = (sb_str){ config, sizeof config - 1 };
    info.route_prefix = LIT("/hooks/api1");
    info.public_base_url = LIT("http://127.0.0.1");
    info.deliver_timeout_ms = 15000;
    char err[256] = "";
    if (descriptor->create(&fuzz_api, (sb_instance_ctx *)&ctx_storage, &info, &instance, err, sizeof err) != SB_OK ||
        descriptor->start(instance, err, sizeof err) != SB_OK) {
        fprintf(stderr, "api_fuzz: the instance did not start: %s\n", err);
        abort();
    }
    return 0;
}

static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Whether the query, percent-decoded and case-folded, contains "wait". */
static int names_wait(const char *query) {
    char decoded[512];
    size_t n = 0;
    for (size_t i = 0; query[i] && n < sizeof decoded - 1; i++) {
        char c = query[i];
        if (c == '%' && hex(query[i + 1]) >= 0 && hex(query[i + 2]) >= 0) {
            c = (char)(hex(query[i + 1]) * 16 + hex(query[i + 2]));
            i += 2;
        }
        decoded[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    decoded[n] = '\0';
    return strstr(decoded, "wait") != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    uint8_t pick = data[0];
    static const char *types[] = { "application/json", "application/json; charset=utf-8", "text/plain", "APPLICATION/JSON" };
    char auth[64];
    snprintf(auth, sizeof auth, "Bearer %s", (pick & 8) ? "wrong" : fuzz_secret);
    sb_header headers[2] = {
        { LIT("Authorization"), (sb_str){ auth, strlen(auth) } },
        { LIT("Content-Type"), (sb_str){ types[(pick >> 4) & 3], strlen(types[(pick >> 4) & 3]) } },
    };
    switch (pick % 8) {
    case 6: {
        /* The query of GET /messages: never a long poll (it would only slow the fuzzer down), so
           skip any query that names "wait" once percent-decoded. */
        char query[512];
        size_t n = size - 1 < sizeof query - 1 ? size - 1 : sizeof query - 1;
        memcpy(query, data + 1, n);
        query[n] = '\0';
        for (size_t i = 0; i < n; i++) if (query[i] == '\0') query[i] = '&';
        if (names_wait(query)) return 0;
        fuzz_call(descriptor, instance, "GET", "/messages", query, headers, 1, NULL, 0);
        break;
    }
    case 7:
        fuzz_call(descriptor, instance, "POST", "/receipts", "", headers, (pick & 64) ? 1 : 2, data + 1, size - 1);
        break;
    default:
        fuzz_call(descriptor, instance, "POST", "/messages", "", headers, (pick & 64) ? 1 : 2, data + 1, size - 1);
    }
    return 0;
}
