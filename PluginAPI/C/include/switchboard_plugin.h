/*
** switchboard_plugin.h -- the channel plugin ABI of Switchboard, version 1.
**
** A channel plugin is a shared library that teaches the Switchboard host one
** route a customer can take (SMS, email, a web widget, a REST API, ...). This
** header is the whole contract between the two sides. It is plain C11, needs
** only <stdint.h> and <stddef.h>, and every name in it starts with "sb_" or
** "SB_".
**
** HOW A PLUGIN IS FOUND AND STARTED
**
**   1. The host reads plugin.json beside the library (id, version, abi,
**      library file and its sha256, capabilities, config schema, credentials)
**      and validates it before any plugin code runs.
**   2. The host copies the library to a content-addressed path and opens it
**      with dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE). It is never
**      dlclose()d.
**   3. The host calls the one exported symbol, SB_ENTRY_SYMBOL
**      ("switchboard_plugin_v1"). It must do no work: it returns a pointer to
**      a static, immutable sb_plugin_descriptor.
**   4. The host cross-checks the descriptor with the manifest (id, version,
**      capabilities), then, for each configured channel instance, calls
**      create() and start(). Disabling an instance calls stop() then
**      destroy(); a changed configuration calls reconfigure().
**
** VERSIONING
**
**   The major version is in the entry symbol's name: an incompatible change
**   gets a new symbol (switchboard_plugin_v2) and a new header. Within a major
**   version, structs only grow at their end. Every struct starts with
**   struct_size (and the structs a side publishes carry the minor version it
**   was built against), so:
**     - a reader checks SB_HAS_FIELD(ptr, type, field) before touching a field that
**       a later minor version appended;
**     - the host copies a plugin's descriptor into zeroed storage of its own
**       size, so fields an older plugin lacks read as zero / NULL.
**   Negotiation: the descriptor names the lowest host minor version the
**   plugin needs (min_host_minor). A host whose SB_ABI_MINOR is lower refuses
**   the plugin with a logged reason; otherwise the plugin receives the host's
**   service table and reads host->abi_minor to learn what the host offers.
**
** MINOR VERSIONS
**
**   1.0  everything not marked otherwise.
**   1.1  side conversations: private threads the team opens from a customer
**        conversation with someone outside it (a vendor, another team),
**        carried by a plugin that can (an email channel), never shown to the
**        customer unless copied. Appended: sb_plugin_descriptor.deliver_side,
**        sb_host_api.side_ingest and .publish_status,
**        sb_inbound_message.new_conversation; new structs sb_side_message and
**        sb_side_inbound_message. A 1.0 plugin loads and runs unchanged: its
**        shorter descriptor reads as deliver_side == NULL (no side
**        conversations) and the host reads new_conversation only when the
**        plugin's sb_inbound_message is large enough to hold it.
**   1.2  live customer-facing channels (a web chat widget): server-push
**        streams (stream_open, stream_send, stream_close and the plugin's
**        on_stream_closed), reading a conversation's customer-visible
**        history (conversation_messages), storing uploaded files
**        (file_store), switching by channel kind with a notice and a list
**        of switch targets (switch_channel_to, switch_targets), holding a
**        reply until the customer is back (SB_DELIVERY_WAIT with
**        sb_delivery_result.retry_after_ms, outbox_kick), agent signals
**        such as typing (the plugin's on_conversation_signal), and contact
**        details the customer gave (sb_inbound_message.contact_json).
**        1.0 and 1.1 plugins load and run unchanged.
**   1.3  channels whose provider posts every asset's events to one URL (Meta:
**        many Pages and Instagram accounts per app). Appended one change at
**        a time: exclusive asset claims (claim_asset, SB_ERR_CONFLICT);
**        shared routes and sibling access (route_add_shared, asset_owner,
**        find_message, report_delivery_until); messages the business sent
**        from the provider's own app and messages the customer unsent
**        (sb_inbound_message.origin, SB_STATUS_RETRACTED); reply windows
**        (sb_outbound_message.reply_window, the manifest's "reply_window");
**        switch tickets, for channels the customer must open themselves
**        (switch_ticket_issue, switch_ticket_redeem); edits and deletions of
**        side-conversation replies (side_message_update); a side
**        conversation's context (sb_side_message.customer_name,
**        sb_side_inbound_message.sender_avatar_url, sb_delivery_result.link);
**        checking a reply before it is accepted, so a bad one is refused to
**        its sender with the field named (the plugin's validate_outbound);
**        media fetched again after a failed download
**        (message_attachments_replace); a second identity the provider
**        vouches for (sb_inbound_message.also_identity_kind/_value). New
**        signal types on on_conversation_signal: side_directory.refresh,
**        templates.sync, conversation.viewed, media.refetch; and
**        switch_ticket_issue's answer gained qr_svg. Then operators' admin
**        operations, plugin code the host calls from its
**        admin REST API and CLI outside any conversation (searching and
**        buying a provider's phone numbers): sb_admin_request,
**        sb_plugin_descriptor.admin_call, the manifest's "admin_operations";
**        contact attributes a plugin learned outside any message
**        (sb_host_api.contact_update). Then services for plugins in plain C
**        (sb_host_api.c, a versioned
**        sb_c_services table: JSON read and write, SHA-256, HMAC-SHA256,
**        constant-time compare, random bytes, hex/base64, percent encoding,
**        form parsing, multipart/form-data bodies, Markdown rendering);
**        customers' edits of their messages (message_edit). Then the
**        conversation signal "conversation.fields" (a person set custom
**        fields: Amazon links an order id set by hand; no layout change). Then
**        the channel actions an Agent Stack may take, declared in the manifest's
**        "actions" (sb_plugin_descriptor.perform_action, sb_action_request). Then
**        erasure of a customer's data (on_conversation_signal type
**        "contact.erased", durable; no layout change); plugin state that
**        expires (sb_host_api.kv_set_expiring); a conversation's custom fields
**        set by its channel (sb_host_api.conversation_fields_update); one
**        step of a phone call through the host's IVR engine, for voice
**        channels (sb_host_api.voice_step). URLs a user chose, fetched with
**        the host's network guard (sb_http_client_request.flags,
**        SB_HTTP_USER_URL). Then answering later: a request kept past
**        handle_http() and answered from any thread (sb_host_api.http_defer,
**        http_answer), and an ingest that returns at once and reports the
**        commit to a completion (sb_host_api.ingest_async,
**        sb_ingest_completion). Then routes whose handler never blocks, run on
**        an HTTP event-loop thread instead of a worker
**        (sb_host_api.route_add_nonblocking).
**        1.0 to 1.2 plugins load and run unchanged.
**
** OWNERSHIP
**
**   Caller-owned result structs (sb_ingest_result, sb_delivery_result) are
**   zeroed by the caller, which also sets their struct_size; the callee writes
**   only the fields that lie inside that size.
**
**   Borrowed by default: every pointer passed into a call (either direction)
**   is valid only until that call returns; copy what you keep. Memory is
**   freed by the side that allocated it: what the host hands out (sb_buffer,
**   sb_http_result) is released with host->buffer_free() /
**   host->http_result_free(). The plugin's descriptor and the strings in it
**   are static and live forever. Long-lived things are opaque handles
**   (sb_instance_ctx, the plugin's own void *instance).
**
** THREADING
**
**   - Lifecycle calls (create, start, stop, reconfigure, destroy) are
**     serialized per instance and never overlap a data call on the same
**     instance: the host drains data calls before stop and reconfigure.
**   - Data calls (handle_http, deliver, on_timer) may run concurrently on
**     several host threads for one instance, unless the descriptor sets
**     SB_PLUGIN_FLAG_SERIAL_CALLS, in which case the host runs at most one
**     data call per instance at a time.
**   - Every host service is thread-safe and may be called from any thread,
**     including threads the plugin started itself, from the moment create()
**     is called until destroy() returns. Traffic arrives only between
**     start() returning and stop() being called.
**   - Draining waits for data calls to return (bounded by the operator's
**     drain timeout), so a long-poll in handle_http delays stop() and
**     reconfigure() by up to its own wait: keep such waits short.
**   - The host never calls back into a plugin from inside a host service
**     that the plugin called, so a plugin may hold its own lock across a
**     service call.
**   - Calls should return promptly. deliver() is bounded by the host
**     (deliver_timeout_ms in sb_instance_info); a plugin that overruns it is
**     quarantined.
**
** STATUS CODES
**
**   0 is success, negative values are errors, positive values are
**   informational (SB_PENDING, SB_DECLINED, SB_DUPLICATE). Functions that can
**   fail take a caller-owned error buffer (char *err, size_t err_cap) and
**   write a NUL-terminated, human-readable reason into it (truncated to fit;
**   err may be NULL when err_cap is 0). What a provider said -- an HTTP
**   status, a rejection -- is data in a result struct, not an ABI error.
**
** STRINGS
**
**   Strings and bodies are sb_str: a pointer and a length in bytes, UTF-8
**   for text, not necessarily NUL-terminated. {NULL, 0} is the empty string.
*/
#ifndef SWITCHBOARD_PLUGIN_H
#define SWITCHBOARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------- */
/* Versions and the entry symbol                                          */
/* ---------------------------------------------------------------------- */

/** Major version: part of the entry symbol's name; never changes in v1. */
#define SB_ABI_MAJOR 1
/** Minor version of this header: grows when fields or services are appended. */
#define SB_ABI_MINOR 3

/** The one symbol a plugin exports: `const sb_plugin_descriptor *switchboard_plugin_v1(void)`. */
#define SB_ENTRY_SYMBOL "switchboard_plugin_v1"

/**
** True when the struct at PTR, whose first member is struct_size, is large
** enough to contain FIELD. Check this before reading any field that was
** appended after minor version 0.
*/
#define SB_HAS_FIELD(ptr, type, field) \
    ((ptr)->struct_size >= offsetof(type, field) + sizeof(((type *)0)->field))

/* ---------------------------------------------------------------------- */
/* Status codes                                                           */
/* ---------------------------------------------------------------------- */

typedef int32_t sb_status;

#define SB_OK                   0  /* success */
#define SB_PENDING              1  /* accepted; completes later (informational) */
#define SB_DECLINED             2  /* not configured / not for me: not a failure */
#define SB_DUPLICATE            3  /* already recorded (e.g. a provider retry); nothing new stored */
#define SB_ERR_INVALID         -1  /* an argument or the configuration is wrong; err says which */
#define SB_ERR_UNSUPPORTED     -2  /* this host (or plugin) does not offer that yet */
#define SB_ERR_NOT_FOUND       -3  /* the named thing does not exist */
#define SB_ERR_IO              -4  /* storage or network failure; retrying may help */
#define SB_ERR_TIMEOUT         -5  /* a bounded call ran out of time */
#define SB_ERR_BUSY            -6  /* temporarily unavailable (draining, overloaded) */
#define SB_ERR_DENIED          -7  /* not allowed (auth, permissions, quarantine) */
#define SB_ERR_INTERNAL        -8  /* a bug: the host logs it */
#define SB_ERR_VERSION         -9  /* the other side's ABI minor version is too old */
#define SB_ERR_CONFLICT       -10  /* 1.3: held by someone else (an asset another instance claimed) */

/* ---------------------------------------------------------------------- */
/* Basic types                                                            */
/* ---------------------------------------------------------------------- */

/** A borrowed byte string: pointer and length. Not necessarily NUL-terminated. */
typedef struct sb_str {
    const char *ptr;
    size_t len;
} sb_str;

/**
** A byte string the host allocated and handed to the plugin (kv_get,
** credential_get, stack_turn, ...). The plugin owns it until it passes it to
** host->buffer_free(). data is NUL-terminated for convenience (the NUL is not
** counted in len).
*/
typedef struct sb_buffer {
    uint32_t struct_size;
    uint32_t reserved;
    char *data;
    size_t len;
} sb_buffer;

/** A header pair, used in HTTP requests both ways. */
typedef struct sb_header {
    sb_str name;
    sb_str value;
} sb_header;

/** Log levels for host->log(). */
#define SB_LOG_DEBUG 0
#define SB_LOG_INFO  1
#define SB_LOG_WARN  2
#define SB_LOG_ERROR 3

/* ---------------------------------------------------------------------- */
/* Capabilities                                                           */
/* ---------------------------------------------------------------------- */

/** Bits of sb_capabilities.content: what a channel can show a customer. */
#define SB_CAP_TEXT    (1u << 0)  /* plain text */
#define SB_CAP_IMAGES  (1u << 1)  /* inline images */
#define SB_CAP_FILES   (1u << 2)  /* file attachments */
#define SB_CAP_RICH    (1u << 3)  /* rich components (cards, buttons, lists) */

/** Text formatting a channel renders (sb_capabilities.format, sb_outbound_message.format). */
#define SB_FORMAT_PLAIN     0
#define SB_FORMAT_HTML      1
#define SB_FORMAT_MARKDOWN  2  /* CommonMark */

/**
** What a channel can carry. The host uses it to downgrade a reply the channel
** cannot show (a rich card becomes a compact text summary, Markdown becomes
** plain text, text over max_text_length is cut and ends in an ellipsis), so reply logic never
** needs to know the channel. Must agree with the manifest's "capabilities".
*/
typedef struct sb_capabilities {
    uint32_t struct_size;
    uint32_t content;          /* SB_CAP_* bits */
    int32_t format;            /* SB_FORMAT_*: the richest text format the channel renders */
    uint32_t max_text_length;  /* in Unicode scalars; 0 = no limit */
} sb_capabilities;

/* ---------------------------------------------------------------------- */
/* Messages                                                               */
/* ---------------------------------------------------------------------- */

/**
** An inbound customer message, passed to host->ingest(). All fields borrowed.
**
** identity_kind/identity_value name the customer on this channel ("phone" +
** "+15551234567", "email" + "ann@example.com", "api" + "crm-42"). The host
** resolves the contact by that identity, continues its open conversation on
** this channel instance or creates one, appends the message and commits.
**
** provider_message_id is the provider's own id of the message: the host
** stores at most one message per (channel instance, provider_message_id),
** so a provider's retry is answered SB_DUPLICATE and stores nothing.
*/
typedef struct sb_inbound_message {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str identity_kind;        /* required */
    sb_str identity_value;       /* required */
    sb_str provider_message_id;  /* required: the dedupe key */
    sb_str text;                 /* may be empty when attachments are present */
    int32_t format;              /* SB_FORMAT_* of text */
    int32_t reserved;
    sb_str display_name;         /* optional: the customer's name as the provider gave it */
    sb_str rich_json;            /* optional: rich content, a JSON object */
    sb_str attachments_json;     /* optional: JSON array of {name, content_type, size, url} */
    sb_str agent_stack;          /* optional: the Agent Stack this conversation should use */
    sb_str conversation_id;      /* optional: continue this conversation (must belong to the contact) */
    int64_t sent_at_ms;          /* optional: provider timestamp, Unix ms; 0 = now */
    /* 1.1 (the host reads it only when struct_size covers it): */
    int32_t new_conversation;    /* 1 = start a new conversation even when the contact has an open one
                                    on this instance (an email that answers no earlier one);
                                    ignored when conversation_id is set. 0 = continue as in 1.0 */
    int32_t reserved2;
    /* 1.2 (read only when struct_size covers it): */
    sb_str contact_json;         /* optional: what the customer told about themselves, a JSON object
                                    of strings ({"name": ..., "email": ..., "phone": ...}); merged
                                    into the contact's attributes (a value given replaces the old
                                    one). Addresses given here are details, not identities. */
    /* 1.3 (read only when struct_size covers it): */
    int32_t origin;              /* SB_ORIGIN_*: who wrote it; 0 = the customer, as before 1.3 */
    int32_t reserved3;
    /* 1.3, appended later (read only when struct_size covers it): */
    sb_str also_identity_kind;   /* optional: a second identity of the same customer that the
                                    provider vouches for (WhatsApp: "phone" + the number, E.164).
                                    Both or neither. The host links it to the customer's contact
                                    when no other contact holds it, and a first message whose
                                    identity is new joins the contact that already holds this one
                                    (their SMS history). Never given from what a customer typed. */
    sb_str also_identity_value;
} sb_inbound_message;

/**
** 1.3: sb_inbound_message.origin. A business echo is a message the business
** sent to the customer outside Switchboard (from the provider's own inbox
** app): the host stores it as an outbound message of the conversation,
** authored by display_name ("Meta inbox"), already sent and never delivered
** again; it does not wake the conversation or count as the customer's. An
** echo of a message Switchboard itself sent carries the provider id that
** deliver() returned, so it is answered SB_DUPLICATE and stores nothing.
*/
#define SB_ORIGIN_CUSTOMER  0
#define SB_ORIGIN_BUSINESS  1

/** What host->ingest() reports back. Caller-owned; the caller zeroes it and sets struct_size. */
typedef struct sb_ingest_result {
    uint32_t struct_size;
    uint32_t reserved;
    char conversation_id[64];    /* NUL-terminated; host conversation ids are at most 63 bytes */
    int64_t message_id;          /* host's id of the stored (or already stored) message */
    int32_t created_conversation;/* 1 when this message opened a new conversation */
    int32_t reserved2;
} sb_ingest_result;

/**
** A reply to deliver, passed to deliver(). All fields borrowed for the call.
** text is already fitted to the channel's capabilities (format and length).
*/
typedef struct sb_outbound_message {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str conversation_id;
    int64_t message_id;          /* host's id of the message */
    sb_str idempotency_key;      /* the same on every attempt of this message */
    int32_t attempt;             /* 1 on the first attempt */
    int32_t format;              /* SB_FORMAT_* of text */
    sb_str identity_kind;        /* the customer's identity on this channel */
    sb_str identity_value;
    sb_str text;
    sb_str rich_json;            /* empty unless the channel declared SB_CAP_RICH */
    sb_str attachments_json;     /* JSON array of {name, content_type, size, url}; 1.3: a file the
                                    host stores also has "signed_url" and "signed_url_expires_at",
                                    the same file at a link that expires (an hour), for a provider
                                    that fetches it (an MMS's MediaUrl); url never expires */
    sb_str author_kind;          /* "agent", "stack" or "system" */
    sb_str author_name;          /* display name of the author, may be empty */
    /* 1.3 (read only when struct_size covers it): */
    int32_t reply_window;        /* SB_WINDOW_*: where the customer's reply window stands now */
    int32_t reserved;
} sb_outbound_message;

/**
** 1.3: sb_outbound_message.reply_window, for channels whose manifest declares
** a "reply_window" ({"standard_hours": 24, "human_hours": 168}, optionally
** "referral_hours" and "closed_window_rich_type": docs/plugin-author-guide.md): the
** provider lets replies through only for a while after the customer's last
** message (its provider timestamp, sb_inbound_message.sent_at_ms). The host
** computes it, shows it to agents, and refuses before deliver() what may not
** go: anything once the window has closed, and an Agent Stack's reply
** outside the standard window. So deliver() sees only:
*/
#define SB_WINDOW_NONE      0  /* the channel declares no window (or the host is older than 1.3) */
#define SB_WINDOW_OPEN      1  /* inside the standard window: any reply may go */
#define SB_WINDOW_HUMAN     2  /* past the standard window, inside the extension a person's reply
                                  may use (Messenger's HUMAN_AGENT tag): author_kind is "agent" */

/** Outcomes of deliver(), in sb_delivery_result.outcome. */
#define SB_DELIVERY_SENT       0  /* the provider accepted it */
#define SB_DELIVERY_RETRY      1  /* temporary failure: the host retries with backoff */
#define SB_DELIVERY_REJECTED   2  /* permanent failure: the host marks the message failed */
#define SB_DELIVERY_WAIT       3  /* 1.2: the customer cannot receive it now (a widget visitor is away):
                                     keep it queued, spend no attempt, offer it again after
                                     retry_after_ms or when the plugin calls host->outbox_kick().
                                     detail says why; operators see it as the reply's state.
                                     Replies queued behind it wait too (order per conversation),
                                     unless wait_flags has SB_WAIT_SHOWN. */

/** 1.2: sb_delivery_result.wait_flags, with SB_DELIVERY_WAIT. */
#define SB_WAIT_SHOWN (1u << 0)  /* the customer already has it on screen, it is only not confirmed
                                    yet (seen): later replies of the conversation may go past it */

/** What deliver() reports. Caller-owned: the host zeroes it and sets struct_size before the call. */
typedef struct sb_delivery_result {
    uint32_t struct_size;
    int32_t outcome;             /* SB_DELIVERY_* */
    int32_t provider_status;     /* the provider's HTTP status, 0 if none */
    int32_t reserved;
    char provider_message_id[256]; /* NUL-terminated; the provider's id, for receipts */
    char detail[512];            /* NUL-terminated; why, when not SENT */
    /* 1.2 (write only when struct_size covers it): */
    uint32_t retry_after_ms;     /* with SB_DELIVERY_WAIT: when to offer it again; 0 = the host's
                                    default (30 s); the host caps it at one hour */
    uint32_t wait_flags;         /* with SB_DELIVERY_WAIT: SB_WAIT_* bits */
    /* 1.3 (write only when struct_size covers it): */
    char link[512];              /* NUL-terminated, optional, with SB_DELIVERY_SENT: where the message
                                    can be seen at the provider (a Slack permalink); shown to agents */
} sb_delivery_result;

/**
** 1.1: one message of a side conversation to send, passed to deliver_side().
** All fields borrowed for the call. The host fits text to the channel's
** capabilities as for deliver(). The plugin addresses it to the participants
** (not to the customer's identity) and should give it a reply address of its
** own, so answers come back to this thread (host->side_ingest).
*/
typedef struct sb_side_message {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str side_conversation_id;
    sb_str conversation_id;      /* the customer conversation it belongs to */
    int64_t message_id;          /* host's id of the side message */
    sb_str idempotency_key;      /* the same on every attempt of this message */
    int32_t attempt;             /* 1 on the first attempt */
    int32_t format;              /* SB_FORMAT_* of text */
    sb_str subject;              /* the side conversation's subject */
    sb_str participants_json;    /* JSON array of {"address", "name", "role": "to"|"cc", "customer": bool};
                                    "customer" marks the customer, copied at the agent's request */
    sb_str text;
    sb_str attachments_json;     /* JSON array of {name, content_type, size, url}, may be empty */
    sb_str author_name;          /* display name of the agent who wrote it, may be empty */
    /* 1.3 (read only when struct_size covers it): */
    sb_str customer_name;        /* who the customer conversation is with, for the message's context
                                    (the contact's name, else an address); may be empty */
} sb_side_message;

/**
** 1.1: a reply someone sent into a side conversation, passed to
** host->side_ingest(). All fields borrowed.
*/
typedef struct sb_side_inbound_message {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str side_conversation_id; /* required: the thread, as the plugin matched it (its reply address, headers) */
    sb_str provider_message_id;  /* required: the dedupe key, as for ingest */
    sb_str sender_address;       /* required: who wrote it */
    sb_str sender_name;          /* optional */
    sb_str text;                 /* may be empty when attachments are present */
    int32_t format;              /* SB_FORMAT_* of text */
    int32_t reserved;
    sb_str attachments_json;     /* optional: JSON array of {name, content_type, size, url} */
    int64_t sent_at_ms;          /* optional: provider timestamp, Unix ms; 0 = now */
    /* 1.3 (read only when struct_size covers it): */
    sb_str sender_avatar_url;    /* optional: the sender's picture, a URL file_store() returned (the
                                    agents' web app shows only the host's own files) */
} sb_side_inbound_message;

/** Delivery statuses for host->report_delivery(). */
#define SB_STATUS_SENT       0
#define SB_STATUS_DELIVERED  1
#define SB_STATUS_READ       2
#define SB_STATUS_FAILED     3
#define SB_STATUS_RETRACTED  4  /* 1.3: the customer unsent (deleted) a message they sent, named by
                                   its provider id: the host hides its content and marks it deleted */

/* ---------------------------------------------------------------------- */
/* Channel switching (1.2)                                                */
/* ---------------------------------------------------------------------- */

/**
** 1.2: move a conversation to another channel, for host->switch_channel_to().
** All fields borrowed. target is a channel instance id ("support-email") or a
** channel kind ("email", "sms", "whatsapp", "messenger"): a kind picks the
** enabled, running instance of the plugin of that kind. The host refuses a
** kind whose plugin is installed but disabled or has no running instance.
** A kind this host knows but has no plugin for yet is accepted: the switch is
** recorded and replies wait in the outbox, visible as waiting on that channel.
*/
typedef struct sb_switch_request {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str conversation_id;      /* required */
    sb_str target;               /* required: an instance id or a channel kind */
    sb_str identity_kind;        /* the customer's address on the target ("email", "phone"), */
    sb_str identity_value;       /*   or both empty to use the one the contact already has */
    sb_str reason;               /* why, recorded on the event: "customer" (they chose it),
                                    "idle" (automatic fallback), or a word of the plugin's */
    sb_str notice;               /* optional: a message to the customer, sent on the target
                                    channel before the replies that were waiting */
} sb_switch_request;

/** What host->switch_channel_to() reports. Caller-owned: zero it and set struct_size. */
typedef struct sb_switch_result {
    uint32_t struct_size;
    int32_t waiting;             /* 1 when the target kind has no plugin yet: replies wait */
    char target_instance_id[64]; /* NUL-terminated: the instance (or, when waiting, the kind) */
    char identity_kind[32];      /* NUL-terminated: the address the target channel will use */
    char identity_value[256];
} sb_switch_result;

/**
** 1.3: one channel action an Agent Stack takes on a conversation this
** instance carries, passed to perform_action(). All fields borrowed for the
** call. The action is one the manifest declares under "actions"; the host has
** checked arguments_json against that action's "arguments" schema, so the
** plugin sees only arguments that fit it (it still judges what the schema
** cannot say: that a template exists, for example). The host never passes a
** credential: the plugin uses its own configuration's.
*/
typedef struct sb_action_request {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str conversation_id;
    sb_str action;               /* the action's name, from the manifest */
    sb_str arguments_json;       /* a JSON object that fits the action's schema */
    sb_str identity_kind;        /* the customer's identity on this channel */
    sb_str identity_value;
    sb_str idempotency_key;      /* unique per action taken: send it to providers that dedupe */
    sb_str author_name;          /* the Agent Stack's name, may be empty */
    int32_t reply_window;        /* SB_WINDOW_*, or -1 when the window is closed (an action may be
                                    what a closed window still lets through: a WhatsApp template) */
    int32_t reserved;
} sb_action_request;

/* ---------------------------------------------------------------------- */
/* HTTP                                                                   */
/* ---------------------------------------------------------------------- */

/**
** An HTTP request the host routed to an instance: everything under
** /hooks/<instance-id>/. path is the part after that prefix, starting with
** "/" (query string excluded). Borrowed for the call.
*/
typedef struct sb_http_request {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str method;
    sb_str path;
    sb_str query;                /* raw query string without '?', may be empty */
    const sb_header *headers;    /* names as the client sent them; compare case-insensitively.
                                    A header sent twice appears twice. */
    size_t header_count;
    sb_str body;
    sb_str remote_address;
} sb_http_request;

/** Opaque: the response being built for one handle_http() call. */
typedef struct sb_http_exchange sb_http_exchange;

/** An outbound HTTP request for host->http_request(). Borrowed for the call. */
typedef struct sb_http_client_request {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str method;               /* "GET", "POST", ... */
    sb_str url;                  /* absolute http(s) URL */
    const sb_header *headers;
    size_t header_count;
    sb_str body;
    uint32_t timeout_ms;         /* whole request; 0 = the host default (10 s) */
    uint32_t connect_timeout_ms; /* 0 = the host default (3 s) */
    sb_str basic_auth;           /* "user:password", or empty */
    /* 1.3 (read only when struct_size covers it): */
    uint32_t flags;              /* SB_HTTP_*; 0 = a call the plugin built itself, as before 1.3 */
} sb_http_client_request;

/**
** 1.3: sb_http_client_request.flags.
**
** SB_HTTP_USER_URL says the URL was chosen by a user, not built by the plugin
** from its configuration: an outbound attachment's url, a link a person or a
** customer typed. The host then applies its network guard (the operator's
** --allow-networks): loopback, private, link-local, CGNAT, multicast and
** cloud-metadata addresses are refused after name resolution and again on
** every redirect, and http_request() answers SB_ERR_DENIED with err naming
** the address. Set it on every fetch of a URL a user chose; leave it clear
** for the provider's own API (which an operator may point at a local fake).
** A host older than 1.3 ignores the member (it reads only its struct_size).
*/
#define SB_HTTP_USER_URL  1u

/** The answer to an http_request(), owned by the host: free it with host->http_result_free(). */
typedef struct sb_http_result {
    uint32_t struct_size;
    int32_t status;              /* HTTP status code */
    const sb_header *headers;
    size_t header_count;
    sb_str body;
} sb_http_result;

/* ---------------------------------------------------------------------- */
/* Admin operations (1.3)                                                 */
/* ---------------------------------------------------------------------- */

/**
** 1.3: an operator's request to run plugin code outside any conversation,
** passed to the descriptor's admin_call(): search a provider's phone numbers,
** buy one for an instance, release it. All fields borrowed for the call.
**
** The manifest declares each operation ("admin_operations": [{"name",
** "scope", "summary", "after"}], docs/plugin-author-guide.md); the host calls
** only declared names, only for admins, and never for a conversation (that is
** what agents' actions are for). Two scopes:
**   "plugin"   no instance is involved (search what a provider account
**              offers before any instance exists): instance_id is empty and
**              the provider account comes in args_json;
**   "instance" about one running instance of the plugin (buy, adopt or
**              release the number it serves): instance_id names it.
*/
typedef struct sb_admin_request {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str operation;            /* a name the manifest declares ("numbers.search") */
    sb_str args_json;            /* the operator's arguments, a JSON object ("{}" when none) */
    sb_str instance_id;          /* scope "instance": the instance; scope "plugin": empty */
    sb_str public_base_url;      /* the host's external base URL, as in sb_instance_info */
    sb_str actor;                /* who asked ("agent:3", "key:k1"), for the plugin's log */
} sb_admin_request;

/* ---------------------------------------------------------------------- */
/* The host's services                                                    */
/* ---------------------------------------------------------------------- */

/** Opaque handle naming one channel instance to the host. Valid from create() until destroy() returns. */
typedef struct sb_instance_ctx sb_instance_ctx;

/* ---------------------------------------------------------------------- */
/* C services (1.3): what a plugin in plain C would otherwise hand-write  */
/* ---------------------------------------------------------------------- */

/**
** 1.3: JSON, SHA-256 and HMAC-SHA256, base64/hex, percent and form
** encoding, multipart/form-data bodies and Markdown rendering, for plugins
** that link only libc. The host implements them with its own JSON code and
** libcrypto, so a C plugin's JSON and signatures behave exactly as the
** host's. Reached through host->c (check SB_HAS_FIELD(host, sb_host_api, c)
** and that host->c is not NULL, or require min_host_minor 3). The table is
** static and lives as long as the process; every function in it is
** thread-safe and may be called from any thread, needs no sb_instance_ctx,
** and never calls back into a plugin.
**
** Objects it hands out (sb_json_doc, sb_json_writer, sb_multipart, and every
** sb_buffer) are owned by the plugin until it passes them to the matching
** free or finish function: json_free, json_writer_finish, multipart_finish,
** buffer_free (host->buffer_free is the same function). A document is
** immutable: several threads may read one document at once. A writer or a
** multipart body is used by one thread at a time.
*/

/** 1.3: a parsed JSON document (json_parse, form_parse). Opaque; owned by the plugin until json_free(). */
typedef struct sb_json_doc sb_json_doc;
/**
** 1.3: one value inside a document. Opaque and borrowed from its document:
** valid until json_free() of that document. NULL stands for "missing": every
** reader accepts NULL and answers SB_JSON_MISSING, 0, or the empty string.
*/
typedef struct sb_json sb_json;
/** 1.3: a JSON text being written (json_writer_new). Opaque; owned by the plugin until json_writer_finish(). */
typedef struct sb_json_writer sb_json_writer;
/** 1.3: a multipart/form-data body being built (multipart_new). Opaque; owned until multipart_finish(). */
typedef struct sb_multipart sb_multipart;

/** 1.3: json_type() answers. */
#define SB_JSON_MISSING 0  /* NULL: a path or key that is not there */
#define SB_JSON_NULL    1
#define SB_JSON_BOOL    2
#define SB_JSON_NUMBER  3
#define SB_JSON_STRING  4
#define SB_JSON_ARRAY   5
#define SB_JSON_OBJECT  6

/** 1.3: binary-to-text encodings for encode() and decode(). */
#define SB_ENCODING_HEX        0  /* lowercase hex */
#define SB_ENCODING_BASE64     1  /* RFC 4648 section 4, padded */
#define SB_ENCODING_BASE64URL  2  /* RFC 4648 section 5, unpadded (decode accepts padding) */

/** 1.3: percent_encode() modes. */
#define SB_PERCENT_COMPONENT 0  /* a URL component: A-Z a-z 0-9 - . _ ~ kept, every other byte %XX */
#define SB_PERCENT_FORM      1  /* application/x-www-form-urlencoded: the same, but space becomes '+' */

/** 1.3: markdown_render() flavours (the Markdown subset of sb_outbound_message text). */
#define SB_MARKDOWN_HTML       0  /* block HTML: <p>, <ul>, <h1>..., as an email body uses */
#define SB_MARKDOWN_CHAT_HTML  1  /* the inline subset chat apps accept (Telegram's parse_mode HTML):
                                     <strong>, <em>, <code>, <pre>, <a href>, <blockquote>; paragraphs,
                                     headings and list items become lines ("\n"), headings bold,
                                     list items "• " or "1. " */

typedef struct sb_c_services {
    uint32_t struct_size;        /* sizeof(sb_c_services) as the host was built */
    uint32_t version;            /* 1; later fields are appended and checked with SB_HAS_FIELD */

    /* ---- JSON, reading ---- */

    /**
    ** Parse text (UTF-8 JSON, any value at the top) into *doc. SB_ERR_INVALID
    ** with the reason and byte offset in err for malformed JSON (nesting is
    ** limited to 128 levels). On error *doc is NULL.
    */
    sb_status (*json_parse)(sb_str text, sb_json_doc **doc, char *err, size_t err_cap);
    /** Release a document and every sb_json and string borrowed from it. NULL is ignored. */
    void (*json_free)(sb_json_doc *doc);
    /** The document's top value. */
    const sb_json *(*json_root)(const sb_json_doc *doc);
    /**
    ** The value at a dotted path below value: "message.chat.id",
    ** "message.photo.2.file_id" (a segment of digits indexes an array).
    ** An empty path is value itself. NULL when any step is missing; use
    ** json_member() for keys that contain a dot.
    */
    const sb_json *(*json_path)(const sb_json *value, sb_str path);
    /** The member named key (exact bytes) of an object; NULL when absent or not an object. */
    const sb_json *(*json_member)(const sb_json *object, sb_str key);
    /** Element index of an array, or the index-th member's value of an object (in document order); NULL past the end. */
    const sb_json *(*json_at)(const sb_json *value, size_t index);
    /** The index-th member's key of an object; empty when out of range. Borrowed from the document. */
    sb_str (*json_key_at)(const sb_json *object, size_t index);
    /** Elements of an array or members of an object; 0 for anything else. */
    size_t (*json_count)(const sb_json *value);
    /** SB_JSON_*. */
    int32_t (*json_type)(const sb_json *value);
    /** A string's UTF-8 bytes (escapes resolved), borrowed from the document; empty for any other type. */
    sb_str (*json_string)(const sb_json *value);
    /**
    ** 1 and *out = the number when value is a number without a fractional
    ** part that doubles hold exactly (|n| < 2^53: every Telegram or Meta id);
    ** 0 otherwise (*out untouched).
    */
    int32_t (*json_int)(const sb_json *value, int64_t *out);
    /** A number's value; 0 for any other type. */
    double (*json_number)(const sb_json *value);
    /** 1 for true, 0 for false and for any other type. */
    int32_t (*json_bool)(const sb_json *value);
    /** value written as compact JSON into *json (a sub-document to pass on, say as rich_json). */
    sb_status (*json_serialize)(const sb_json *value, sb_buffer **json, char *err, size_t err_cap);

    /* ---- JSON, writing ---- */

    /**
    ** A new writer. Values go in document order: begin_object / key / value
    ** ... / end, begin_array / value ... / end. Misuse (a value where a key
    ** is due, end with nothing open, a second top-level value) is recorded,
    ** and json_writer_finish() reports the first one. NULL only when out of
    ** memory.
    */
    sb_json_writer *(*json_writer_new)(void);
    void (*json_begin_object)(sb_json_writer *writer);
    void (*json_begin_array)(sb_json_writer *writer);
    /** Close the innermost open object or array. */
    void (*json_end)(sb_json_writer *writer);
    /** The next member's key, inside an object. */
    void (*json_key)(sb_json_writer *writer, sb_str key);
    void (*json_add_string)(sb_json_writer *writer, sb_str value);
    void (*json_add_int)(sb_json_writer *writer, int64_t value);
    /** A finite number (NaN and infinities are recorded as misuse). */
    void (*json_add_number)(sb_json_writer *writer, double value);
    void (*json_add_bool)(sb_json_writer *writer, int32_t value);
    void (*json_add_null)(sb_json_writer *writer);
    /** A value that is already JSON text (checked: invalid JSON is recorded as misuse). */
    void (*json_add_raw)(sb_json_writer *writer, sb_str json);
    /**
    ** Finish and free the writer (always, whatever the outcome): the text in
    ** *json, or SB_ERR_INVALID naming the first misuse, or an unclosed
    ** object or array. json may be NULL to abandon a writer.
    */
    sb_status (*json_writer_finish)(sb_json_writer *writer, sb_buffer **json, char *err, size_t err_cap);

    /* ---- hashes, MACs, randomness ---- */

    /** SHA-256 of data into digest. */
    void (*sha256)(sb_str data, uint8_t digest[32]);
    /** HMAC-SHA256 of data under key into mac. */
    void (*hmac_sha256)(sb_str key, sb_str data, uint8_t mac[32]);
    /**
    ** 1 when a and b hold the same bytes, 0 otherwise, in time that depends
    ** only on their lengths: compare secrets, signatures and tokens with it.
    */
    int32_t (*equal_constant_time)(sb_str a, sb_str b);
    /** len bytes from the system's cryptographic random source (for secret tokens, nonces). */
    void (*random_bytes)(uint8_t *out, size_t len);

    /* ---- encodings ---- */

    /** bytes in SB_ENCODING_* into *text. SB_ERR_INVALID for an unknown encoding. */
    sb_status (*encode)(sb_str bytes, int32_t encoding, sb_buffer **text);
    /** The reverse of encode(); SB_ERR_INVALID (err says where) for text that is not valid in that encoding. */
    sb_status (*decode)(sb_str text, int32_t encoding, sb_buffer **bytes, char *err, size_t err_cap);
    /** text percent-encoded in SB_PERCENT_* mode into *encoded (to build a query or a form body). */
    sb_status (*percent_encode)(sb_str text, int32_t mode, sb_buffer **encoded);
    /**
    ** Parse an application/x-www-form-urlencoded body (or a URL query) into a
    ** document whose root is an object mapping each name to an array of its
    ** values in order: "a=1&b=x+y&a=2" gives {"a": ["1", "2"], "b": ["x y"]}.
    ** A name sent twice is visible as an array of two. SB_ERR_INVALID (err
    ** names the field) for a bad escape or one that is not UTF-8.
    */
    sb_status (*form_parse)(sb_str body, sb_json_doc **doc, char *err, size_t err_cap);

    /* ---- multipart/form-data, for uploads ---- */

    /** A new, empty body. NULL only when out of memory. */
    sb_multipart *(*multipart_new)(void);
    /** A text field. name and value are copied. */
    void (*multipart_add_field)(sb_multipart *body, sb_str name, sb_str value);
    /** A file part (filename and content_type may be empty: "application/octet-stream"). data is copied. */
    void (*multipart_add_file)(sb_multipart *body, sb_str name, sb_str filename, sb_str content_type, sb_str data);
    /**
    ** Finish and free the body (always): the encoded body in *body_out and
    ** the header value to send with it in *content_type ("multipart/form-data;
    ** boundary=..."). Either out pointer may be NULL to abandon the body.
    */
    sb_status (*multipart_finish)(sb_multipart *body, sb_buffer **body_out, sb_buffer **content_type,
                                  char *err, size_t err_cap);

    /* ---- text ---- */

    /** markdown rendered as SB_MARKDOWN_* into *html; every piece of text is HTML-escaped. */
    sb_status (*markdown_render)(sb_str markdown, int32_t flavour, sb_buffer **html);

    /** Release a buffer these services (or the host) handed out; the same function as host->buffer_free. */
    void (*buffer_free)(sb_buffer *buffer);

    /* Fields appended in later versions go here. */
} sb_c_services;

/**
** Callback for host->kv_scan(): called once per entry in key order; return 0
** to go on, non-zero to stop. key and value are borrowed for the call.
*/
typedef int32_t (*sb_kv_visit)(void *user, sb_str key, sb_str value);

/**
** 1.3: the completion of host->ingest_async(), called once on a host thread.
** status is SB_OK, SB_DUPLICATE or an error (then error is a NUL-terminated
** reason and result is NULL). result and error are borrowed for the call.
*/
typedef void (*sb_ingest_completion)(void *user, sb_status status, const sb_ingest_result *result,
                                     const char *error);

/**
** The services the host gives every plugin, handed to create(). The table is
** static and lives as long as the process. Every service is thread-safe.
** Services a later host version fills may answer SB_ERR_UNSUPPORTED; their
** slots and meaning are fixed in v1.
*/
typedef struct sb_host_api {
    uint32_t struct_size;
    uint32_t abi_minor;          /* the host's SB_ABI_MINOR */

    /** Write a line to the host's log, tagged with the instance. */
    void (*log)(sb_instance_ctx *ctx, int32_t level, sb_str message);

    /**
    ** Store an inbound customer message durably. Returns SB_OK once it is
    ** committed (only then answer the provider with success), SB_DUPLICATE
    ** when (instance, provider_message_id) was already stored (answer success
    ** too), or an error: do not acknowledge, so the provider retries.
    ** result may be NULL; on SB_OK and SB_DUPLICATE it names the conversation
    ** and the (existing) message.
    */
    sb_status (*ingest)(sb_instance_ctx *ctx, const sb_inbound_message *message,
                        sb_ingest_result *result, char *err, size_t err_cap);

    /**
    ** Record a delivery receipt the provider sent later (delivered, read,
    ** failed), for the message this instance sent with provider_message_id
    ** (1.1: a side message sent with deliver_side too).
    ** SB_ERR_NOT_FOUND when no such message exists. Receipts only move a
    ** message forward (sent, delivered, read; failed is final): one that
    ** arrives late, out of order, is answered SB_OK and changes nothing.
    */
    sb_status (*report_delivery)(sb_instance_ctx *ctx, sb_str provider_message_id,
                                 int32_t status, sb_str detail, char *err, size_t err_cap);

    /**
    ** Make an outbound HTTP request (libcurl underneath, with timeouts). On
    ** SB_OK *result holds the provider's answer, whatever its status code;
    ** release it with http_result_free(). Transport failures (refused,
    ** timed out, TLS) return SB_ERR_IO or SB_ERR_TIMEOUT; a request the host
    ** refuses (a bad URL) returns SB_ERR_INVALID. On any error *result is
    ** set to NULL.
    */
    sb_status (*http_request)(sb_instance_ctx *ctx, const sb_http_client_request *request,
                              sb_http_result **result, char *err, size_t err_cap);
    void (*http_result_free)(sb_http_result *result);

    /** Release a buffer the host handed out. NULL is ignored. */
    void (*buffer_free)(sb_buffer *buffer);

    /** Per-instance durable key-value state. kv_get: SB_ERR_NOT_FOUND when absent. */
    sb_status (*kv_get)(sb_instance_ctx *ctx, sb_str key, sb_buffer **value, char *err, size_t err_cap);
    sb_status (*kv_set)(sb_instance_ctx *ctx, sb_str key, sb_str value, char *err, size_t err_cap);
    sb_status (*kv_delete)(sb_instance_ctx *ctx, sb_str key, char *err, size_t err_cap);
    /** Visit up to limit entries with key > after and key starting with prefix, in key order. */
    sb_status (*kv_scan)(sb_instance_ctx *ctx, sb_str prefix, sb_str after, uint32_t limit,
                         sb_kv_visit visit, void *user, char *err, size_t err_cap);

    /**
    ** The secret stored under a credential ID (configuration names
    ** credentials by ID, never by value). SB_ERR_NOT_FOUND when unknown.
    ** Only the IDs the instance's configuration names in the fields its
    ** manifest lists under "credentials" are handed over (for a plugin-scope
    ** admin_call: those its arguments name there); any other ID answers
    ** SB_ERR_DENIED and the host logs the attempt. Never log the value.
    */
    sb_status (*credential_get)(sb_instance_ctx *ctx, sb_str credential_id, sb_buffer **secret,
                                char *err, size_t err_cap);

    /**
    ** Call the instance's on_timer(timer_id) once, after delay_ms. Timers do
    ** not survive a restart or stop(). *timer_id receives the timer's id.
    */
    sb_status (*timer_start)(sb_instance_ctx *ctx, uint64_t delay_ms, uint64_t *timer_id,
                             char *err, size_t err_cap);
    sb_status (*timer_cancel)(sb_instance_ctx *ctx, uint64_t timer_id);

    /**
    ** Declare a route this instance serves: method ("GET", "POST", or "*")
    ** and a path under /hooks/<instance-id>: exact ("/inbound"), or a prefix
    ** when it ends in an asterisk ("/media/" followed by '*'). Once an
    ** instance declares any route, the host answers 404 or 405 itself for
    ** requests matching none. Call from create() or start().
    */
    sb_status (*route_add)(sb_instance_ctx *ctx, sb_str method, sb_str path, char *err, size_t err_cap);

    /** Set the response of a handle_http() call. The host copies everything; a second call replaces the first. */
    void (*http_respond)(sb_http_exchange *exchange, int32_t status, sb_str content_type, sb_str body);
    /** Add a response header (call before or after http_respond). */
    void (*http_add_header)(sb_http_exchange *exchange, sb_str name, sb_str value);

    /** Record an event on a conversation ("type" like "email.bounced", data a JSON object). */
    sb_status (*emit_event)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str type, sb_str data_json,
                            char *err, size_t err_cap);

    /**
    ** Run one Agent Stack turn synchronously for a conversation and return
    ** the reply as JSON ({"reply": "...", "handover": false, ...}) in *reply.
    ** Used by channels that must answer inside a call (a voice IVR).
    */
    sb_status (*stack_turn)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str input_text,
                            sb_buffer **reply, char *err, size_t err_cap);

    /** Ask Sidekick about a conversation; the answer is JSON in *answer. */
    sb_status (*sidekick_ask)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str question,
                              sb_buffer **answer, char *err, size_t err_cap);

    /**
    ** Move a conversation to another channel instance: its ID, history, tags,
    ** fields and assignee stay; only the current channel and the delivery
    ** route change. identity_kind/value give the customer's address on the
    ** target channel. Recorded as an event.
    */
    sb_status (*switch_channel)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str target_instance_id,
                                sb_str identity_kind, sb_str identity_value, char *err, size_t err_cap);

    /* ---- 1.1: check SB_HAS_FIELD(host, sb_host_api, name) before calling. ---- */

    /**
    ** 1.1: store a reply in a side conversation this instance carries. Like
    ** ingest(): SB_OK once committed (only then acknowledge), SB_DUPLICATE
    ** when (instance, provider_message_id) was stored before (acknowledge
    ** too), SB_ERR_NOT_FOUND when this instance carries no such side
    ** conversation, any other error: nothing stored, do not acknowledge.
    ** Never touches the customer conversation (its engagement, its messages).
    ** result may be NULL; conversation_id receives the side conversation's id
    ** and message_id the side message's id.
    */
    sb_status (*side_ingest)(sb_instance_ctx *ctx, const sb_side_inbound_message *message,
                             sb_ingest_result *result, char *err, size_t err_cap);

    /**
    ** 1.1: publish what an operator should see about this instance, a JSON
    ** object (a domain's verification state, the DNS records to create). The
    ** host shows the latest one as "plugin_status" on GET /api/v1/channels/{id};
    ** it is kept in memory, so publish again after start(). SB_ERR_INVALID
    ** when status_json is not a JSON object.
    */
    sb_status (*publish_status)(sb_instance_ctx *ctx, sb_str status_json, char *err, size_t err_cap);

    /* ---- 1.2: check SB_HAS_FIELD(host, sb_host_api, name) before calling. ---- */

    /**
    ** 1.2: answer the current handle_http() call with a body that stays open
    ** (Server-Sent Events, a log tail). Call it inside handle_http() instead
    ** of http_respond(); headers added with http_add_header() are sent. The
    ** host sends status 200 with content_type, then whatever stream_send()
    ** pushes, and heartbeat (e.g. ": ping\n\n") whenever nothing was sent for
    ** heartbeat_ms (0 = no heartbeat), so a dead client is noticed. The
    ** stream outlives the call: it does not hold a data call open, so it
    ** never delays stop(). It ends when the client goes away, when the
    ** plugin calls stream_close(), or when the instance stops; each way the
    ** plugin's on_stream_closed() runs once. *stream_id receives its id.
    */
    sb_status (*stream_open)(sb_instance_ctx *ctx, sb_http_exchange *exchange, sb_str content_type,
                             sb_str heartbeat, uint32_t heartbeat_ms, uint64_t *stream_id,
                             char *err, size_t err_cap);
    /**
    ** 1.2: queue bytes on an open stream; never blocks. SB_ERR_NOT_FOUND when
    ** the stream has ended (the client went away), SB_ERR_BUSY when the client
    ** fell too far behind (over 1 MiB unsent): the host then ends the stream.
    */
    sb_status (*stream_send)(sb_instance_ctx *ctx, uint64_t stream_id, sb_str bytes, char *err, size_t err_cap);
    /** 1.2: end a stream after what was queued has been sent. Unknown ids are ignored. */
    void (*stream_close)(sb_instance_ctx *ctx, uint64_t stream_id);

    /**
    ** 1.2: the customer-visible history of a conversation this instance
    ** carries or carried, as JSON in *json:
    **   {"conversation": {"id", "status", "channel_instance_id", "channel_kind",
    **                     "contact_id", "assignee_name"},
    **    "messages": [{"id", "direction" ("inbound"|"outbound"), "author_kind",
    **                  "author_name", "text", "format", "attachments": [...],
    **                  "created_at_ms", "delivery_status",
    **                  "channel_instance_id"}]}
    ** Messages with id > after_message_id, oldest first, at most limit (0 =
    ** 100, at most 500). Internal comments and side conversations are never
    ** included. SB_ERR_NOT_FOUND for a conversation unknown to this instance.
    */
    sb_status (*conversation_messages)(sb_instance_ctx *ctx, sb_str conversation_id, int64_t after_message_id,
                                       uint32_t limit, sb_buffer **json, char *err, size_t err_cap);

    /**
    ** 1.2: store a file a customer sent (an upload) and get the attachment
    ** object to put in sb_inbound_message.attachments_json, as JSON in
    ** *attachment: {"name", "content_type", "size", "url"}. The url is
    ** served by the host under an unguessable path. The plugin enforces its
    ** own size and type limits first; the host refuses empty data and names
    ** with a path separator.
    */
    sb_status (*file_store)(sb_instance_ctx *ctx, sb_str name, sb_str content_type, sb_str data,
                            sb_buffer **attachment, char *err, size_t err_cap);

    /**
    ** 1.2: switch_channel() with a channel kind, a reason and a notice (see
    ** sb_switch_request). SB_ERR_NOT_FOUND: no such conversation.
    ** SB_ERR_INVALID: a target that is neither an instance nor a kind, or an
    ** address that belongs to another contact, or no address given and none
    ** known. SB_ERR_DENIED: the target's plugin is disabled or has no
    ** running instance. result may be NULL.
    */
    sb_status (*switch_channel_to)(sb_instance_ctx *ctx, const sb_switch_request *request,
                                   sb_switch_result *result, char *err, size_t err_cap);
    /**
    ** 1.2: the channel kinds a conversation can switch to now, as JSON in
    ** *json: [{"kind", "label", "identity_kind", "state": "available"|"planned",
    ** "instance_id"}]. "planned": no plugin yet, replies would wait. Kinds
    ** whose plugin is disabled or has no running instance are left out.
    */
    sb_status (*switch_targets)(sb_instance_ctx *ctx, sb_buffer **json, char *err, size_t err_cap);

    /**
    ** 1.2: offer the replies of a conversation that wait with
    ** SB_DELIVERY_WAIT again now (the customer came back).
    */
    sb_status (*outbox_kick)(sb_instance_ctx *ctx, sb_str conversation_id, char *err, size_t err_cap);

    /* ---- 1.3: check SB_HAS_FIELD(host, sb_host_api, name) before calling. ---- */

    /**
    ** 1.3: claim an asset this instance serves exclusively (a Facebook Page, an
    ** Instagram account, a phone number, a workspace, a bot): at most one
    ** instance in the host holds a claim on (kind, asset_id), checked and
    ** recorded in one transaction. Call from create() with what the
    ** configuration names; config_field ("page_id") is the configuration key
    ** that named it, so the operator's error points at it.
    **
    ** SB_OK: claimed (or already held by this instance). SB_ERR_CONFLICT:
    ** another instance holds it; err names that instance and config_field:
    ** fail create() with that status and message, and the host answers the
    ** operator 409. When the operator asked to take the asset over, the host
    ** moves the claim instead and answers SB_OK: the previous holder is
    ** stopped after this instance starts, with state "disconnected" and the
    ** reason, and an event records who moved it. A claim lasts until the
    ** instance is deleted or loses the asset to a take-over; a disabled
    ** instance keeps its claims. kind is the plugin's word ("facebook_page");
    ** kinds are shared across plugins, so two plugins that serve the same
    ** asset (a number for SMS and voice) use different kinds.
    */
    sb_status (*claim_asset)(sb_instance_ctx *ctx, sb_str kind, sb_str asset_id, sb_str config_field,
                             char *err, size_t err_cap);

    /**
    ** 1.3: declare a route shared by every instance of this plugin that names
    ** the same connection, for providers that post all their assets' events
    ** to one URL (a Meta app: one callback URL for all its Pages). It is
    ** served at /hooks/shared/<plugin-id>/<connection><path>, method and path
    ** as for route_add. connection is 1-64 characters of a-z, A-Z, 0-9, '-',
    ** '_' or '.', taken from the configuration (the app secret's credential
    ** id, say). A request there goes to handle_http() of one running instance
    ** that declared it, with sb_http_request.path the part after the
    ** connection: that instance checks it, then reaches the instance each item
    ** belongs to through asset_owner(). Call from create().
    */
    sb_status (*route_add_shared)(sb_instance_ctx *ctx, sb_str connection, sb_str method, sb_str path,
                                  char *err, size_t err_cap);

    /**
    ** 1.3: the running instance of this same plugin that claimed (kind,
    ** asset_id) with claim_asset(), as a context handle in *owner (possibly
    ** ctx itself). Pass it to any host service (ingest, report_delivery,
    ** find_message, emit_event, kv_*, publish_status, ...) to act as that
    ** instance. The handle is borrowed: use it only until the call in which
    ** you obtained it returns. SB_ERR_NOT_FOUND: no instance claims the asset,
    ** or its holder is not running (answer the provider with success and
    ** drop the item: nobody serves it). SB_ERR_DENIED: an instance of another
    ** plugin holds it: a plugin never writes into another plugin's instances.
    */
    sb_status (*asset_owner)(sb_instance_ctx *ctx, sb_str kind, sb_str asset_id, sb_instance_ctx **owner,
                             char *err, size_t err_cap);

    /**
    ** 1.3: the conversation and host id of a message this instance stored or
    ** sent, by the provider's id of it (a reaction or an unsend names the
    ** message it is about). Fills result->conversation_id and message_id;
    ** result->created_conversation is 1 for a message the customer sent, 0
    ** for one sent to them. SB_ERR_NOT_FOUND when there is none.
    */
    sb_status (*find_message)(sb_instance_ctx *ctx, sb_str provider_message_id, sb_ingest_result *result,
                              char *err, size_t err_cap);

    /**
    ** 1.3: a receipt that covers every message sent to one customer up to a
    ** time (Messenger's delivery and read "watermarks"): marks this
    ** instance's outbound messages to (identity_kind, identity_value) created
    ** at or before watermark_ms (Unix ms) as status (SB_STATUS_DELIVERED or
    ** SB_STATUS_READ). Like every receipt it only moves a message forward:
    ** never from read back to delivered, never out of failed. *count (may be
    ** NULL) receives how many messages moved.
    */
    sb_status (*report_delivery_until)(sb_instance_ctx *ctx, sb_str identity_kind, sb_str identity_value,
                                       int64_t watermark_ms, int32_t status, uint32_t *count,
                                       char *err, size_t err_cap);

    /**
    ** 1.3: a switch the customer completes on the other side. Some channels
    ** cannot be reached with an address the customer types (a Messenger
    ** page-scoped id exists only once they write to the Page), so the
    ** conversation moves when they open a link and write there. The host
    ** issues a single-use ticket for conversation_id and target_kind
    ** ("messenger"), valid ttl_ms (0 = 30 minutes, at most a day), and
    ** answers JSON in *json: {"ticket", "expires_at", "link", "qr_svg"}
    ** where link is the running target instance's published "switch_link"
    ** (its publish_status) with "{ticket}" replaced, or null when it
    ** publishes none, and qr_svg is that link as a QR code, an SVG document
    ** the host drew (libqrencode; null without a link) for a customer on a
    ** computer to scan with their phone. The ticket is unguessable (128 random bits) and stored only as
    ** its hash. SB_ERR_NOT_FOUND: no such conversation; SB_ERR_DENIED: no
    ** running instance of that kind.
    */
    sb_status (*switch_ticket_issue)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str target_kind,
                                     uint64_t ttl_ms, sb_buffer **json, char *err, size_t err_cap);
    /**
    ** 1.3: the target side of a ticket: the customer arrived with it (a
    ** Messenger "ref"). Moves the ticket's conversation to this instance
    ** with the customer's identity here, as switch_channel_to() would
    ** (reason "customer"), and writes the conversation's id into
    ** conversation_id (64 bytes, NUL-terminated): ingest the message with
    ** it. SB_ERR_NOT_FOUND: unknown, used or expired
    ** ticket, or one for another channel kind (treat the message as an
    ** ordinary first message); SB_ERR_INVALID: the identity belongs to
    ** another customer.
    */
    sb_status (*switch_ticket_redeem)(sb_instance_ctx *ctx, sb_str ticket, sb_str identity_kind, sb_str identity_value,
                                      char conversation_id[64], char *err, size_t err_cap);

    /**
    ** 1.3: someone edited or deleted a reply they wrote into a side
    ** conversation (a Slack message_changed / message_deleted), named by the
    ** provider_message_id it was stored under with side_ingest(). deleted 0:
    ** its text becomes text (format as in sb_side_inbound_message) and it is
    ** marked edited; deleted 1: its text and attachments go, the row stays,
    ** marked deleted (text is ignored). SB_ERR_NOT_FOUND when this instance
    ** stored no such reply. Only replies participants wrote can change, never
    ** what the team sent, and never anything in the customer conversation.
    */
    sb_status (*side_message_update)(sb_instance_ctx *ctx, sb_str provider_message_id, sb_str text, int32_t format,
                                     int32_t deleted, char *err, size_t err_cap);

    /**
    ** 1.3: replace the attachments of a customer's message this instance
    ** stored, named by the provider_message_id it was ingested with: media
    ** that could not be kept when it arrived (a failed download, stored as a
    ** placeholder) and was fetched again later (the "media.refetch" signal).
    ** attachments_json is the whole new JSON array, its items as in
    ** sb_inbound_message.attachments_json (file_store's objects, or
    ** placeholders that say why not). The message keeps its id, text and
    ** place; the host records a "message.attachments_replaced" event (data
    ** {"message_id"}) so agents see it. SB_ERR_NOT_FOUND: this instance
    ** stored no customer message with that id (or it was unsent since);
    ** SB_ERR_INVALID: attachments_json is not a JSON array of objects.
    ** Strings are borrowed for the call.
    */
    sb_status (*message_attachments_replace)(sb_instance_ctx *ctx, sb_str provider_message_id, sb_str attachments_json,
                                             char *err, size_t err_cap);

    /**
    ** 1.3: change a customer's contact attributes outside any message: what
    ** the plugin learned from the provider about them (Twilio refused a send
    ** because they opted out). attributes_json is a JSON object merged into
    ** the contact's attributes key by key, as sb_inbound_message.contact_json
    ** is, except that a value may be a string, a number, a boolean, or null
    ** to delete the key; keys are 1-64 of A-Z, a-z, 0-9, '_' or '-'. The
    ** contact is the one known by (identity_kind, identity_value), and must
    ** have a conversation with a message on this instance: a plugin only
    ** writes about its own customers. Recorded as a contact.updated event
    ** by "channel:<instance>". All arguments borrowed. SB_ERR_NOT_FOUND: no
    ** such contact on this instance; SB_ERR_INVALID: attributes_json is not
    ** an object, or a key or value is refused (err names it).
    */
    sb_status (*contact_update)(sb_instance_ctx *ctx, sb_str identity_kind, sb_str identity_value, sb_str attributes_json,
                                char *err, size_t err_cap);

    /**
    ** 1.3: JSON, hashes and HMAC, encodings, forms, multipart bodies and
    ** Markdown for plugins in plain C (sb_c_services). Static, never NULL on a
    ** host that has the field; lives as long as the process.
    */
    const sb_c_services *c;

    /**
    ** 1.3: the customer edited a message they sent (Telegram's
    ** edited_message), named by the provider_message_id it was ingested
    ** under: its text becomes text (format as in sb_inbound_message) and it
    ** is marked edited, with an event on the conversation. Attachments stay.
    ** Applying the same edit again is SB_OK and changes nothing new.
    ** SB_ERR_NOT_FOUND when this instance stored no such customer message (a
    ** message from before the channel was set up: ingest the edit as a new
    ** message); SB_ERR_INVALID for empty text. Only what the customer sent
    ** changes, never what the team sent; a message the customer unsent stays
    ** deleted.
    */
    sb_status (*message_edit)(sb_instance_ctx *ctx, sb_str provider_message_id, sb_str text, int32_t format,
                              char *err, size_t err_cap);

    /**
    ** 1.3: kv_set() with an expiry, for bookkeeping the plugin needs only
    ** for a while (idempotency records, replay guards, cached provider
    ** ids). From expires_at_ms (Unix milliseconds, UTC) on, the entry reads
    ** as absent (kv_get SB_ERR_NOT_FOUND, kv_scan skips it), and the host
    ** deletes it in the background, whatever the operator's retention
    ** policy. expires_at_ms <= 0 means never, as kv_set(); a later kv_set()
    ** of the key clears the expiry. key and value are borrowed for the
    ** call; same threading as kv_set. SB_ERR_INVALID for an empty key.
    */
    sb_status (*kv_set_expiring)(sb_instance_ctx *ctx, sb_str key, sb_str value, int64_t expires_at_ms,
                                 char *err, size_t err_cap);

    /**
    ** 1.3: custom fields of a conversation this instance carries, set from
    ** what the plugin learned outside any message (Amazon: the order a
    ** buyer wrote about, fetched from the SP-API after the message was
    ** stored), so people see them on the conversation and in the inbox and
    ** an Agent Stack's next turn reads them. fields_json is a JSON object
    ** merged into the fields key by key, as PATCH
    ** /api/v1/conversations/{id}/fields is: a value is a string (at most
    ** 2000 bytes), a number or a boolean, null deletes the key; keys are
    ** 1-64 of A-Z, a-z, 0-9, '_', '-' or '.'. Values equal to the current
    ** ones change nothing; a change is recorded as a
    ** conversation.fields_changed event by "channel:<instance>" and is not
    ** signalled back to the plugin (on_conversation_signal). All arguments
    ** borrowed. SB_ERR_NOT_FOUND: no such conversation on this instance (it
    ** is on another channel now); SB_ERR_CONFLICT: it is archived;
    ** SB_ERR_INVALID: fields_json is not an object, or a key or value is
    ** refused (err names it).
    */
    sb_status (*conversation_fields_update)(sb_instance_ctx *ctx, sb_str conversation_id, sb_str fields_json,
                                            char *err, size_t err_cap);

    /**
    ** 1.3: one step of a phone call through the host's IVR flow engine, for
    ** voice channels. The provider's request (Twilio's webhook) comes to the
    ** plugin, which checks it (signature), translates it into request_json
    ** and renders the answer in its provider's markup (TwiML). The host
    ** keeps the call: the flow and revision it is pinned to (the instance
    ** config's "flow_id", published revision at the first step), the
    ** engine's state per call_sid in its store (a restart in mid-call loses
    ** nothing), and the call's record in the conversation; it carries out
    ** what the flow asks outside the call (texts through an SMS instance,
    ** moving the conversation to another channel).
    **
    ** call_sid: the provider's call id (CallSid), 1-64 bytes.
    ** request_json: {"seq": n, "input": {"kind": "start" | "digits" |
    ** "speech" | "timeout" | "hangup" | "queue" | "dial" | "record" |
    ** "ai", ...}, "caller"?, "conversation_id"?, "status"?}: seq is the one
    ** the previous answer asked for (0 on "start"); "start" needs the
    ** caller (E.164) and the conversation the plugin ingested the call
    ** into; "hangup" (the status callback) ends the call whatever its seq,
    ** with the provider's final "status".
    ** *answer_json (host-allocated, free with buffer_free): {"seq",
    ** "instruction": {"say": [text], "action": {"kind": "gather" |
    ** "enqueue" | "dial" | "record" | "agent" | "hangup", ...}}, "ended",
    ** "conversation_id", "path", "replayed"}; render it, giving seq + 1 to
    ** the provider's next request. A seq already answered (a retry, a late
    ** duplicate), or an input the waiting node cannot take, gets the last
    ** answer again with "replayed": true and changes nothing.
    ** SB_ERR_NOT_FOUND: no such call on this instance (answer a polite
    ** goodbye); SB_ERR_CONFLICT: the instance names no published flow;
    ** SB_ERR_INVALID: request_json is refused (err names the field).
    ** Strings are borrowed for the call. Any data-call thread; steps of one
    ** call are serialized by seq in the store (a lost race replays).
    */
    sb_status (*voice_step)(sb_instance_ctx *ctx, sb_str call_sid, sb_str request_json, sb_buffer **answer_json,
                            char *err, size_t err_cap);

    /*
    ** ---- 1.3, answering later. A plugin may keep a request past
    ** handle_http() and ingest without waiting for the commit, so no plugin
    ** thread waits on the disk. Check SB_HAS_FIELD for each before calling;
    ** a host without them offers only the synchronous calls above, which
    ** keep working unchanged.
    */

    /**
    ** 1.3: keep the current handle_http() exchange to answer later. Call it
    ** inside handle_http() instead of http_respond(); *answer_id receives
    ** the deferred request's id and handle_http() then returns without an
    ** answer (a data call that has returned never delays stop()). Answer it
    ** exactly once with http_answer(), from any thread. The exchange pointer
    ** itself is borrowed for the handle_http() call as always: after it
    ** returns, only the id names the request. What the plugin had set with
    ** http_respond() or http_add_header() before deferring is discarded.
    ** When the instance stops (disable, upgrade, shutdown: after draining,
    ** before stop()), or the client waited longer than the host's deferral
    ** limit (30 s), the host answers the still-pending requests itself with
    ** 503 and a JSON
    ** error; a later http_answer() for them answers SB_ERR_NOT_FOUND. A
    ** request whose host process dies is never answered: the client sees a
    ** reset and must retry (so acknowledge only what is committed).
    ** SB_ERR_INVALID: not inside handle_http(), or the exchange was already
    ** deferred or turned into a stream.
    */
    sb_status (*http_defer)(sb_instance_ctx *ctx, sb_http_exchange *exchange, uint64_t *answer_id,
                            char *err, size_t err_cap);

    /**
    ** 1.3: answer a request deferred with http_defer(), from any thread
    ** (the plugin's own threads, an ingest completion). headers may be NULL
    ** when header_count is 0; Content-Type comes from content_type. All
    ** arguments are borrowed for the call: the host copies them. SB_OK once
    ** the answer is queued for the client; SB_ERR_NOT_FOUND when answer_id
    ** is unknown, was answered already, or the host answered it (503, see
    ** http_defer): an answer is given exactly once.
    */
    sb_status (*http_answer)(sb_instance_ctx *ctx, uint64_t answer_id, int32_t status, sb_str content_type,
                             sb_str body, const sb_header *headers, size_t header_count);

    /**
    ** 1.3: ingest() without waiting for the commit. The message is checked
    ** and queued, then the call returns at once: SB_OK means the completion
    ** will run exactly once; an error (SB_ERR_INVALID naming the field, or
    ** SB_ERR_BUSY when the host is shutting down) means it never
    ** will and nothing is stored. message and everything it points to are
    ** borrowed for the call (the host copies them). completion runs on a
    ** host thread (never inside this call, never on the thread that called
    ** it while it is inside it) after the group commit that stored the
    ** message is durable, with what ingest() would have answered: SB_OK,
    ** SB_DUPLICATE or an error, result filled on SB_OK/SB_DUPLICATE. user is
    ** the plugin's, passed back untouched. The completion must return
    ** promptly (it runs on the host's completion thread, one at a time per
    ** host): answer a deferred request with http_answer() there, do no
    ** slow work. An accepted ingest counts as a data call in flight until
    ** its completion returned, so draining waits for it and no completion
    ** runs after stop(); keep what user points to alive until then. A
    ** call while the instance drains or is quarantined answers SB_ERR_BUSY.
    ** Customer messages only: origin SB_ORIGIN_BUSINESS answers
    ** SB_ERR_UNSUPPORTED (use ingest()).
    */
    sb_status (*ingest_async)(sb_instance_ctx *ctx, const sb_inbound_message *message,
                              sb_ingest_completion completion, void *user, char *err, size_t err_cap);

    /**
    ** 1.3: route_add() for a route whose handle_http() never blocks: it
    ** checks and parses the request, then answers at once (http_respond) or
    ** defers it (http_defer, with ingest_async or its own threads answering
    ** later). The host may then run handle_http() for it on one of its HTTP
    ** event-loop threads instead of a worker thread, saving the hand-off
    ** between them; every other connection on that loop waits while it runs.
    ** So on such a route the plugin must not call a service that waits
    ** (ingest, side_ingest, http_request, stack_turn, voice_step, kv_scan
    ** over many keys), sleep, take a lock another thread holds for long, or
    ** open a stream. The host runs it on a worker as for route_add() unless
    ** its operator turned loop handlers on, and always when the plugin sets
    ** SB_PLUGIN_FLAG_SERIAL_CALLS. method and path as for route_add(),
    ** borrowed for the call; a request runs on the loop only when every
    ** declared route it matches is non-blocking. Call from create() or
    ** start(). A host older than this member lacks it (SB_HAS_FIELD): call
    ** route_add() there.
    */
    sb_status (*route_add_nonblocking)(sb_instance_ctx *ctx, sb_str method, sb_str path, char *err, size_t err_cap);

    /* Fields appended in later minor versions go here. */
} sb_host_api;

/* ---------------------------------------------------------------------- */
/* The plugin's side                                                      */
/* ---------------------------------------------------------------------- */

/** What the host tells a plugin about an instance in create(). Borrowed for the call. */
typedef struct sb_instance_info {
    uint32_t struct_size;
    uint32_t abi_minor;
    sb_str instance_id;          /* stable id chosen by the operator */
    sb_str config_json;          /* the instance's configuration, a JSON object, validated
                                    against the manifest's config schema */
    sb_str route_prefix;         /* "/hooks/<instance-id>" */
    sb_str public_base_url;      /* the host's external base URL, for webhook addresses */
    uint32_t deliver_timeout_ms; /* the host's bound on one deliver() call */
    uint32_t reserved;
} sb_instance_info;

/** Descriptor flags. */
#define SB_PLUGIN_FLAG_SERIAL_CALLS (1u << 0)  /* at most one data call per instance at a time */

/**
** The plugin's descriptor: static, immutable, returned by the entry symbol.
** Every callback receives the plugin's own instance pointer from create().
*/
typedef struct sb_plugin_descriptor {
    uint32_t struct_size;        /* sizeof(sb_plugin_descriptor) as the plugin was built */
    uint32_t abi_minor;          /* SB_ABI_MINOR the plugin was built against */
    uint32_t abi_major;          /* SB_ABI_MAJOR; must be 1 */
    uint32_t min_host_minor;     /* lowest host minor version the plugin can work with */
    sb_str id;                   /* must equal the manifest's "id" */
    sb_str version;              /* must equal the manifest's "version" */
    uint32_t flags;              /* SB_PLUGIN_FLAG_* */
    uint32_t reserved;
    sb_capabilities capabilities;

    /**
    ** Create an instance from its configuration. Keep host and ctx: they are
    ** valid until destroy() returns. Return SB_DECLINED (with a reason) when
    ** the configuration leaves nothing to do, SB_ERR_INVALID for a bad
    ** configuration. No traffic arrives before start().
    */
    sb_status (*create)(const sb_host_api *host, sb_instance_ctx *ctx, const sb_instance_info *info,
                        void **instance, char *err, size_t err_cap);
    /** Begin work: traffic may arrive once this returns SB_OK. */
    sb_status (*start)(void *instance, char *err, size_t err_cap);
    /** Stop work; in-flight data calls have drained. Stop your own threads here. */
    void (*stop)(void *instance);
    /**
    ** Apply a new configuration without a restart. Data calls are drained
    ** around it. Return an error to keep the old configuration.
    */
    sb_status (*reconfigure)(void *instance, sb_str config_json, char *err, size_t err_cap);
    /**
    ** Free the instance. Called once: after stop() normally, or right after
    ** a start() that failed. Never called when create() failed.
    */
    void (*destroy)(void *instance);

    /**
    ** Handle an HTTP request under /hooks/<instance-id>/. Answer through
    ** host->http_respond(exchange, ...); a call that never responds is
    ** answered 500 by the host. For inbound messages: verify, parse, call
    ** host->ingest(), and only after SB_OK or SB_DUPLICATE answer success.
    */
    void (*handle_http)(void *instance, const sb_http_request *request, sb_http_exchange *exchange);

    /**
    ** Deliver one outbound message to the provider and fill *result. Return
    ** SB_OK whenever result says what happened (including a provider's
    ** rejection); return an error only when the plugin itself failed. The
    ** host treats an error return like SB_DELIVERY_RETRY with err as the
    ** detail (it counts as an attempt). A call that overruns
    ** deliver_timeout_ms quarantines the instance.
    */
    sb_status (*deliver)(void *instance, const sb_outbound_message *message, sb_delivery_result *result,
                         char *err, size_t err_cap);

    /** A timer started with host->timer_start() fired. May be NULL. */
    void (*on_timer)(void *instance, uint64_t timer_id);

    /* ---- 1.1 ---- */

    /**
    ** 1.1, optional: deliver one side-conversation message (sb_side_message)
    ** and fill *result, with the same rules as deliver(): bounded by
    ** deliver_timeout_ms, SB_OK whenever result says what happened, an error
    ** return counts as a retry. NULL means the plugin carries no side
    ** conversations; the manifest says "side_conversations": true exactly
    ** when this is set, and such a plugin needs host minor 1
    ** (min_host_minor >= 1), since replies come back through side_ingest.
    */
    sb_status (*deliver_side)(void *instance, const sb_side_message *message, sb_delivery_result *result,
                              char *err, size_t err_cap);

    /* ---- 1.2 ---- */

    /**
    ** 1.2, optional: a stream from host->stream_open() ended (the client went
    ** away, the plugin closed it, or the instance is stopping). Called once
    ** per stream, on a host thread, possibly concurrently with data calls.
    */
    void (*on_stream_closed)(void *instance, uint64_t stream_id);

    /**
    ** 1.2, optional: something the customer may want to see happened on a
    ** conversation this instance carries, outside any message: type
    ** "agent.typing" (data {"name"}) or "conversation.status" (data
    ** {"status"}). Best effort: not stored, not retried. Return promptly.
    ** 1.3: type "side_directory.refresh" (conversation_id empty, data {}): an
    ** agent asked for a fresh directory of whom side conversations can reach
    ** (the "side_directory" this instance publishes); read it again soon,
    ** off this call (a timer), within the provider's rate limits.
    ** 1.3: type "templates.sync" (conversation_id empty, data {}): an admin
    ** asked for the message templates this instance publishes
    ** ("templates") to be read from the provider again; do it soon, off
    ** this call. 1.3: type "conversation.viewed" (data {"agent_id",
    ** "agent_name"}): an agent opened the conversation in the web app (a
    ** channel may tell the customer their messages were read). 1.3: type
    ** "media.refetch" (data {"message_id", "provider_message_id",
    ** "attachments": the message's attachments as stored}): an agent
    ** asked to fetch a customer's media again that could not be kept when it
    ** arrived; fetch it off this call and store the result with
    ** host->message_attachments_replace().
    ** 1.3: type "conversation.fields" (data: the custom fields a person just
    ** set on the conversation, null for one removed): a channel that links
    ** what a field names (Amazon: an order id set by hand) may act on it,
    ** off this call.
    ** 1.3: type "contact.erased" (conversation_id empty): the host erased a
    ** customer's personal data on their request; forget what this instance
    ** keeps about them (thread records, cached files, provider ids). data:
    ** {"contact_id", "identities": [{"kind", "value"}], "conversation_ids":
    ** [...], "side_conversation_ids": [...], "attachment_urls": [...]}: the
    ** conversations and side conversations this instance carried for them,
    ** and every attachment URL their messages held (ignore other channels').
    ** The operator's retention policy sends it too, with contact_id null and
    ** no identities, for the conversations it deleted or anonymized and the
    ** attachments it removed: forget those the same way.
    ** Unlike the others it is durable: the host keeps it until the instance
    ** is running and has been called once (an instance deleted meanwhile is
    ** skipped), so a stopped instance hears it when it starts. Called on the
    ** host's privacy thread, possibly concurrently with data calls; the data
    ** pointers are borrowed for the call. Do the deletions before returning
    ** or on the plugin's own thread; the host does not call it again.
    */
    void (*on_conversation_signal)(void *instance, sb_str conversation_id, sb_str type, sb_str data_json);

    /* ---- 1.3 ---- */

    /**
    ** 1.3, optional (NULL: nothing to check): check one outbound message
    ** before the host accepts it, so a reply this channel could never send
    ** is refused to whoever sends it, at once (a REST caller gets 400 naming
    ** the field) instead of being queued and failing later. *message is what
    ** deliver() would be given now, built the same way (the text fitted to
    ** the capabilities, the customer's identity on this channel,
    ** reply_window), except that nothing is stored yet: message_id is 0,
    ** idempotency_key empty, attempt 0. Check only what is known locally:
    ** the sender is waiting, so never call the provider here.
    **
    ** Return SB_OK to accept. Return SB_ERR_INVALID to refuse, with the
    ** offending field of the request body written into field (NUL-terminated,
    ** cut to field_cap bytes with the NUL; named as the REST reply body names
    ** it: "text", "attachments[0]", "rich.parameters[1]"; empty for the
    ** message as a whole) and the reason into err. Any other status means the
    ** plugin could not check: the host logs err and accepts the message
    ** (deliver() has the last word).
    **
    ** A data call: on a host thread, concurrently with other data calls
    ** unless SB_PLUGIN_FLAG_SERIAL_CALLS, never during a lifecycle call;
    ** return promptly (the sender's HTTP request waits on it). message and its strings are borrowed
    ** for the call; field and err are the host's buffers.
    */
    sb_status (*validate_outbound)(void *instance, const sb_outbound_message *message,
                                   char *field, size_t field_cap, char *err, size_t err_cap);

    /**
    ** 1.3, optional: run an operator's admin operation (sb_admin_request)
    ** and answer it through host->http_respond(exchange, status,
    ** "application/json", body): 200 and a JSON value on success; on
    ** failure a 4xx or 5xx status and {"error": "why", "field": "name"}
    ** (field optional: the argument at fault). The host passes the status
    ** and body to the operator (a 5xx becomes 502, naming the plugin), so
    ** say what the provider said. No answer: the host answers 500.
    **
    ** host is the table create() receives. Scope "instance": instance and
    ** ctx are the running instance's, and the call counts as a data call
    ** (drained before stop() and reconfigure(); may overlap other data
    ** calls unless SB_PLUGIN_FLAG_SERIAL_CALLS). Scope "plugin": instance
    ** is NULL and ctx is a context made for this one call, valid until it
    ** returns: log, credential_get and http_request work on it; services
    ** that act on an instance's data (ingest, kv_*, timers, routes,
    ** publish_status, claim_asset, ...) answer SB_ERR_INVALID. Runs on a
    ** host HTTP thread, possibly concurrently with any other call; the
    ** operator waits for it, so bound provider calls (30 s at most).
    ** Required (non-NULL) exactly when the manifest declares
    ** "admin_operations".
    */
    void (*admin_call)(const sb_host_api *host, sb_instance_ctx *ctx, void *instance,
                       const sb_admin_request *request, sb_http_exchange *exchange);

    /**
    ** 1.3, optional: perform one channel action an Agent Stack chose
    ** (sb_action_request) and say what happened in *result, which the host
    ** zeroed and sized (the same struct deliver() fills): SB_DELIVERY_SENT
    ** when it was done (provider_message_id, if it sent something), and
    ** SB_DELIVERY_REJECTED or SB_DELIVERY_RETRY with detail when it was not;
    ** the detail goes back to the model and onto the conversation's record.
    ** An error return is a failure with err as the reason. A data call on a
    ** host thread, bounded like deliver() by deliver_timeout_ms; the host
    ** does not retry it (the model may). NULL means the plugin has no
    ** actions; the manifest declares "actions" exactly when this is set.
    ** The request and its strings are borrowed for the call.
    */
    sb_status (*perform_action)(void *instance, const sb_action_request *request, sb_delivery_result *result,
                                char *err, size_t err_cap);

    /* Fields appended in later minor versions go here. */
} sb_plugin_descriptor;

/** The type of the entry symbol. */
typedef const sb_plugin_descriptor *(*sb_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_PLUGIN_H */
