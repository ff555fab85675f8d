extension Migration {
    /// 我的消息: a citizen reads what was sent to their phone and e-mail address, newest first.
    static let m0015OutboxRecipients = Migration(id: 15, name: "outbox recipients") { _ in
        ["CREATE INDEX outbox_recipient ON outbox (recipient, id)"]
    }
}
