import SwitchboardDomain
import SwitchboardSupport

/// The pages an unsubscribe link opens. A GET only asks (mail scanners and link previews follow
/// links; they must not unsubscribe anyone); the button POSTs, as RFC 8058's one-click does.
enum UnsubscribePage {
    static func confirm(kind: NotificationKind, token: String) -> HTTPResponse {
        page(title: "Stop these e-mails?", body: """
            <p>You will no longer get e-mail from Switchboard about <strong>\(escape(kind.rawValue))</strong>.
            Notifications in the app and on your devices stay as they are.</p>
            <form method="post" action="/api/v1/notifications/unsubscribe?token=\(escape(token))">
              <input type="hidden" name="List-Unsubscribe" value="One-Click">
              <button type="submit">Unsubscribe</button>
            </form>
            """)
    }

    static func done(kind: NotificationKind) -> HTTPResponse {
        page(title: "Unsubscribed", body: """
            <p>Done: no more e-mail about <strong>\(escape(kind.rawValue))</strong>.
            You can turn it on again in Switchboard under Settings → Notifications.</p>
            """)
    }

    private static func page(title: String, body: String) -> HTTPResponse {
        .text(200, """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Switchboard</title>
            <style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
            button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}</style>
            </head><body><main><h1>\(title)</h1>
            \(body)
            </main></body></html>
            """, contentType: "text/html; charset=utf-8")
    }

    private static func escape(_ text: String) -> String { TextDowngrade.escapeHTML(text) }
}
