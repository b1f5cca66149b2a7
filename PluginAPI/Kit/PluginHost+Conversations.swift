import SwitchboardPluginAPI

extension PluginHost {
    /// Records an event on a conversation ("email.bounced"); `dataJSON` is a JSON object.
    public func emitEvent(conversationID: String, type: String, dataJSON: String = "{}") throws {
        let emit = try service(\.emit_event, "emit_event")
        try withSBStrs([conversationID, type, dataJSON]) { s throws in
            try call("emit_event") { emit(ctx, s[0], s[1], s[2], $0, $1) }
        }
    }

    /// ABI 1.3: merges `fields` (string, number or boolean values; null deletes a key) into the
    /// custom fields of a conversation this instance carries, as a person's edit would; values
    /// already there change nothing. Throws `.notFound` for a conversation on another channel.
    public func updateConversationFields(conversationID: String, _ fields: JSONObject) throws {
        let update = try service(\.conversation_fields_update, "conversation_fields_update")
        try withSBStrs([conversationID, JSON.object(fields).serialized]) { s throws in
            try call("conversation_fields_update") { update(ctx, s[0], s[1], $0, $1) }
        }
    }

    /// Runs one Agent Stack turn synchronously and returns the reply as JSON text
    /// ({"reply": "...", "handover": false, ...}). For channels that must answer inside a call.
    public func stackTurn(conversationID: String, inputText: String) throws -> String {
        let turn = try service(\.stack_turn, "stack_turn")
        return try bufferCall("stack_turn", [conversationID, inputText]) { s, reply, err, cap in
            turn(ctx, s[0], s[1], reply, err, cap)
        }
    }

    /// Asks Sidekick about a conversation; returns its answer as JSON text.
    public func sidekickAsk(conversationID: String, question: String) throws -> String {
        let ask = try service(\.sidekick_ask, "sidekick_ask")
        return try bufferCall("sidekick_ask", [conversationID, question]) { s, answer, err, cap in
            ask(ctx, s[0], s[1], answer, err, cap)
        }
    }

    /// Moves a conversation to another channel instance (history, tags and assignee stay);
    /// `identityKind`/`identityValue` address the customer on the target channel.
    public func switchChannel(conversationID: String, targetInstanceID: String, identityKind: String,
                              identityValue: String) throws {
        let move = try service(\.switch_channel, "switch_channel")
        try withSBStrs([conversationID, targetInstanceID, identityKind, identityValue]) { s throws in
            try call("switch_channel") { move(ctx, s[0], s[1], s[2], s[3], $0, $1) }
        }
    }

    /// A service call that hands back an sb_buffer: returns it as text and frees it.
    func bufferCall(
        _ name: String, _ strings: [String],
        _ body: ([sb_str], UnsafeMutablePointer<UnsafeMutablePointer<sb_buffer>?>, UnsafeMutablePointer<CChar>, Int) -> sb_status
    ) throws -> String {
        var buffer: UnsafeMutablePointer<sb_buffer>?
        do {
            try withSBStrs(strings) { s throws in try call(name) { body(s, &buffer, $0, $1) } }
        } catch {
            _ = consume(buffer)
            throw error
        }
        return String(decoding: consume(buffer), as: UTF8.self)
    }
}

extension PluginHost {
    /// ABI 1.3: one step of a phone call through the host's IVR engine (`voice_step`): `requestJSON`
    /// is `{"seq", "input": {"kind", …}, "caller"?, "conversation_id"?, "status"?}`; returns the answer
    /// JSON (`{"seq", "instruction", "ended", "conversation_id", "path", "replayed"}`). Throws
    /// `.notFound` for a call the host does not know on this instance.
    public func voiceStep(callSID: String, requestJSON: String) throws -> String {
        let step = try service(\.voice_step, "voice_step")
        return try bufferCall("voice_step", [callSID, requestJSON]) { s, answer, err, cap in
            step(ctx, s[0], s[1], answer, err, cap)
        }
    }
}
