/*
** relay_fuzz.c -- libFuzzer target for Relay's webhook parsers (scripts/fuzz relay). relay.c is
** compiled into the harness, so the fuzzer sees its coverage (and ASan/UBSan check it).
** Input: byte 0 picks the endpoint and header variants, the rest is the request body.
*/
#include "../../Plugins/Relay/relay.c"

#include <stdint.h>

#include "fuzz_host.h"

/* Relay checks X-Relay-Signature through host->c: the host's own C services, linked from
   libSwitchboardCServices.so (scripts/fuzz links it), so the fuzzer signs as the gateway would. */
const sb_c_services *sb_c_services_table(void);

static sb_host_api fuzz_api;
static void *instance;
static char ctx_storage;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_api = fuzz_host_api();
    fuzz_api.c = sb_c_services_table();
    static const char config[] = "{\"gateway_url\":\"https://gw.example.net\",\"token_credential\":\"t\","
                                 "\"inbound_secret_credential\":\"s\",\"sender\":\"+15550000000\"}";
    sb_instance_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    info.abi_minor = SB_ABI_MINOR;
    info.instance_id = LIT("sms1");
    info.config_json = (sb_str){ config, sizeof config - 1 };
    info.route_prefix = LIT("/hooks/sms1");
    info.public_base_url = LIT("http://127.0.0.1");
    info.deliver_timeout_ms = 15000;
    char err[256] = "";
    const sb_plugin_descriptor *d = switchboard_plugin_v1();
    if (d->create(&fuzz_api, (sb_instance_ctx *)&ctx_storage, &info, &instance, err, sizeof err) != SB_OK ||
        d->start(instance, err, sizeof err) != SB_OK) {
        fprintf(stderr, "relay_fuzz: the instance did not start: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    uint8_t pick = data[0];
    static const char *types[] = { "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8",
                                   "application/json", "application/x-www-form-urlencodedx" };
    /* the body's HMAC under the inbound secret (or under a wrong one), as the gateway signs */
    uint8_t mac[32];
    fuzz_api.c->hmac_sha256((pick & 8) ? LIT("wrong") : cstr(fuzz_secret), (sb_str){ (const char *)data + 1, size - 1 }, mac);
    static char signature[7 + 64 + 1];
    memcpy(signature, "sha256=", 7);
    for (int i = 0; i < 32; i++) snprintf(signature + 7 + 2 * i, 3, "%02x", mac[i]);
    sb_header headers[2] = {
        { LIT("X-Relay-Signature"), cstr(signature) },
        { LIT("Content-Type"), cstr(types[(pick >> 1) & 3]) },
    };
    fuzz_call(switchboard_plugin_v1(), instance, (pick & 16) ? "GET" : "POST", (pick & 1) ? "/status" : "/inbound", "",
              headers, (pick & 32) ? 1 : 2, data + 1, size - 1);
    return 0;
}
