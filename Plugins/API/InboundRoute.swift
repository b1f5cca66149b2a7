import PluginKit

/// POST /messages: an integrator pushes a customer's message in. Answers only after the host
/// has committed it, so a 2xx means stored and anything else means "send it again". The answer
/// comes from the ingest's completion (ABI 1.3): no thread of ours waits for the commit.
struct InboundRoute {
    let host: PluginHost

    static let maxAttachments = 50

    func handle(_ request: PluginHTTPRequest) throws -> PluginHTTPResponse {
        let body = try request.jsonObjectBody()
        let message: InboundMessage
        do {
            message = try Self.parse(body)
        } catch {
            throw APIFailure.invalidField(error)
        }
        return .later { [self] answer in
            do {
                try host.ingestAsync(message) { outcome in
                    switch outcome {
                    case .success(let stored): answer.answer(Self.response(stored))
                    case .failure(let error): answer.answer(failure(for: error).response)
                    }
                }
            } catch let error as PluginError {
                answer.answer(failure(for: error).response)
            } catch {
                host.log(.warn, "ingest failed, answering 503: \(error)")
                answer.answer(APIFailure.unavailable.response)
            }
        }
    }

    private static func response(_ outcome: IngestOutcome) -> PluginHTTPResponse {
        switch outcome {
        case .stored(let conversationID, let messageID, let created):
            return .json(201, ["status": "stored", "conversation_id": .string(conversationID),
                               "message_id": .from(messageID), "created_conversation": .bool(created)])
        case .duplicate(let conversationID, let messageID):
            return .json(200, ["status": "duplicate", "conversation_id": .string(conversationID),
                               "message_id": .from(messageID)])
        }
    }

    static func parse(_ body: JSONObject) throws(FieldError) -> InboundMessage {
        let externalID = try body.string("external_id", required: true, maxLength: 256)!
        let messageID = try body.string("message_id", required: true, maxLength: 256)!
        let text = try body.string("text", maxLength: 65_536) ?? ""
        let attachments = try body.array("attachments").map(Self.attachments) ?? []
        guard !text.isEmpty || !attachments.isEmpty else { throw FieldError("text", "is required unless attachments are sent") }
        return InboundMessage(
            identityKind: APIChannelPlugin.identityKind, identityValue: externalID, providerMessageID: messageID,
            text: text, format: .plain,
            displayName: try body.string("name", maxLength: 256),
            richJSON: try body.object("rich").map { JSON.object($0).serialized },
            attachmentsJSON: attachments.isEmpty ? nil : JSON.array(attachments).serialized,
            agentStack: try body.string("agent_stack", maxLength: 256),
            conversationID: try body.string("conversation_id", maxLength: 256))
    }

    /// Validates each {name, content_type, size, url}; keeps only those fields.
    private static func attachments(_ items: [JSON]) throws(FieldError) -> [JSON] {
        guard items.count <= maxAttachments else { throw FieldError("attachments", "may hold at most \(maxAttachments) items") }
        var result: [JSON] = []
        for (index, item) in items.enumerated() {
            let path = "attachments[\(index)]"
            guard let object = item.objectValue else { throw FieldError(path, "must be an object") }
            let url = try object.string("url", required: true, maxLength: 4096, path: path + ".url")!
            guard APIConfig.isHTTPURL(url) else { throw FieldError(path + ".url", "must be an absolute http(s) URL") }
            var clean: JSONObject = [:]
            clean["name"] = .from(try object.string("name", maxLength: 256, path: path + ".name"))
            clean["content_type"] = .from(try object.string("content_type", maxLength: 256, path: path + ".content_type"))
            clean["size"] = .from(try object.integer("size", in: 0...(1 << 53), path: path + ".size"))
            clean["url"] = .string(url)
            result.append(.object(clean))
        }
        return result
    }

    /// A refusal from the host, as the integrator should see it: their fault (4xx) or ours (503).
    private func failure(for error: PluginError) -> APIFailure {
        switch error {
        case .invalid(_, let message):
            if let field = Self.field(mentionedIn: message) { return .invalidField(FieldError(field, "was refused: \(message)")) }
            return .invalidMessage(message)
        case .notFound(let message):
            return .notFound(message)
        case .denied(let message):
            return .forbidden(message)
        default:
            host.log(.warn, "ingest failed, answering 503: \(error)")
            return .unavailable
        }
    }

    /// The request field a host error message is about, matched on whole words by the names the
    /// host uses ("identity_value") or the request uses ("external_id").
    static func field(mentionedIn message: String) -> String? {
        let names: [String: String] = [
            "provider_message_id": "message_id", "identity_value": "external_id", "attachments_json": "attachments",
            "rich_json": "rich", "display_name": "name", "external_id": "external_id", "message_id": "message_id",
            "conversation_id": "conversation_id", "agent_stack": "agent_stack", "attachments": "attachments",
            "rich": "rich", "text": "text", "name": "name",
        ]
        let words = message.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        return words.lazy.compactMap { names[String($0)] }.first
    }
}
