/// Digits gathered into a variable (an account number, a PIN), with bounded attempts like a menu.
public struct IVRCollect: Equatable, Sendable {
    public let prompt: String
    public let variable: String
    /// nil: any length up to the finish key.
    public let numDigits: Int?
    public let finishOnKey: String
    public let timeoutSeconds: Int
    public let maxAttempts: Int

    /// The digits without the finish key, or nil when they do not fit.
    public func accept(_ digits: String) -> String? {
        var value = digits
        if value.hasSuffix(finishOnKey) { value.removeLast(finishOnKey.count) }
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if let numDigits, value.count != numDigits { return nil }
        return value
    }
}
