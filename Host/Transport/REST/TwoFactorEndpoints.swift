import SwitchboardDomain
import SwitchboardSupport

/// Two-factor sign-in: an agent enrols their authenticator app (QR code drawn by the host) and
/// keeps recovery codes; admins decide which roles must, and reset an agent who lost theirs.
struct TwoFactorEndpoints {
    let store: Store

    var routes: [Route] {
        [
            Route(method: "GET", pattern: "/api/v1/me/two-factor", access: .people, handler: status),
            Route(method: "POST", pattern: "/api/v1/me/two-factor/totp", access: .people, handler: beginEnrolment),
            Route(method: "POST", pattern: "/api/v1/me/two-factor/totp/confirm", access: .people, handler: confirmEnrolment),
            Route(method: "POST", pattern: "/api/v1/me/two-factor/recovery-codes", access: .people, handler: regenerateRecoveryCodes),
            Route(method: "DELETE", pattern: "/api/v1/agents/{id}/two-factor", access: .admin, handler: reset),
            Route(method: "GET", pattern: "/api/v1/settings/two-factor", access: .admin, handler: policy),
            Route(method: "PUT", pattern: "/api/v1/settings/two-factor", access: .admin, handler: setPolicy),
        ]
    }

    func status(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try person(r)
        return .json(200, Present.twoFactor(try storeCall { try store.twoFactorStatus(agentID: me.id, role: me.role) }))
    }

    /// A new secret: the otpauth URI, its QR code (SVG) and the secret for typing in by hand.
    func beginEnrolment(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try person(r)
        let enrolment = try domainCall { try store.beginTOTPEnrolment(agentID: me.id) }
        guard let qr = QRCode(enrolment.uri) else { throw APIError(status: 500, code: "internal", message: "the enrolment URI does not fit a QR code") }
        var response = HTTPResponse.json(201, ["secret": .string(Base32.encode(enrolment.secret)), "otpauth_uri": .string(enrolment.uri),
                                               "qr_svg": .string(qr.svg(title: "QR code for your authenticator app")),
                                               "digits": .number(Double(TOTP.digits)), "period": .number(Double(TOTP.stepSeconds))])
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// The first code confirms the enrolment; the answer holds the recovery codes, shown once.
    func confirmEnrolment(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try person(r)
        guard let code = try optionalString(try r.jsonBody(), "code"), !code.isEmpty else { throw .badRequest("code", "is required: the 6 digits your app shows") }
        let codes = try domainCall { try store.confirmTOTPEnrolment(agentID: me.id, code: code) }
        return try recoveryCodes(codes, me)
    }

    func regenerateRecoveryCodes(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let me = try person(r)
        return try recoveryCodes(try domainCall { try store.regenerateRecoveryCodes(agentID: me.id) }, me)
    }

    /// An admin takes an agent's second factor away (lost phone): their sessions end, the audit
    /// trail records it, and the next sign-in enrols again when the policy requires it.
    func reset(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        let id = r.parameter("id")
        let had = try domainCall { try store.resetTwoFactor(agentID: id, actor: r.actor) }
        return .json(200, ["agent_id": .string(id), "had_second_factor": .bool(had)])
    }

    func policy(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        .json(200, Self.presentPolicy(try storeCall { try store.twoFactorPolicy() }))
    }

    /// `{"required_roles": ["admin", "agent"]}`: both is everyone, [] is nobody.
    func setPolicy(_ r: APIRequest) throws(APIError) -> HTTPResponse {
        guard let list = try r.jsonBody()["required_roles"]?.arrayValue else { throw .badRequest("required_roles", "is required: an array of admin and/or agent") }
        var roles = Set<Role>()
        for item in list {
            guard let role = item.stringValue.flatMap(Role.init(rawValue:)), role != .integrator else {
                throw .badRequest("required_roles", "each must be admin or agent")
            }
            roles.insert(role)
        }
        try domainCall { try store.setTwoFactorPolicy(roles, actor: r.actor) }
        return .json(200, Self.presentPolicy(roles))
    }

    // MARK: helpers

    /// The person behind the call: a session or a personal token, never an API key.
    private func person(_ r: APIRequest) throws(APIError) -> Agent {
        guard let id = r.caller?.agentID, let agent = try storeCall({ try store.agent(id: id) }) else {
            throw APIError(status: 403, code: "forbidden", message: "an API key has no second factor: sign in as a person")
        }
        return agent
    }

    private func recoveryCodes(_ codes: [String], _ me: Agent) throws(APIError) -> HTTPResponse {
        let status = try storeCall { try store.twoFactorStatus(agentID: me.id, role: me.role) }
        var response = HTTPResponse.json(200, ["recovery_codes": .array(codes.map(JSON.string)), "two_factor": Present.twoFactor(status)])
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    static func presentPolicy(_ roles: Set<Role>) -> JSON {
        ["required_roles": .array(roles.map(\.rawValue).sorted().map(JSON.string))]
    }
}
