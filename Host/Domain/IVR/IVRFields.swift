import SwitchboardSupport

/// One JSON object of a flow definition and its dotted path, so every parse error names its field.
struct IVRFields {
    let object: JSONObject
    let path: String

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String, _ message: String) -> IVRFlowError { IVRFlowError(field: field(key), message: message) }

    func optionalString(_ key: String) throws(IVRFlowError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { throw fail(key, "must be a non-empty string") }
        return text
    }

    func string(_ key: String) throws(IVRFlowError) -> String {
        guard let text = try optionalString(key) else { throw fail(key, "is required") }
        return text
    }

    func bool(_ key: String, default fallback: Bool) throws(IVRFlowError) -> Bool {
        guard let value = object[key], !value.isNull else { return fallback }
        guard let flag = value.boolValue else { throw fail(key, "must be true or false") }
        return flag
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(IVRFlowError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            throw fail(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(IVRFlowError) -> Int {
        try optionalInt(key, in: range) ?? fallback
    }

    /// A list of strings; absent reads as empty.
    func strings(_ key: String) throws(IVRFlowError) -> [String] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw fail(key, "must be a list of strings") }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue, !text.isEmpty else { throw fail("\(key).\(index)", "must be a non-empty string") }
            texts.append(text)
        }
        return texts
    }

    func optionalObject(_ key: String) throws(IVRFlowError) -> IVRFields? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let inner = value.objectValue else { throw fail(key, "must be an object") }
        return IVRFields(object: inner, path: field(key))
    }

    func requiredObject(_ key: String) throws(IVRFlowError) -> IVRFields {
        guard let inner = try optionalObject(key) else { throw fail(key, "is required") }
        return inner
    }

    /// A list of objects; absent reads as empty.
    func objects(_ key: String) throws(IVRFlowError) -> [IVRFields] {
        guard let value = object[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw fail(key, "must be a list of objects") }
        var list: [IVRFields] = []
        for (index, item) in items.enumerated() {
            guard let inner = item.objectValue else { throw fail("\(key).\(index)", "must be an object") }
            list.append(IVRFields(object: inner, path: field("\(key).\(index)")))
        }
        return list
    }

    /// `language` and `voice`, each checked against what Twilio accepts.
    func speechSettings() throws(IVRFlowError) -> IVRSpeechSettings {
        let language = try optionalString("language")
        if let language, !IVRSpeechSettings.languages.contains(language) {
            throw fail("language", "'\(language)' is not a language Twilio speaks (a locale such as en-US, en-GB, de-DE, es-MX)")
        }
        let voice = try optionalString("voice")
        if let voice, !IVRSpeechSettings.isVoice(voice) { throw fail("voice", "'\(voice)' is not a Twilio voice: \(IVRSpeechSettings.voiceRule)") }
        return IVRSpeechSettings(language: language, voice: voice)
    }
}
