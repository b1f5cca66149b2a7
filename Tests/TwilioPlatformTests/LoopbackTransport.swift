import PluginKit
import SwitchboardSupport
import TwilioPlatform

/// The Twilio client's calls carried by the test process's own HTTP client (in a plugin, the
/// host's), so the client's requests meet the fake exactly as they would meet Twilio.
enum LoopbackTransport {
    static let transport: TwilioClient.Transport = { spec in
        let answer = try HTTPClient.perform(HTTPClientRequest(
            method: spec.method, url: spec.url, headers: spec.headers.map { ($0.name, $0.value) }, body: spec.body,
            timeoutMs: spec.timeoutMs == 0 ? 10_000 : Int(spec.timeoutMs), basicAuth: spec.basicAuth.isEmpty ? nil : spec.basicAuth))
        return HTTPResult(status: answer.status, headers: answer.headers.map { (name: $0.0, value: $0.1) }, body: answer.body)
    }
}
