import PluginKit

/// What a mail channel (email, Amazon) forgets when the host erases a customer or retention
/// removes their conversations (ABI 1.3 "contact.erased"): the threads of those conversations and
/// side conversations, so later mail to them starts afresh, and the files behind their attachment
/// links that the instance keeps itself.
public enum MailErasure {
    public static func forget(_ notice: ErasureNotice, threads: ThreadIndex, files: AttachmentStore, routePrefix: String) throws {
        try threads.forget(notice.conversationIDs.map(ThreadTarget.conversation) + notice.sideConversationIDs.map(ThreadTarget.side))
        try files.forget(urls: notice.attachmentURLs, routePrefix: routePrefix)
    }
}
