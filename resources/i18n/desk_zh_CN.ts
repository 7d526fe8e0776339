<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <source>Manager&apos;s approval</source>
        <translation>经理审批</translation>
    </message>
    <message>
        <source>Manager&apos;s approval (only past the discount limit)</source>
        <translation>经理审批（仅在折扣超出权限时需要）</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a staff account</source>
        <translation>添加员工账号</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>AdminScreen</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Document clauses</source>
        <translation>单据条款</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Deactivate / activate</source>
        <translation>停用 / 启用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解除锁定</translation>
    </message>
    <message>
        <source>Lift a lockout after too many wrong passwords before it ends</source>
        <translation>在锁定到期前解除因密码错误过多造成的锁定</translation>
    </message>
    <message>
        <source>, locked until %1</source>
        <translation>，锁定至 %1</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>New password for %1:</source>
        <translation>%1 的新密码：</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Seller (developer)</source>
        <translation>出卖人（开发企业）</translation>
    </message>
    <message>
        <source>Presale permit no.</source>
        <translation>预售许可证号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>项目地址</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>One clause per line. Fields in braces are filled in when printing: {total} {total_upper} {deposit} {deposit_upper} {sign_by} {buyer} {unit} {gross_area} {unit_price} {project} {seller} {permit}</source>
        <translation>每行一条。花括号中的字段在打印时自动填写：{total} {total_upper} {deposit} {deposit_upper} {sign_by} {buyer} {unit} {gross_area} {unit_price} {project} {seller} {permit}</translation>
    </message>
    <message>
        <source>Subscription agreement</source>
        <translation>认购书</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Save clauses</source>
        <translation>保存条款</translation>
    </message>
</context>
<context>
    <name>ApprovalBox</name>
    <message>
        <source>Manager&apos;s login</source>
        <translation>经理登录名</translation>
    </message>
    <message>
        <source>Manager&apos;s password</source>
        <translation>经理密码</translation>
    </message>
    <message>
        <source>Ask the manager</source>
        <translation>请经理审批</translation>
    </message>
    <message>
        <source>Send the request to the sales manager&apos;s screen, on any PC, and wait for the answer here</source>
        <translation>把审批请求发到销售经理的屏幕（任一台电脑），在此等候答复</translation>
    </message>
    <message>
        <source>Or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>Sending the request…</source>
        <translation>正在发送审批请求…</translation>
    </message>
    <message>
        <source>Waiting for the manager&apos;s answer…</source>
        <translation>正在等候经理答复…</translation>
    </message>
    <message>
        <source>Approved by %1.</source>
        <translation>%1 已批准。</translation>
    </message>
    <message>
        <source>Refused by %1: %2</source>
        <translation>%1 未批准：%2</translation>
    </message>
    <message>
        <source>The request was withdrawn.</source>
        <translation>审批请求已撤回。</translation>
    </message>
</context>
<context>
    <name>ApprovalsBadge</name>
    <message>
        <source>%1 to approve</source>
        <translation>%1 项待审批</translation>
    </message>
    <message>
        <source>New request from %1: %2 of %3</source>
        <translation>%1 发来新的审批请求：%3 %2</translation>
    </message>
</context>
<context>
    <name>ApprovalsScreen</name>
    <message>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Requests from the sales desk, oldest first. The one who asked sees your answer at once and goes ahead.</source>
        <translation>销售台发来的审批请求，按时间先后排列。您答复后，申请人立即看到并继续办理。</translation>
    </message>
    <message>
        <source>Asked at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买受人</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Nothing waits for your approval.</source>
        <translation>没有待您审批的请求。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>不批准…</translation>
    </message>
    <message>
        <source>%1 instead of %2 (%3 off); buyer&apos;s mobile %4</source>
        <translation>成交价 %1（原价 %2，折扣 %3）；买受人手机 %4</translation>
    </message>
    <message>
        <source>To %1 at %2. Reason: %3</source>
        <translation>换至 %1，成交价 %2。原因：%3</translation>
    </message>
    <message>
        <source>To the buyer with mobile %1. Reason: %2</source>
        <translation>更名为手机 %1 的买受人。原因：%2</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Refuse: %1 %2</source>
        <translation>不批准：%1 %2</translation>
    </message>
    <message>
        <source>%1 reads your reason.</source>
        <translation>%1 会看到您填写的原因。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不批准</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>PC</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>全部操作</translation>
    </message>
    <message>
        <source>Text in the values, a name (a unit, an account, a customer), a PC</source>
        <translation>内容中的文字、名称（房源、账号、客户）或电脑名</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <source>(erased)</source>
        <translation>（已抹去）</translation>
    </message>
    <message>
        <source>Only the newest %1 entries are shown; narrow the filters to see older ones.</source>
        <translation>只显示最新的 %1 条；缩小筛选范围可查看更早的记录。</translation>
    </message>
    <message>
        <source>No entry matches.</source>
        <translation>没有符合条件的记录。</translation>
    </message>
</context>
<context>
    <name>CommissionScreen</name>
    <message>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>All reps</source>
        <translation>全部顾问</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Adjust…</source>
        <translation>调整…</translation>
    </message>
    <message>
        <source>Confirm month…</source>
        <translation>确认本月…</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>成交编号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Deal amount</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>份额</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>分配规则</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Confirmed by %1 on %2: locked. A change is written as a reversal and new lines in the current month.</source>
        <translation>已由 %1 于 %2 确认，已锁定。之后的更改以冲销和新明细记入当月。</translation>
    </message>
    <message>
        <source>Not confirmed: the figures follow the deals and the rules until the manager confirms the month.</source>
        <translation>未确认：经理确认本月之前，金额随成交和分配规则变化。</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>not confirmed</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <source>Confirm %1…</source>
        <translation>确认 %1…</translation>
    </message>
    <message>
        <source>Share (%)</source>
        <translation>份额（%）</translation>
    </message>
    <message>
        <source>0 to 100</source>
        <translation>0 到 100</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>The rep&apos;s share of the deal becomes the given percent; the deal&apos;s other reps share the rest in their proportions.</source>
        <translation>该顾问在这笔成交中的份额改为所填百分比，其余份额由其他顾问按原比例分配。</translation>
    </message>
    <message>
        <source>Adjust commission</source>
        <translation>调整佣金</translation>
    </message>
    <message>
        <source>Confirm month</source>
        <translation>确认月份</translation>
    </message>
    <message>
        <source>Confirm the commission of %1? The month is locked: a later change is written as a reversal and new lines.</source>
        <translation>确认 %1 的佣金？确认后该月锁定，之后的更改以冲销和新明细记录。</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>Show full phone and ID (logged)</source>
        <translation>显示完整手机号和证件号（将被记录）</translation>
    </message>
    <message>
        <source>Erase on request…</source>
        <translation>应要求删除…</translation>
    </message>
    <message>
        <source>Plan a follow-up…</source>
        <translation>计划回访…</translation>
    </message>
    <message>
        <source>Print the registration form…</source>
        <translation>打印客户登记表…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来访渠道</translation>
    </message>
    <message>
        <source>Wants</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>归属顾问</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>同意保存信息</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>来访</translation>
    </message>
    <message>
        <source>call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>first</source>
        <translation>初访</translation>
    </message>
    <message>
        <source>return</source>
        <translation>再访</translation>
    </message>
    <message>
        <source>Plan a follow-up</source>
        <translation>计划回访</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>What for</source>
        <translation>回访目的</translation>
    </message>
    <message>
        <source>Erase the customer&apos;s data</source>
        <translation>删除客户信息</translation>
    </message>
    <message>
        <source>The personal fields are erased for good; the visits stay in the statistics without them.</source>
        <translation>个人信息将被永久删除；来访记录去除个人信息后保留在统计中。</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>DailyBackup</name>
    <message>
        <source>The daily backup failed: %1</source>
        <translation>今天的自动备份失败：%1</translation>
    </message>
</context>
<context>
    <name>DealsScreen</name>
    <message>
        <source>Deals</source>
        <translation>认购/合同</translation>
    </message>
    <message>
        <source>Active only</source>
        <translation>只看有效</translation>
    </message>
    <message>
        <source>Open the unit…</source>
        <translation>打开房源…</translation>
    </message>
    <message>
        <source>subscription</source>
        <translation>认购</translation>
    </message>
    <message>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买受人</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>总价</translation>
    </message>
    <message>
        <source>Deposit</source>
        <translation>定金</translation>
    </message>
    <message>
        <source>Sign by</source>
        <translation>签约期限</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同号</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import price list</source>
        <translation>导入价目表</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Floors</source>
        <translation>楼层</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>套数</translation>
    </message>
    <message>
        <source>Most on a floor</source>
        <translation>每层最多</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>单元/座</translation>
    </message>
    <message>
        <source>What the import would do</source>
        <translation>导入后的结果</translation>
    </message>
    <message>
        <source>Rows to look at</source>
        <translation>需要查看的行</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 building(s), %2 floors in all</source>
        <translation>共 %1 栋楼，%2 个楼层</translation>
    </message>
    <message>
        <source>%1 rows read, %2 units to import</source>
        <translation>读取 %1 行，可导入 %2 套</translation>
    </message>
    <message>
        <source>; building and floor read from the unit code</source>
        <translation>；楼栋和楼层取自房号</translation>
    </message>
    <message>
        <source>Statuses: %1</source>
        <translation>销售状态：%1</translation>
    </message>
    <message>
        <source>Against this project: %1 new, %2 repriced, %3 unchanged, %4 already claimed (left as they are)</source>
        <translation>与本项目现有房源相比：新增 %1 套，调价 %2 套，未变 %3 套，已被占用（不改动）%4 套</translation>
    </message>
    <message>
        <source>%1 error(s) block the import; %2 notice(s): imported as shown.</source>
        <translation>%1 处错误，有错误时不能导入；%2 条提示：按所示导入。</translation>
    </message>
    <message>
        <source>No errors; %1 notice(s): imported as shown.</source>
        <translation>没有错误；%1 条提示：按所示导入。</translation>
    </message>
    <message>
        <source>No errors, nothing to note.</source>
        <translation>没有错误，也没有需要提示的内容。</translation>
    </message>
    <message>
        <source>%1 records ran across lines and were rebuilt: check them below.</source>
        <translation>%1 条记录跨行错位，已逐条重建：请在下表中核对。</translation>
    </message>
    <message>
        <source>The first %1 errors are listed.</source>
        <translation>下表列出前 %1 处错误。</translation>
    </message>
    <message>
        <source>Imported: %1</source>
        <translation>导入完成：%1</translation>
    </message>
    <message>
        <source>A needed column is missing: choose it above, or fix the file.</source>
        <translation>缺少必需的列：请在上方选择，或修改文件。</translation>
    </message>
    <message>
        <source>1 bad row: fix the file and preview again.</source>
        <translation>1 行有错：请修改文件后重新预览。</translation>
    </message>
    <message>
        <source>%1 bad rows: fix the file and preview again.</source>
        <translation>%1 行有错：请修改文件后重新预览。</translation>
    </message>
    <message>
        <source>No units: there is nothing to import.</source>
        <translation>没有房源：没有可导入的内容。</translation>
    </message>
    <message>
        <source>%1 units are ready to import.</source>
        <translation>可以导入 %1 套房源。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Reading the file again…</source>
        <translation>正在重新读取文件…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Showroom Desk — log in</source>
        <translation>售楼处前台 — 登录</translation>
    </message>
    <message>
        <source>Showroom Desk</source>
        <translation>售楼处前台</translation>
    </message>
    <message>
        <source>The screen is locked. Log in to go on, or as another user to switch.</source>
        <translation>屏幕已锁定。登录后继续使用，或用其他账号登录以切换用户。</translation>
    </message>
    <message>
        <source>Log in with your staff account.</source>
        <translation>请用员工账号登录。</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showroom Desk</source>
        <translation>售楼处前台</translation>
    </message>
    <message>
        <source>&amp;Desk</source>
        <translation>工作台(&amp;D)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>切换用户…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close Showroom Desk? Anything not yet saved is lost.</source>
        <translation>关闭售楼处前台？尚未保存的内容将丢失。</translation>
    </message>
</context>
<context>
    <name>PaymentsScreen</name>
    <message>
        <source>Payments</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>Record payment…</source>
        <translation>登记收款…</translation>
    </message>
    <message>
        <source>Print receipt…</source>
        <translation>打印收据…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买受人</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>款项</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>未付</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>收款方式</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Due this week</source>
        <translation>本周到期</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>%1 (by %2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <source>%1: collected %2 of the %3 due (%4), refunded %5</source>
        <translation>%1：计划回款 %3，已回款 %2（%4），退款 %5</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Date received</source>
        <translation>收款日期</translation>
    </message>
    <message>
        <source>Record payment</source>
        <translation>登记收款</translation>
    </message>
    <message>
        <source>Record and print receipt</source>
        <translation>登记并打印收据</translation>
    </message>
    <message>
        <source>Cannot void</source>
        <translation>不能作废</translation>
    </message>
    <message>
        <source>the refund</source>
        <translation>该笔退款</translation>
    </message>
    <message>
        <source>Void %1 of %2 on unit %3? It keeps its number, marked void, and no longer counts.</source>
        <translation>作废房源 %3 的 %1（%2）？它保留编号并标为作废，不再计入任何金额。</translation>
    </message>
    <message>
        <source>Void payment</source>
        <translation>作废收款</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
</context>
<context>
    <name>PaymentsTab</name>
    <message>
        <source>Item</source>
        <translation>款项</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Unpaid</source>
        <translation>未付</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>收据号</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>No subscription or contract on this unit.</source>
        <translation>该房源没有认购或合同。</translation>
    </message>
    <message>
        <source>Cancelled: received %1, still to refund %2</source>
        <translation>已退订：已收 %1，仍需退还 %2</translation>
    </message>
    <message>
        <source>Due %1, received %2, balance %3</source>
        <translation>应收 %1，已收 %2，未付余额 %3</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Copy %1, recorded in the print log</source>
        <translation>第 %1 份，已记入打印记录</translation>
    </message>
    <message>
        <source>Copy %1 when printed</source>
        <translation>打印后为第 %1 份</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>区间</translation>
    </message>
</context>
<context>
    <name>QueueBoard</name>
    <message>
        <source>Reception order</source>
        <translation>接待顺序</translation>
    </message>
    <message>
        <source>Next to receive</source>
        <translation>下一位接待</translation>
    </message>
    <message>
        <source>Waiting, in order</source>
        <translation>候客顺序</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>接待中</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>暂离</translation>
    </message>
    <message>
        <source>Visitors waiting</source>
        <translation>等候的客人</translation>
    </message>
    <message>
        <source>Hall board</source>
        <translation>大厅屏</translation>
    </message>
    <message>
        <source>Show on screen</source>
        <translation>显示在屏幕</translation>
    </message>
    <message>
        <source>Show on another screen…</source>
        <translation>显示到另一块屏幕…</translation>
    </message>
    <message>
        <source>Close  (Esc)</source>
        <translation>关闭  (Esc)</translation>
    </message>
    <message>
        <source>Next to be received</source>
        <translation>下一位等候的客人</translation>
    </message>
    <message>
        <source>No. %1</source>
        <translation>%1 号</translation>
    </message>
    <message>
        <source>— please wait —</source>
        <translation>—— 请稍候 ——</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>No. %1 · %2 min · %3</source>
        <translation>%1 号 · %2 分钟 · %3</translation>
    </message>
</context>
<context>
    <name>ReceptionScreen</name>
    <message>
        <source>Reception</source>
        <translation>接待</translation>
    </message>
    <message>
        <source>New walk-in  (F2)</source>
        <translation>新客户来访  (F2)</translation>
    </message>
    <message>
        <source>note, if they wait</source>
        <translation>备注（客人需等候时）</translation>
    </message>
    <message>
        <source>Returning customer…  (F3)</source>
        <translation>老客户来访…  (F3)</translation>
    </message>
    <message>
        <source>Assign to…</source>
        <translation>指定接待…</translation>
    </message>
    <message>
        <source>Undo  (Ctrl+Z)</source>
        <translation>撤销  (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>轮排顺序</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>位次</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>For</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Forfeited</source>
        <translation>轮空</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Away…</source>
        <translation>暂离…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>回到大厅</translation>
    </message>
    <message>
        <source>End reception</source>
        <translation>结束接待</translation>
    </message>
    <message>
        <source>Press &apos;New walk-in&apos; when a visitor arrives.</source>
        <translation>客户到访时按“新客户来访”。</translation>
    </message>
    <message>
        <source>Not a customer</source>
        <translation>无效接待</translation>
    </message>
    <message>
        <source>Gone for the day</source>
        <translation>下班离开</translation>
    </message>
    <message>
        <source>Open receptions</source>
        <translation>进行中的接待</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>到访</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>登记表</translation>
    </message>
    <message>
        <source>to fill</source>
        <translation>待填写</translation>
    </message>
    <message>
        <source>Fill the registration form…</source>
        <translation>填写客户登记表…</translation>
    </message>
    <message>
        <source>Replay the day…</source>
        <translation>回放今日…</translation>
    </message>
    <message>
        <source>Hall board…</source>
        <translation>大厅屏…</translation>
    </message>
    <message>
        <source>Waiting visitors</source>
        <translation>等候的客人</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>等候号</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>已等</translation>
    </message>
    <message>
        <source>About</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>客人/备注</translation>
    </message>
    <message>
        <source>Visitor left</source>
        <translation>客人已离开</translation>
    </message>
    <message>
        <source>%1 waiting: the next rep free receives number %2.</source>
        <translation>%1 位客人在等候：下一位空出的置业顾问接待 %2 号。</translation>
    </message>
    <message>
        <source>Undo: %1</source>
        <translation>撤销：%1</translation>
    </message>
    <message>
        <source>Please receive: %1 (arrived %2)</source>
        <translation>请 %1 接待（%2 到访）</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Replay of the day</source>
        <translation>今日回放</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Order after it</source>
        <translation>之后的顺序</translation>
    </message>
</context>
<context>
    <name>ReportTableView</name>
    <message>
        <source>(no data)</source>
        <translation>（无数据）</translation>
    </message>
</context>
<context>
    <name>ReportsScreen</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>All reps</source>
        <translation>全部顾问</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Weekly pack…</source>
        <translation>周例会资料…</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>上一期</translation>
    </message>
    <message>
        <source>Next period</source>
        <translation>下一期</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>The period that holds today</source>
        <translation>含今天的时段</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Export Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>PDF file (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Weekly pack</source>
        <translation>周例会资料</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>置业顾问</translation>
    </message>
</context>
<context>
    <name>ReturningDialog</name>
    <message>
        <source>Returning customer</source>
        <translation>老客户来访</translation>
    </message>
    <message>
        <source>mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Not found: will be received as a new customer.</source>
        <translation>未找到：将按新客户接待。</translation>
    </message>
    <message>
        <source>%1, owned by %2 until %3</source>
        <translation>%1，归属 %2，至 %3</translation>
    </message>
    <message>
        <source>%1, no current owner</source>
        <translation>%1，目前没有归属</translation>
    </message>
</context>
<context>
    <name>SalesScreen</name>
    <message>
        <source>Sales control</source>
        <translation>销控</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>min ㎡</source>
        <translation>最小 ㎡</translation>
    </message>
    <message>
        <source>max ㎡</source>
        <translation>最大 ㎡</translation>
    </message>
    <message>
        <source>min 万</source>
        <translation>最低 万</translation>
    </message>
    <message>
        <source>max 万</source>
        <translation>最高 万</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>总价</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Show or hide the totals beside the grid</source>
        <translation>显示或隐藏销控表旁的统计</translation>
    </message>
    <message>
        <source>Unit code, e.g. 1-1502</source>
        <translation>房号，如 1-1502</translation>
    </message>
    <message>
        <source>Import price list…</source>
        <translation>导入价目表…</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>All layouts</source>
        <translation>全部户型</translation>
    </message>
    <message>
        <source>Price lists (*.xlsx *.csv)</source>
        <translation>价目表 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>套数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>%1 units in the project</source>
        <translation>本项目共 %1 套</translation>
    </message>
    <message>
        <source>Your holds run out soon: %1 — extend them or they are released.</source>
        <translation>您的预留即将到期：%1 —— 请及时延期，否则将自动释放。</translation>
    </message>
    <message>
        <source>No unit %1.</source>
        <translation>没有房号 %1。</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Import price list</source>
        <translation>导入价目表</translation>
    </message>
</context>
<context>
    <name>ScanBox</name>
    <message>
        <source>Slip code…</source>
        <translation>预留单码…</translation>
    </message>
    <message>
        <source>Scan a reservation slip&apos;s QR code, or type the code printed under it and press Enter</source>
        <translation>扫描预留单上的二维码，或输入二维码下方印的单据码后按回车</translation>
    </message>
</context>
<context>
    <name>ServerBanner</name>
    <message>
        <source>Cannot reach the database server; retrying… What you typed is kept: save it again once the connection is back.</source>
        <translation>无法连接数据库服务器，正在重试… 您输入的内容都保留着，恢复后请再保存一次。</translation>
    </message>
    <message>
        <source>This PC&apos;s clock differs from the server&apos;s by %1 min: every time follows the server; please set this PC&apos;s clock.</source>
        <translation>这台电脑的时钟与服务器相差 %1 分钟：所有时间以服务器为准；请校准这台电脑的时间。</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Showroom Desk — first set-up</source>
        <translation>售楼处前台 — 首次设置</translation>
    </message>
    <message>
        <source>The database is empty. Create the administrator&apos;s account and enter the project being sold; everything else can be set later.</source>
        <translation>数据库是空的。请创建管理员账号并填写在售项目，其余内容可以以后再设置。</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Seller (developer)</source>
        <translation>出卖人（开发企业）</translation>
    </message>
    <message>
        <source>Presale permit no.</source>
        <translation>预售许可证号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>项目地址</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Customer-data key</source>
        <translation>客户数据密钥</translation>
    </message>
    <message>
        <source>A new key for customers&apos; ID numbers was made: %1. Copy this file to every other PC of the showroom and keep a copy safe: without it the ID numbers cannot be read.</source>
        <translation>已创建加密客户证件号的新密钥：%1。请把这个文件复制到售楼处的其他每台电脑，并妥善保管一份副本：没有它就无法读取证件号。</translation>
    </message>
</context>
<context>
    <name>SlipScanner</name>
    <message>
        <source>Reservation slip</source>
        <translation>预留单</translation>
    </message>
</context>
<context>
    <name>TargetsScreen</name>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Amounts in yuan; a blank cell has no target. Beside each target: the month&apos;s figure so far against the saved target.</source>
        <translation>金额单位为元；留空即不设目标。每项目标右侧为本月至今的完成数及其占已保存目标的比例。</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Signed target</source>
        <translation>签约目标</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签约</translation>
    </message>
    <message>
        <source>Units target</source>
        <translation>套数目标</translation>
    </message>
    <message>
        <source>Units signed</source>
        <translation>已签套数</translation>
    </message>
    <message>
        <source>Collection target</source>
        <translation>回款目标</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>已回款</translation>
    </message>
    <message>
        <source>Save targets</source>
        <translation>保存目标</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Unsaved targets</source>
        <translation>目标未保存</translation>
    </message>
    <message>
        <source>The targets of %1 have unsaved changes. Save, discard or cancel?</source>
        <translation>%1 的目标有未保存的修改。保存、放弃还是取消？</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>没有改动。</translation>
    </message>
</context>
<context>
    <name>UnitDialog</name>
    <message>
        <source>History</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>system</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>Unit code</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Building / entrance</source>
        <translation>楼栋 / 单元</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>楼层</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>户型</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>朝向</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Gross area</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <source>Inner area</source>
        <translation>套内面积</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>List price</source>
        <translation>总价</translation>
    </message>
    <message>
        <source>Floor price</source>
        <translation>底价</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Entered by</source>
        <translation>录入人</translation>
    </message>
    <message>
        <source>Held until</source>
        <translation>预留至</translation>
    </message>
    <message>
        <source>Frozen price</source>
        <translation>锁定价格</translation>
    </message>
    <message>
        <source>Agreed price</source>
        <translation>成交价</translation>
    </message>
    <message>
        <source>Contract no.</source>
        <translation>合同号</translation>
    </message>
    <message>
        <source>%1 changed meanwhile and is now %2: this can no longer be done. Close this form.</source>
        <translation>%1 已在别处变更，现为“%2”：此操作已不能办理，请关闭本表单。</translation>
    </message>
    <message>
        <source>Hold…</source>
        <translation>预留…</translation>
    </message>
    <message>
        <source>Subscribe…</source>
        <translation>认购…</translation>
    </message>
    <message>
        <source>Withhold from sale…</source>
        <translation>下架…</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>延期…</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>释放…</translation>
    </message>
    <message>
        <source>Sign contract…</source>
        <translation>签约…</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>退订…</translation>
    </message>
    <message>
        <source>Change unit…</source>
        <translation>换房…</translation>
    </message>
    <message>
        <source>Rename buyer…</source>
        <translation>更名…</translation>
    </message>
    <message>
        <source>Put back on sale…</source>
        <translation>重新上架…</translation>
    </message>
    <message>
        <source>Print slip…</source>
        <translation>打印预留单…</translation>
    </message>
    <message>
        <source>Print agreement…</source>
        <translation>打印认购书…</translation>
    </message>
    <message>
        <source>Print contract…</source>
        <translation>打印合同…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation>— 请选择 —</translation>
    </message>
    <message>
        <source>Hold %1</source>
        <translation>预留 %1</translation>
    </message>
    <message>
        <source>The price is frozen while the unit is held; the hold runs out by itself.</source>
        <translation>预留期间价格锁定；到期自动释放。</translation>
    </message>
    <message>
        <source>Customer&apos;s mobile</source>
        <translation>客户手机号</translation>
    </message>
    <message>
        <source>Customer&apos;s name</source>
        <translation>客户姓名</translation>
    </message>
    <message>
        <source>needed for a new customer</source>
        <translation>新客户必填</translation>
    </message>
    <message>
        <source>Minutes</source>
        <translation>分钟数</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>Extend the hold on %1</source>
        <translation>%1 预留延期</translation>
    </message>
    <message>
        <source>Minutes from now</source>
        <translation>从现在起的分钟数</translation>
    </message>
    <message>
        <source>Release %1</source>
        <translation>释放 %1</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <source>Subscription for %1</source>
        <translation>%1 认购</translation>
    </message>
    <message>
        <source>The agreed price may not be below the floor price; a discount past the limit needs a manager.</source>
        <translation>成交价不得低于底价；折扣超出权限须经理审批。</translation>
    </message>
    <message>
        <source>Agreed total price (¥)</source>
        <translation>成交总价（元）</translation>
    </message>
    <message>
        <source>Deposit (¥)</source>
        <translation>定金（元）</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Buyer&apos;s ID number</source>
        <translation>买受人身份证号</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18 位</translation>
    </message>
    <message>
        <source>Sign by</source>
        <translation>签约期限</translation>
    </message>
    <message>
        <source>Subscribe</source>
        <translation>认购</translation>
    </message>
    <message>
        <source>Sign the contract for %1</source>
        <translation>%1 签约</translation>
    </message>
    <message>
        <source>The contract takes the next number of this project and year.</source>
        <translation>合同将使用本项目本年度的下一个合同号。</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签约</translation>
    </message>
    <message>
        <source>Cancel the deal on %1</source>
        <translation>退订 %1</translation>
    </message>
    <message>
        <source>The unit goes back on sale. A manager approves.</source>
        <translation>房源将重新可售，须经理审批。</translation>
    </message>
    <message>
        <source>Change unit for %1</source>
        <translation>%1 换房</translation>
    </message>
    <message>
        <source>The subscription and its deposit move to another available unit.</source>
        <translation>认购及定金转到另一套可售房源。</translation>
    </message>
    <message>
        <source>New unit code</source>
        <translation>新房号</translation>
    </message>
    <message>
        <source>empty: the new unit&apos;s list price</source>
        <translation>不填则按新房源总价</translation>
    </message>
    <message>
        <source>Rename the buyer of %1</source>
        <translation>%1 更名</translation>
    </message>
    <message>
        <source>New buyer&apos;s mobile</source>
        <translation>新买受人手机号</translation>
    </message>
    <message>
        <source>New buyer&apos;s name</source>
        <translation>新买受人姓名</translation>
    </message>
    <message>
        <source>Withhold %1 from sale</source>
        <translation>%1 下架（不可售）</translation>
    </message>
    <message>
        <source>Put %1 back on sale</source>
        <translation>%1 重新上架</translation>
    </message>
</context>
<context>
    <name>VisitorForm</name>
    <message>
        <source>Visit</source>
        <translation>来访</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>接待</translation>
    </message>
    <message>
        <source>11-digit mobile</source>
        <translation>11 位手机号</translation>
    </message>
    <message>
        <source>First visit</source>
        <translation>初访</translation>
    </message>
    <message>
        <source>Return visit</source>
        <translation>再访</translation>
    </message>
    <message>
        <source>agency&apos;s referral code</source>
        <translation>中介报备编号</translation>
    </message>
    <message>
        <source>e.g. 3 rooms</source>
        <translation>如 3 室</translation>
    </message>
    <message>
        <source>e.g. 90–120 ㎡</source>
        <translation>如 90–120 ㎡</translation>
    </message>
    <message>
        <source>e.g. 300 万</source>
        <translation>如 300 万</translation>
    </message>
    <message>
        <source>optional, 18 characters</source>
        <translation>选填，18 位</translation>
    </message>
    <message>
        <source>%1 of 5</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <source>The customer agrees that the showroom keeps these details</source>
        <translation>客户同意售楼处保存以上信息</translation>
    </message>
    <message>
        <source>Mobile *</source>
        <translation>手机号 *</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>姓名 *</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>First / return *</source>
        <translation>初访 / 再访 *</translation>
    </message>
    <message>
        <source>Source *</source>
        <translation>来访渠道 *</translation>
    </message>
    <message>
        <source>Referral code</source>
        <translation>报备编号</translation>
    </message>
    <message>
        <source>Intent *</source>
        <translation>意向等级 *</translation>
    </message>
    <message>
        <source>Sales rep *</source>
        <translation>接待顾问 *</translation>
    </message>
    <message>
        <source>Wanted layout</source>
        <translation>意向户型</translation>
    </message>
    <message>
        <source>Wanted area</source>
        <translation>意向面积</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>置业目的</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Save  (Ctrl+S)</source>
        <translation>保存  (Ctrl+S)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>none (registered later)</source>
        <translation>无（稍后补登）</translation>
    </message>
    <message>
        <source>This registration will be linked to the reception of %1</source>
        <translation>此登记将关联 %1 的接待</translation>
    </message>
    <message>
        <source>New customer.</source>
        <translation>新客户。</translation>
    </message>
    <message>
        <source>owned by %1</source>
        <translation>归属 %1</translation>
    </message>
    <message>
        <source>no current owner</source>
        <translation>目前无归属</translation>
    </message>
    <message>
        <source>Returning customer %1: %2 visit(s), last %3, %4</source>
        <translation>老客户 %1：来访 %2 次，最近 %3，%4</translation>
    </message>
    <message>
        <source>Agreed on %1</source>
        <translation>已于 %1 同意</translation>
    </message>
    <message>
        <source>The consent text has changed: ask again.</source>
        <translation>同意条款已更改，请重新征得客户同意。</translation>
    </message>
    <message>
        <source>Saved: %1 visit, owner %2.</source>
        <translation>已保存：%1，归属 %2。</translation>
    </message>
    <message>
        <source>return</source>
        <translation>再访</translation>
    </message>
    <message>
        <source>first</source>
        <translation>初访</translation>
    </message>
</context>
<context>
    <name>VisitorsScreen</name>
    <message>
        <source>Visitors</source>
        <translation>来访登记</translation>
    </message>
    <message>
        <source>Registration form</source>
        <translation>客户登记表</translation>
    </message>
    <message>
        <source>Print a blank form…</source>
        <translation>打印空白登记表…</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Complaints and suggestions</source>
        <translation>投诉与建议</translation>
    </message>
    <message>
        <source>phone, name or pinyin initials (e.g. zs)</source>
        <translation>手机号、姓名或拼音首字母（如 zs）</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近 30 天</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Intent</source>
        <translation>意向</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来访渠道</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>归属顾问</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近来访</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>来访次数</translation>
    </message>
    <message>
        <source>Export to Excel</source>
        <translation>导出 Excel</translation>
    </message>
    <message>
        <source>Export full phone numbers? (This is logged.)</source>
        <translation>导出完整手机号吗？（将被记录）</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>应回访日</translation>
    </message>
    <message>
        <source>Overdue (days)</source>
        <translation>逾期（天）</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>置业顾问</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>What for</source>
        <translation>回访目的</translation>
    </message>
    <message>
        <source>Record the outcome…</source>
        <translation>记录结果…</translation>
    </message>
    <message>
        <source>Today&apos;s and overdue follow-ups</source>
        <translation>今日及逾期回访</translation>
    </message>
    <message>
        <source>Outcome of the follow-up</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Rep concerned</source>
        <translation>涉及顾问</translation>
    </message>
    <message>
        <source>Respond by</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>首次答复</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>处理完毕</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Register…</source>
        <translation>登记…</translation>
    </message>
    <message>
        <source>Respond…</source>
        <translation>答复…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>处理完毕…</translation>
    </message>
    <message>
        <source>Register a complaint or suggestion</source>
        <translation>登记投诉或建议</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Customer&apos;s mobile (if registered)</source>
        <translation>客户手机号（已登记时）</translation>
    </message>
    <message>
        <source>Handled by</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Respond</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处理完毕</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Customer&apos;s satisfaction</source>
        <translation>客户满意度</translation>
    </message>
    <message>
        <source>All reps</source>
        <translation>全部顾问</translation>
    </message>
    <message>
        <source>All grades</source>
        <translation>全部意向</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>全部渠道</translation>
    </message>
</context>
<context>
    <name>feedback</name>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
</context>
</TS>
