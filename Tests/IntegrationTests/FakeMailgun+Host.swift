@_exported import MailgunFake
import SwitchboardSupport

/// The loopback Mailgun (Plugins/Mailgun/Fake) posting to a host these tests started.
extension FakeMailgun {
    func forward(to host: HostProcess, instance: String, mail: [(name: String, value: String)], files: [MultipartFormData.Part] = [],
                 signed: [(name: String, value: String)]? = nil) throws -> Answer {
        try forward(toBaseURL: host.baseURL, instance: instance, mail: mail, files: files, signed: signed)
    }

    func event(to host: HostProcess, instance: String, name: String, messageID: String, severity: String? = nil, reason: String? = nil,
               signed: (timestamp: Int64, token: String)? = nil) throws -> Answer {
        try event(toBaseURL: host.baseURL, instance: instance, name: name, messageID: messageID, severity: severity, reason: reason, signed: signed)
    }
}
