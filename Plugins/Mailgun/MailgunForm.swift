import PluginKit

/// A Mailgun route forward's body: `application/x-www-form-urlencoded` without attachments,
/// `multipart/form-data` with them. Text fields by name, file parts aside.
public struct MailgunForm {
    public enum Failure: Error {
        /// 415: neither form encoding.
        case unsupportedMediaType(String)
        /// 400: not decodable as what it says it is.
        case malformed(String)
    }

    public var fields: [(name: String, value: String)] = []
    public var files: [MultipartFormData.Part] = []

    /// A digest of the fields and files, not of the bytes: a retry of the same mail may come as a
    /// multipart body with another boundary, and is still the same mail. Length-prefixed, so no
    /// two different forms hash alike.
    public var digest: String {
        var bytes: [UInt8] = []
        func add(_ piece: [UInt8]) { bytes += Array("\(piece.count):".utf8) + piece }
        for field in fields { add(Array(field.name.utf8)); add(Array(field.value.utf8)) }
        for file in files { add(Array(file.name.utf8)); add(Array((file.filename ?? "").utf8)); add(file.body) }
        return Crypto.sha256Hex(bytes)
    }

    /// The first value of a field, nil when absent.
    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The first non-blank value among `names`.
    public func first(_ names: String...) -> String? {
        for name in names {
            if let value = self[name], !value.trimmingASCIIWhitespace().isEmpty { return value }
        }
        return nil
    }

    public init(_ request: PluginHTTPRequest) throws(Failure) {
        let contentType = request.header("Content-Type") ?? ""
        switch request.mediaType {
        case "application/x-www-form-urlencoded":
            do { fields = try FormURLEncoding.decode(bytes: request.body) } catch { throw .malformed("form body: \(error)") }
        case "multipart/form-data":
            guard let boundary = MultipartFormData.boundary(contentType: contentType) else {
                throw .malformed("multipart/form-data without a valid boundary")
            }
            let parts: [MultipartFormData.Part]
            do { parts = try MultipartFormData.decode(request.body, boundary: boundary) } catch { throw .malformed("multipart body: \(error)") }
            for part in parts {
                if part.filename != nil {
                    files.append(part)
                } else if let text = String(validating: part.body, as: UTF8.self) {
                    fields.append((part.name, text))
                } else {
                    throw .malformed("field \(part.name) is not UTF-8")
                }
            }
        default:
            throw .unsupportedMediaType("send application/x-www-form-urlencoded or multipart/form-data, not \(contentType)")
        }
    }
}
