/*
** Layout lock for switchboard_plugin.h, ABI v1 on LP64 (x86_64, aarch64).
**
** Structs in the ABI only grow at their end. These assertions pin the size
** and offset of every v1 field, so a change that moves one fails to compile
** here (and in CI) instead of breaking plugins already in the field. When a
** minor version appends a field, add its assertion; never edit one.
**
** A struct that grew keeps its 1.0 size as the offset of its first appended
** field (that is what an older plugin's struct_size still says), and its
** size lock moves to the new total under the minor version that grew it.
*/
#include "switchboard_plugin.h"

#include <assert.h>

#define LOCK_OFFSET(type, field, value) \
    static_assert(offsetof(type, field) == (value), #type "." #field " moved")
#define LOCK_SIZE(type, value) \
    static_assert(sizeof(type) == (value), #type " changed size")

static_assert(sizeof(void *) == 8 && sizeof(size_t) == 8, "the v1 layout lock is for LP64 targets");

LOCK_SIZE(sb_str, 16);
LOCK_SIZE(sb_header, 32);
LOCK_SIZE(sb_buffer, 24);

LOCK_SIZE(sb_capabilities, 16);
LOCK_OFFSET(sb_capabilities, content, 4);
LOCK_OFFSET(sb_capabilities, format, 8);
LOCK_OFFSET(sb_capabilities, max_text_length, 12);

LOCK_OFFSET(sb_inbound_message, identity_kind, 8);
LOCK_OFFSET(sb_inbound_message, identity_value, 24);
LOCK_OFFSET(sb_inbound_message, provider_message_id, 40);
LOCK_OFFSET(sb_inbound_message, text, 56);
LOCK_OFFSET(sb_inbound_message, format, 72);
LOCK_OFFSET(sb_inbound_message, display_name, 80);
LOCK_OFFSET(sb_inbound_message, rich_json, 96);
LOCK_OFFSET(sb_inbound_message, attachments_json, 112);
LOCK_OFFSET(sb_inbound_message, agent_stack, 128);
LOCK_OFFSET(sb_inbound_message, conversation_id, 144);
LOCK_OFFSET(sb_inbound_message, sent_at_ms, 160);
LOCK_OFFSET(sb_inbound_message, new_conversation, 168); /* = the 1.0 size */

LOCK_OFFSET(sb_ingest_result, conversation_id, 8);
LOCK_OFFSET(sb_ingest_result, message_id, 72);
LOCK_OFFSET(sb_ingest_result, created_conversation, 80);
LOCK_SIZE(sb_ingest_result, 88);

LOCK_OFFSET(sb_outbound_message, conversation_id, 8);
LOCK_OFFSET(sb_outbound_message, message_id, 24);
LOCK_OFFSET(sb_outbound_message, idempotency_key, 32);
LOCK_OFFSET(sb_outbound_message, attempt, 48);
LOCK_OFFSET(sb_outbound_message, format, 52);
LOCK_OFFSET(sb_outbound_message, identity_kind, 56);
LOCK_OFFSET(sb_outbound_message, identity_value, 72);
LOCK_OFFSET(sb_outbound_message, text, 88);
LOCK_OFFSET(sb_outbound_message, rich_json, 104);
LOCK_OFFSET(sb_outbound_message, attachments_json, 120);
LOCK_OFFSET(sb_outbound_message, author_kind, 136);
LOCK_OFFSET(sb_outbound_message, author_name, 152);
/* 1.0 size of sb_outbound_message: 168 (the offset of reply_window) */

LOCK_OFFSET(sb_delivery_result, outcome, 4);
LOCK_OFFSET(sb_delivery_result, provider_status, 8);
LOCK_OFFSET(sb_delivery_result, provider_message_id, 16);
LOCK_OFFSET(sb_delivery_result, detail, 272);
LOCK_OFFSET(sb_delivery_result, retry_after_ms, 784); /* = the 1.0 size */

LOCK_OFFSET(sb_http_request, method, 8);
LOCK_OFFSET(sb_http_request, path, 24);
LOCK_OFFSET(sb_http_request, query, 40);
LOCK_OFFSET(sb_http_request, headers, 56);
LOCK_OFFSET(sb_http_request, header_count, 64);
LOCK_OFFSET(sb_http_request, body, 72);
LOCK_OFFSET(sb_http_request, remote_address, 88);
LOCK_SIZE(sb_http_request, 104);

LOCK_OFFSET(sb_http_client_request, method, 8);
LOCK_OFFSET(sb_http_client_request, url, 24);
LOCK_OFFSET(sb_http_client_request, headers, 40);
LOCK_OFFSET(sb_http_client_request, header_count, 48);
LOCK_OFFSET(sb_http_client_request, body, 56);
LOCK_OFFSET(sb_http_client_request, timeout_ms, 72);
LOCK_OFFSET(sb_http_client_request, connect_timeout_ms, 76);
LOCK_OFFSET(sb_http_client_request, basic_auth, 80);
/* 1.0 size of sb_http_client_request: 96 (the offset of flags) */

LOCK_OFFSET(sb_http_result, status, 4);
LOCK_OFFSET(sb_http_result, headers, 8);
LOCK_OFFSET(sb_http_result, header_count, 16);
LOCK_OFFSET(sb_http_result, body, 24);
LOCK_SIZE(sb_http_result, 40);

LOCK_OFFSET(sb_host_api, log, 8);
LOCK_OFFSET(sb_host_api, ingest, 16);
LOCK_OFFSET(sb_host_api, report_delivery, 24);
LOCK_OFFSET(sb_host_api, http_request, 32);
LOCK_OFFSET(sb_host_api, http_result_free, 40);
LOCK_OFFSET(sb_host_api, buffer_free, 48);
LOCK_OFFSET(sb_host_api, kv_get, 56);
LOCK_OFFSET(sb_host_api, kv_set, 64);
LOCK_OFFSET(sb_host_api, kv_delete, 72);
LOCK_OFFSET(sb_host_api, kv_scan, 80);
LOCK_OFFSET(sb_host_api, credential_get, 88);
LOCK_OFFSET(sb_host_api, timer_start, 96);
LOCK_OFFSET(sb_host_api, timer_cancel, 104);
LOCK_OFFSET(sb_host_api, route_add, 112);
LOCK_OFFSET(sb_host_api, http_respond, 120);
LOCK_OFFSET(sb_host_api, http_add_header, 128);
LOCK_OFFSET(sb_host_api, emit_event, 136);
LOCK_OFFSET(sb_host_api, stack_turn, 144);
LOCK_OFFSET(sb_host_api, sidekick_ask, 152);
LOCK_OFFSET(sb_host_api, switch_channel, 160);
LOCK_OFFSET(sb_host_api, side_ingest, 168); /* = the 1.0 size */

LOCK_OFFSET(sb_instance_info, instance_id, 8);
LOCK_OFFSET(sb_instance_info, config_json, 24);
LOCK_OFFSET(sb_instance_info, route_prefix, 40);
LOCK_OFFSET(sb_instance_info, public_base_url, 56);
LOCK_OFFSET(sb_instance_info, deliver_timeout_ms, 72);
LOCK_SIZE(sb_instance_info, 80);

LOCK_OFFSET(sb_plugin_descriptor, abi_major, 8);
LOCK_OFFSET(sb_plugin_descriptor, min_host_minor, 12);
LOCK_OFFSET(sb_plugin_descriptor, id, 16);
LOCK_OFFSET(sb_plugin_descriptor, version, 32);
LOCK_OFFSET(sb_plugin_descriptor, flags, 48);
LOCK_OFFSET(sb_plugin_descriptor, capabilities, 56);
LOCK_OFFSET(sb_plugin_descriptor, create, 72);
LOCK_OFFSET(sb_plugin_descriptor, start, 80);
LOCK_OFFSET(sb_plugin_descriptor, stop, 88);
LOCK_OFFSET(sb_plugin_descriptor, reconfigure, 96);
LOCK_OFFSET(sb_plugin_descriptor, destroy, 104);
LOCK_OFFSET(sb_plugin_descriptor, handle_http, 112);
LOCK_OFFSET(sb_plugin_descriptor, deliver, 120);
LOCK_OFFSET(sb_plugin_descriptor, on_timer, 128);
LOCK_OFFSET(sb_plugin_descriptor, deliver_side, 136); /* = the 1.0 size */

/* ---- 1.1 ---- */

LOCK_OFFSET(sb_inbound_message, reserved2, 172);
LOCK_OFFSET(sb_inbound_message, contact_json, 176); /* = the 1.1 size */

LOCK_OFFSET(sb_host_api, publish_status, 176);
LOCK_OFFSET(sb_host_api, stream_open, 184); /* = the 1.1 size */

LOCK_OFFSET(sb_plugin_descriptor, on_stream_closed, 144); /* = the 1.1 size */

LOCK_OFFSET(sb_side_message, side_conversation_id, 8);
LOCK_OFFSET(sb_side_message, conversation_id, 24);
LOCK_OFFSET(sb_side_message, message_id, 40);
LOCK_OFFSET(sb_side_message, idempotency_key, 48);
LOCK_OFFSET(sb_side_message, attempt, 64);
LOCK_OFFSET(sb_side_message, format, 68);
LOCK_OFFSET(sb_side_message, subject, 72);
LOCK_OFFSET(sb_side_message, participants_json, 88);
LOCK_OFFSET(sb_side_message, text, 104);
LOCK_OFFSET(sb_side_message, attachments_json, 120);
LOCK_OFFSET(sb_side_message, author_name, 136);
/* 1.1 size of sb_side_message: 152 (the offset of customer_name) */

LOCK_OFFSET(sb_side_inbound_message, side_conversation_id, 8);
LOCK_OFFSET(sb_side_inbound_message, provider_message_id, 24);
LOCK_OFFSET(sb_side_inbound_message, sender_address, 40);
LOCK_OFFSET(sb_side_inbound_message, sender_name, 56);
LOCK_OFFSET(sb_side_inbound_message, text, 72);
LOCK_OFFSET(sb_side_inbound_message, format, 88);
LOCK_OFFSET(sb_side_inbound_message, attachments_json, 96);
LOCK_OFFSET(sb_side_inbound_message, sent_at_ms, 112);
/* 1.1 size of sb_side_inbound_message: 120 (the offset of sender_avatar_url) */

/* ---- 1.2 ---- */

/* 1.2 size of sb_inbound_message: 192 (the offset of origin) */
LOCK_OFFSET(sb_delivery_result, wait_flags, 788);
/* 1.2 size of sb_delivery_result: 792 (the offset of link) */

LOCK_OFFSET(sb_host_api, stream_send, 192);
LOCK_OFFSET(sb_host_api, stream_close, 200);
LOCK_OFFSET(sb_host_api, conversation_messages, 208);
LOCK_OFFSET(sb_host_api, file_store, 216);
LOCK_OFFSET(sb_host_api, switch_channel_to, 224);
LOCK_OFFSET(sb_host_api, switch_targets, 232);
LOCK_OFFSET(sb_host_api, outbox_kick, 240);
/* 1.2 size of sb_host_api: 248 (the offset of claim_asset) */

LOCK_OFFSET(sb_plugin_descriptor, on_conversation_signal, 152);
/* 1.2 size of sb_plugin_descriptor: 160 (the offset of validate_outbound) */

LOCK_OFFSET(sb_action_request, conversation_id, 8);
LOCK_OFFSET(sb_action_request, action, 24);
LOCK_OFFSET(sb_action_request, arguments_json, 40);
LOCK_OFFSET(sb_action_request, identity_kind, 56);
LOCK_OFFSET(sb_action_request, identity_value, 72);
LOCK_OFFSET(sb_action_request, idempotency_key, 88);
LOCK_OFFSET(sb_action_request, author_name, 104);
LOCK_OFFSET(sb_action_request, reply_window, 120);
LOCK_SIZE(sb_action_request, 128);

LOCK_OFFSET(sb_switch_request, conversation_id, 8);
LOCK_OFFSET(sb_switch_request, target, 24);
LOCK_OFFSET(sb_switch_request, identity_kind, 40);
LOCK_OFFSET(sb_switch_request, identity_value, 56);
LOCK_OFFSET(sb_switch_request, reason, 72);
LOCK_OFFSET(sb_switch_request, notice, 88);
LOCK_SIZE(sb_switch_request, 104);

LOCK_OFFSET(sb_switch_result, waiting, 4);
LOCK_OFFSET(sb_switch_result, target_instance_id, 8);
LOCK_OFFSET(sb_switch_result, identity_kind, 72);
LOCK_OFFSET(sb_switch_result, identity_value, 104);
LOCK_SIZE(sb_switch_result, 360);

/* ---- 1.3 ---- */

LOCK_OFFSET(sb_host_api, claim_asset, 248);
LOCK_OFFSET(sb_host_api, route_add_shared, 256);
LOCK_OFFSET(sb_host_api, asset_owner, 264);
LOCK_OFFSET(sb_host_api, find_message, 272);
LOCK_OFFSET(sb_host_api, report_delivery_until, 280);
LOCK_OFFSET(sb_host_api, switch_ticket_issue, 288);
LOCK_OFFSET(sb_host_api, switch_ticket_redeem, 296);
LOCK_OFFSET(sb_host_api, side_message_update, 304);
LOCK_OFFSET(sb_host_api, message_attachments_replace, 312);
LOCK_OFFSET(sb_host_api, contact_update, 320);
LOCK_OFFSET(sb_host_api, c, 328);
LOCK_OFFSET(sb_host_api, message_edit, 336);
LOCK_OFFSET(sb_host_api, kv_set_expiring, 344);
LOCK_OFFSET(sb_host_api, conversation_fields_update, 352);
LOCK_OFFSET(sb_host_api, voice_step, 360);
/* 1.3, answering later (one contiguous block): */
LOCK_OFFSET(sb_host_api, http_defer, 368);
LOCK_OFFSET(sb_host_api, http_answer, 376);
LOCK_OFFSET(sb_host_api, ingest_async, 384);
/* 1.3, handlers on the event loop: */
LOCK_OFFSET(sb_host_api, route_add_nonblocking, 392);
LOCK_SIZE(sb_host_api, 400);
LOCK_OFFSET(sb_c_services, version, 4);
LOCK_OFFSET(sb_c_services, json_parse, 8);
LOCK_OFFSET(sb_c_services, json_serialize, 112);
LOCK_OFFSET(sb_c_services, json_writer_new, 120);
LOCK_OFFSET(sb_c_services, json_writer_finish, 208);
LOCK_OFFSET(sb_c_services, sha256, 216);
LOCK_OFFSET(sb_c_services, random_bytes, 240);
LOCK_OFFSET(sb_c_services, encode, 248);
LOCK_OFFSET(sb_c_services, form_parse, 272);
LOCK_OFFSET(sb_c_services, multipart_new, 280);
LOCK_OFFSET(sb_c_services, multipart_finish, 304);
LOCK_OFFSET(sb_c_services, markdown_render, 312);
LOCK_OFFSET(sb_c_services, buffer_free, 320);
LOCK_SIZE(sb_c_services, 328);
LOCK_OFFSET(sb_delivery_result, link, 792);
LOCK_SIZE(sb_delivery_result, 1304);
LOCK_OFFSET(sb_side_message, customer_name, 152);
LOCK_SIZE(sb_side_message, 168);
LOCK_OFFSET(sb_side_inbound_message, sender_avatar_url, 120);
LOCK_SIZE(sb_side_inbound_message, 136);
LOCK_OFFSET(sb_inbound_message, origin, 192);
LOCK_OFFSET(sb_inbound_message, also_identity_kind, 200);
LOCK_OFFSET(sb_inbound_message, also_identity_value, 216);
LOCK_SIZE(sb_inbound_message, 232);
LOCK_OFFSET(sb_outbound_message, reply_window, 168);
LOCK_SIZE(sb_outbound_message, 176);
LOCK_OFFSET(sb_plugin_descriptor, validate_outbound, 160);
LOCK_OFFSET(sb_plugin_descriptor, admin_call, 168);
LOCK_OFFSET(sb_plugin_descriptor, perform_action, 176);
LOCK_SIZE(sb_plugin_descriptor, 184);
LOCK_OFFSET(sb_admin_request, operation, 8);
LOCK_OFFSET(sb_admin_request, args_json, 24);
LOCK_OFFSET(sb_admin_request, instance_id, 40);
LOCK_OFFSET(sb_admin_request, public_base_url, 56);
LOCK_OFFSET(sb_admin_request, actor, 72);
LOCK_SIZE(sb_admin_request, 88);

/* 1.3, sb_http_client_request (keep these lines together): */
LOCK_OFFSET(sb_http_client_request, flags, 96);
LOCK_SIZE(sb_http_client_request, 104);

/* The translation unit must not be empty under -pedantic. */
int sb_layout_lock_v1 = 1;
