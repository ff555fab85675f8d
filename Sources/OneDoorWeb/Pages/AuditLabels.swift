/// The audit log's actions as staff read them. The stored codes stay stable for programs (the
/// API answers them as they are); pages show these.
enum AuditLabels {
    static let labels: [String: String] = [
        "session.signIn": "登录", "session.signInFailed": "登录失败",
        "account.create": "新建账号", "account.update": "修改账号", "account.password": "重置密码", "account.ownPassword": "本人修改密码",
        "item.create": "新建事项", "item.update": "修改事项", "item.publish": "发布事项", "item.suspend": "暂停事项", "catalog.import": "导入事项目录",
        "department.create": "新建部门", "department.update": "修改部门", "hall.create": "新建服务中心", "hall.update": "修改服务中心",
        "window.create": "新建窗口", "window.update": "修改窗口", "window.delete": "撤销窗口", "window.queues": "设置窗口叫号队列",
        "queue.save": "保存排队队列", "calendar.load": "载入节假日安排", "kiosk.register": "登记取号机", "kiosk.revoke": "停用取号机",
        "personalData.bulkRead": "批量查阅个人信息（已暂停）",
    ]

    static func label(_ action: String) -> String { labels[action] ?? action }
}
