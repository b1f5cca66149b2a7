import CCrypto
import SwitchboardCommon
import SwitchboardPluginAPI
#if canImport(Glibc)
import Glibc
#endif

/// The sb_c_services table (ABI 1.3): JSON, hashes, encodings, forms, multipart bodies and
/// Markdown for plugins in plain C, done by the host's own code. Static, like the host table.
public enum CServicesTable {
    public nonisolated(unsafe) static let pointer: UnsafePointer<sb_c_services> = {
        let t = UnsafeMutablePointer<sb_c_services>.allocate(capacity: 1)
        t.initialize(to: sb_c_services())
        t.pointee.struct_size = UInt32(MemoryLayout<sb_c_services>.size)
        t.pointee.version = 1
        fillJSONReading(t)
        fillJSONWriting(t)
        fillCryptoAndEncodings(t)
        fillFormsAndMultipart(t)
        return UnsafePointer(t)
    }()

    private static func fillJSONReading(_ t: UnsafeMutablePointer<sb_c_services>) {
        t.pointee.json_parse = { text, doc, err, cap in
            doc?.pointee = nil
            guard let doc else { return failed(err, cap, SB_ERR_INVALID, "doc is NULL") }
            do {
                let value = try JSON.parse(bytesOf(text))
                doc.pointee = JSONDocument(value).handle
                return SB_OK
            } catch let e as JSONParseError {
                return failed(err, cap, SB_ERR_INVALID, "malformed JSON: \(e.description)")
            } catch {
                return failed(err, cap, SB_ERR_INVALID, "malformed JSON")
            }
        }
        t.pointee.json_free = { doc in JSONDocument.release(doc) }
        t.pointee.json_root = { doc in JSONDocument.from(doc).map { OpaquePointer($0.root) } }
        t.pointee.json_path = { value, path in JSONNodeReading.path(value, bytesOf(path)) }
        t.pointee.json_member = { value, key in JSONNodeReading.member(value, bytesOf(key)) }
        t.pointee.json_at = { value, index in JSONNodeReading.at(value, Int(clamping: index)) }
        t.pointee.json_key_at = { value, index in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_OBJECT, index < n.count, let keys = n.keys else {
                return sb_str(ptr: nil, len: 0)
            }
            return keys[Int(index)]
        }
        t.pointee.json_count = { value in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_ARRAY || n.type == SB_JSON_OBJECT else { return 0 }
            return n.count
        }
        t.pointee.json_type = { value in JSONNodeReading.node(value)?.type ?? SB_JSON_MISSING }
        t.pointee.json_string = { value in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_STRING else { return sb_str(ptr: nil, len: 0) }
            return n.text
        }
        t.pointee.json_int = { value, out in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_NUMBER, n.number.rounded() == n.number,
                  abs(n.number) < 9_007_199_254_740_992 else { return 0 }
            out?.pointee = Int64(n.number)
            return 1
        }
        t.pointee.json_number = { value in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_NUMBER else { return 0 }
            return n.number
        }
        t.pointee.json_bool = { value in
            guard let n = JSONNodeReading.node(value), n.type == SB_JSON_BOOL else { return 0 }
            return n.number != 0 ? 1 : 0
        }
        t.pointee.json_serialize = { value, json, err, cap in
            json?.pointee = nil
            guard let json else { return failed(err, cap, SB_ERR_INVALID, "json is NULL") }
            guard value != nil else { return failed(err, cap, SB_ERR_NOT_FOUND, "the value is missing (NULL)") }
            json.pointee = CBuffer.make(JSONNodeReading.value(value).serialized)
            return SB_OK
        }
    }

    private static func fillJSONWriting(_ t: UnsafeMutablePointer<sb_c_services>) {
        t.pointee.json_writer_new = { JSONTextWriter().handle }
        t.pointee.json_begin_object = { w in JSONTextWriter.from(w)?.beginObject() }
        t.pointee.json_begin_array = { w in JSONTextWriter.from(w)?.beginArray() }
        t.pointee.json_end = { w in JSONTextWriter.from(w)?.end() }
        t.pointee.json_key = { w, key in JSONTextWriter.from(w)?.key(textOf(key)) }
        t.pointee.json_add_string = { w, s in JSONTextWriter.from(w)?.add(.string(textOf(s)), "a string") }
        t.pointee.json_add_int = { w, n in
            guard let writer = JSONTextWriter.from(w) else { return }
            // Doubles carry the host's JSON numbers: beyond 2^53 an integer would silently change.
            if abs(n) < 9_007_199_254_740_992 { writer.add(.number(Double(n)), "an integer") } else { writer.addNumber(.nan) }
        }
        t.pointee.json_add_number = { w, n in JSONTextWriter.from(w)?.addNumber(n) }
        t.pointee.json_add_bool = { w, b in JSONTextWriter.from(w)?.add(.bool(b != 0), "a boolean") }
        t.pointee.json_add_null = { w in JSONTextWriter.from(w)?.add(.null, "null") }
        t.pointee.json_add_raw = { w, text in JSONTextWriter.from(w)?.addRaw(bytesOf(text)) }
        t.pointee.json_writer_finish = { w, json, err, cap in
            json?.pointee = nil
            guard let w, let writer = JSONTextWriter.from(w) else { return failed(err, cap, SB_ERR_INVALID, "writer is NULL") }
            defer { JSONTextWriter.release(w) }
            guard let json else { return SB_OK }
            switch writer.finish() {
            case .success(let text):
                json.pointee = CBuffer.make(text)
                return SB_OK
            case .failure(let misuse):
                return failed(err, cap, SB_ERR_INVALID, "JSON writer: \(misuse.message)")
            }
        }
    }

    private static func fillCryptoAndEncodings(_ t: UnsafeMutablePointer<sb_c_services>) {
        t.pointee.sha256 = { data, digest in
            guard let digest else { return }
            let d = bytesOf(data).withUnsafeBytes { Crypto.sha256($0) }
            for i in 0..<32 { digest[i] = d[i] }
        }
        t.pointee.hmac_sha256 = { key, data, mac in
            guard let mac else { return }
            let m = Crypto.hmacSHA256(key: bytesOf(key), message: bytesOf(data))
            for i in 0..<32 { mac[i] = m[i] }
        }
        t.pointee.equal_constant_time = { a, b in Crypto.constantTimeEquals(bytesOf(a), bytesOf(b)) ? 1 : 0 }
        t.pointee.random_bytes = { out, len in
            guard let out, len > 0 else { return }
            let bytes = Crypto.randomBytes(len)
            for i in 0..<len { out[i] = bytes[i] }
        }
        t.pointee.encode = { bytes, encoding, text in
            text?.pointee = nil
            guard let text, let encoded = TextEncodings.encode(bytesOf(bytes), encoding) else { return SB_ERR_INVALID }
            text.pointee = CBuffer.make(encoded)
            return SB_OK
        }
        t.pointee.decode = { text, encoding, bytes, err, cap in
            bytes?.pointee = nil
            guard let bytes else { return failed(err, cap, SB_ERR_INVALID, "bytes is NULL") }
            switch TextEncodings.decode(bytesOf(text), encoding) {
            case .success(let decoded):
                bytes.pointee = CBuffer.make(decoded)
                return SB_OK
            case .failure(let f): return failed(err, cap, SB_ERR_INVALID, f.message)
            }
        }
        t.pointee.percent_encode = { text, mode, encoded in
            encoded?.pointee = nil
            guard let encoded, mode == SB_PERCENT_COMPONENT || mode == SB_PERCENT_FORM else { return SB_ERR_INVALID }
            encoded.pointee = CBuffer.make(TextEncodings.percentEncode(bytesOf(text), form: mode == SB_PERCENT_FORM))
            return SB_OK
        }
        t.pointee.markdown_render = { markdown, flavour, html in
            html?.pointee = nil
            guard let html else { return SB_ERR_INVALID }
            switch flavour {
            case SB_MARKDOWN_HTML: html.pointee = CBuffer.make(MarkdownHTML.render(textOf(markdown)))
            case SB_MARKDOWN_CHAT_HTML: html.pointee = CBuffer.make(MarkdownHTML.renderChat(textOf(markdown)))
            default: return SB_ERR_INVALID
            }
            return SB_OK
        }
        t.pointee.buffer_free = { buffer in CBuffer.free(buffer) }
    }

    private static func fillFormsAndMultipart(_ t: UnsafeMutablePointer<sb_c_services>) {
        t.pointee.form_parse = { body, doc, err, cap in
            doc?.pointee = nil
            guard let doc else { return failed(err, cap, SB_ERR_INVALID, "doc is NULL") }
            do {
                var object = JSONObject()
                for pair in try FormURLEncoding.decode(bytes: bytesOf(body)) {
                    object[pair.name] = .array((object[pair.name]?.arrayValue ?? []) + [.string(pair.value)])
                }
                doc.pointee = JSONDocument(.object(object)).handle
                return SB_OK
            } catch let e as FormURLEncodingError {
                return failed(err, cap, SB_ERR_INVALID, "field \"\(e.name)\": \(e.message)")
            } catch {
                return failed(err, cap, SB_ERR_INVALID, "malformed form body")
            }
        }
        t.pointee.multipart_new = { MultipartBody().handle }
        t.pointee.multipart_add_field = { m, name, value in
            MultipartBody.from(m)?.parts.append(.init(name: textOf(name), body: bytesOf(value)))
        }
        t.pointee.multipart_add_file = { m, name, filename, contentType, data in
            MultipartBody.from(m)?.parts.append(.init(name: textOf(name), filename: textOf(filename),
                                                     contentType: contentType.len > 0 ? textOf(contentType) : "application/octet-stream",
                                                     body: bytesOf(data)))
        }
        t.pointee.multipart_finish = { m, body, contentType, err, cap in
            body?.pointee = nil
            contentType?.pointee = nil
            guard let m, let multipart = MultipartBody.from(m) else { return failed(err, cap, SB_ERR_INVALID, "body is NULL") }
            defer { MultipartBody.release(m) }
            guard let body, let contentType else { return SB_OK }
            guard !multipart.parts.isEmpty else { return failed(err, cap, SB_ERR_INVALID, "a multipart body needs at least one part") }
            let encoded = MultipartFormData.encode(multipart.parts)
            body.pointee = CBuffer.make(encoded.body)
            contentType.pointee = CBuffer.make(encoded.contentType)
            return SB_OK
        }
    }
}

/// For C test harnesses that stand in for the host (a plugin's `make test`): the same table the
/// host hands out as host->c, from the SwitchboardCServices library.
@_cdecl("sb_c_services_table")
public func sb_c_services_table() -> UnsafeRawPointer { UnsafeRawPointer(CServicesTable.pointer) }
