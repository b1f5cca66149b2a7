import CShims

/// Where and how the host sends notification mail: an SMTP server through libcurl.
public struct SMTPServer: Sendable, Equatable {
    /// smtp://host:port (STARTTLS when `starttls`) or smtps://host:port (TLS from the start).
    public var url: String
    public var starttls: Bool
    public var username: String?
    public var password: String?

    public init(url: String, starttls: Bool, username: String? = nil, password: String? = nil) {
        self.url = url
        self.starttls = starttls
        self.username = username
        self.password = password
    }
}

/// Hands one mail to an SMTP server (libcurl's SMTP: EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA).
public enum SMTPClient {
    /// Throws with libcurl's reason when the server did not accept the mail.
    public static func send(_ message: String, from: String, to recipients: [String], via server: SMTPServer,
                            timeoutMs: Int = 30_000) throws(HTTPClientError) {
        var errorBuffer = [CChar](repeating: 0, count: 256)
        let bytes = Array(message.utf8)
        let code: Int32 = withCStrings(recipients.map { "<\($0)>" }) { pointers in
            pointers.withUnsafeBufferPointer { list in
                bytes.withUnsafeBufferPointer { body in
                    server.url.withCString { url in
                        "<\(from)>".withCString { sender in
                            withOptionalCString(server.username) { user in
                                withOptionalCString(server.password) { password in
                                    var mail = sbc_mail()
                                    mail.url = url
                                    mail.starttls = server.starttls ? 1 : 0
                                    mail.username = user
                                    mail.password = password
                                    mail.from = sender
                                    mail.recipients = list.baseAddress
                                    mail.recipient_count = list.count
                                    mail.message = body.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
                                    mail.message_len = body.count
                                    mail.timeout_ms = timeoutMs
                                    return sbc_smtp_send(&mail, &errorBuffer, errorBuffer.count)
                                }
                            }
                        }
                    }
                }
            }
        }
        guard code == SBC_OK else { throw HTTPClient.failure(code, errorBuffer) }
    }
}
