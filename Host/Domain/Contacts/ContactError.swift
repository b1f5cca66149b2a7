/// Why a contact read or change was refused. Nothing was written when one is thrown.
public enum ContactError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No such contact, or the viewer may not see it.
    case notFound(String)
    case invalidField(String, String)
    /// The identity belongs to another contact (named when the viewer may see it): merge the two instead.
    case identityTaken(Identity, owner: String?)
    case identityNotFound(Identity)
    /// A contact keeps at least one identity: it is how messages find it.
    case lastIdentity(Identity)
    case alreadyMerged(String, into: String)
    case mergeIntoSelf(String)

    public var description: String {
        switch self {
        case .notFound(let id): "no contact \(id)"
        case .invalidField(let field, let why): "\(field): \(why)"
        case .identityTaken(let identity, let owner):
            "identity \(identity.kind):\(identity.value) belongs to "
                + (owner.map { "contact \($0); merge that contact into this one instead" } ?? "another contact; merge the two instead")
        case .identityNotFound(let identity): "the contact has no identity \(identity.kind):\(identity.value)"
        case .lastIdentity(let identity): "identity \(identity.kind):\(identity.value) is the contact's last identity; a contact keeps at least one"
        case .alreadyMerged(let id, let into): "contact \(id) was already merged into \(into)"
        case .mergeIntoSelf(let id): "cannot merge contact \(id) into itself"
        }
    }
}

extension ContactError: DomainRefusal {
    public var refusal: Refusal {
        switch self {
        case .notFound, .identityNotFound: .notFound(description)
        case .invalidField(let field, let why): .invalid(field: field, reason: why)
        case .mergeIntoSelf: .invalid(field: "contact_id", reason: description)
        case .identityTaken, .lastIdentity, .alreadyMerged: .conflict(field: nil, reason: description)
        }
    }
}
