<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>AdminKeysScreen</name>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="140"/>
        <source>签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="144"/>
        <source>证书上的二维码由本工作站的签章密钥签名。私钥用口令加密保存在本机，从不离开本机；其他工作站导入本机的公钥后，即可离线核验本机打印的证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="150"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="161"/>
        <source>本工作站签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="167"/>
        <location filename="../../app/ui/admin_keys.py" line="174"/>
        <source>密钥编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="168"/>
        <location filename="../../app/ui/admin_keys.py" line="175"/>
        <source>公钥指纹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="169"/>
        <source>私钥文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="170"/>
        <source>公钥文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="176"/>
        <source>来源</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="177"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="178"/>
        <source>所在文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="183"/>
        <source>受信任的公钥（本机据此离线核验证书二维码）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="186"/>
        <source>新建签章密钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="188"/>
        <source>导入公钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="191"/>
        <source>导出公钥…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="220"/>
        <source>本机密钥文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="221"/>
        <source>程序自带</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="222"/>
        <source>管理员添加的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="226"/>
        <source>本机签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="228"/>
        <source>未采用：前面的文件夹已有同编号公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="229"/>
        <source>受信任</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="251"/>
        <source>本工作站尚未创建签章密钥：创建之前不能打印证书。请点“新建签章密钥…”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="256"/>
        <source>找不到签章密钥“{key}”的私钥文件：审核人无法解锁，不能打印证书。请从备份恢复 {folder} 中的私钥文件，或新建签章密钥。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="263"/>
        <source>私钥文件的权限过宽，本机其他账户也能读取；请只允许本程序的系统账户读写（0600）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="268"/>
        <source>本工作站用密钥“{key}”签章，审核人输入口令解锁后即可打印证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="273"/>
        <source>（文件缺失）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="294"/>
        <source>（处理办法：{fix}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="313"/>
        <source>已创建签章密钥“{key}”，公钥指纹 {fp}。请导出公钥发给各核验工作站，并当面把口令告知审核人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="335"/>
        <source>选择其他签章工作站导出的公钥文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="335"/>
        <source>公钥文件 (*.pub)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="350"/>
        <source>已导入公钥“{key}”，指纹 {fp}。请与对方管理员电话核对指纹，一致后方可信任。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="364"/>
        <source>选择保存公钥的文件夹（例如U盘）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_keys.py" line="373"/>
        <source>已导出公钥到 {path}（指纹 {fp}）。对方导入后，请电话核对指纹。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminSettingsScreen</name>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="50"/>
        <source>工作站设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="55"/>
        <source>6位行政区划代码，例如 410100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="61"/>
        <source>1至2位数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="65"/>
        <source>发证地市字母，郑州为 A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="68"/>
        <source>例如 https://192.168.1.10:8443，留空表示单机使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="71"/>
        <source>省中心提供的CA证书（.pem），留空表示使用系统证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="72"/>
        <source>选择…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="73"/>
        <source>选择中心库的CA证书文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="89"/>
        <source> 分钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="90"/>
        <source>窗口单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="92"/>
        <source>单位代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="93"/>
        <source>单位名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="94"/>
        <source>窗口号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="95"/>
        <source>发证地市字母</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="96"/>
        <source>本机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="98"/>
        <source>中心服务地址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="99"/>
        <source>中心库CA证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="100"/>
        <source>默认打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="101"/>
        <source>无操作自动锁屏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="105"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="108"/>
        <source>保存设置（Ctrl+S）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="181"/>
        <source>请填写单位名称。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="191"/>
        <source>正在保存…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="196"/>
        <source>选择中心库CA证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="196"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_settings.py" line="206"/>
        <source>已保存。修改已记入审计日志。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminUsersScreen</name>
    <message>
        <location filename="../../app/ui/admin_users.py" line="35"/>
        <source>用户管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="39"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="40"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="41"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="42"/>
        <source>单位代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="43"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="43"/>
        <location filename="../../app/ui/admin_users.py" line="102"/>
        <source>启用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="43"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="44"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="44"/>
        <source>待本人修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="50"/>
        <source>新建用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="51"/>
        <location filename="../../app/ui/admin_users.py" line="102"/>
        <source>停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="52"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="53"/>
        <source>修改角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="129"/>
        <source>已创建用户 {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="142"/>
        <source>已启用 {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="142"/>
        <source>已停用 {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="154"/>
        <source>已重置 {user} 的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/admin_users.py" line="170"/>
        <source>已修改 {user} 的角色</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationDetail</name>
    <message>
        <location filename="../../app/ui/application_detail.py" line="69"/>
        <source>办件详情</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="86"/>
        <source>返回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="87"/>
        <source>返回上一屏（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="98"/>
        <source>申请表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="101"/>
        <source>申报材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="116"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="116"/>
        <source>办理人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="116"/>
        <source>操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="116"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="123"/>
        <source>办理过程</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="131"/>
        <source>当前状态下没有可办理的操作。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="162"/>
        <source>草稿（未提交）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="165"/>
        <source>同步：{state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="167"/>
        <source>（结果暂定，待中心确认）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="180"/>
        <location filename="../../app/ui/application_detail.py" line="241"/>
        <source>原因：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="182"/>
        <location filename="../../app/ui/application_detail.py" line="243"/>
        <source>需补正：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="184"/>
        <source>办理时限：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="200"/>
        <source>（未填写）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="205"/>
        <source>：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="215"/>
        <source>（非必需）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="245"/>
        <source>证书：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="278"/>
        <source>撤回办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="279"/>
        <source>申请人要求撤回本办件。请填写撤回原因（只有“收件”状态的办件可以撤回）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="280"/>
        <source>撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="285"/>
        <location filename="../../app/ui/application_detail.py" line="287"/>
        <source>不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="286"/>
        <source>请填写不予受理的原因，原因将以短信发送给申请人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="292"/>
        <location filename="../../app/ui/application_detail.py" line="294"/>
        <source>退件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="293"/>
        <source>请填写退件原因，原因将以短信发送给申请人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="312"/>
        <source>补正材料已收齐，重新提交本办件？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="317"/>
        <source>受理后办件不能再撤回。确认受理？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="324"/>
        <source>审核通过并办结本办件？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="338"/>
        <source>请确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="339"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/application_detail.py" line="340"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationsModel</name>
    <message>
        <location filename="../../app/ui/applications_model.py" line="47"/>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="47"/>
        <source>（草稿）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="48"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="49"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="50"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="51"/>
        <source>身份证号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="52"/>
        <source>单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="53"/>
        <source>收件时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="54"/>
        <source>办理时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications_model.py" line="55"/>
        <source>同步</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicationsScreen</name>
    <message>
        <location filename="../../app/ui/applications.py" line="54"/>
        <source>办件查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="59"/>
        <source>办件编号 / 身份证号 / 姓名 / 单位 / 证书编号，边输边查</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="60"/>
        <source>输入即查询（F3 定位到此处）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="63"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="68"/>
        <source>全部事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="72"/>
        <source>只看我收的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="74"/>
        <source>创建日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="92"/>
        <source>至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="157"/>
        <source>正在查询…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/applications.py" line="211"/>
        <source>共 {n} 件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchApproveDialog</name>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="33"/>
        <source>批量审核通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="38"/>
        <source>以下 %1 件简易事项（延续、补办、注销）将一次审核通过并办结。请确认已逐件核对材料：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="55"/>
        <source>全部审核通过（%1件）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="57"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="70"/>
        <source>正在审核…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="84"/>
        <source>已审核通过 %1 件，未通过 %2 件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/batch_approve.py" line="88"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchPrintDialog</name>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="53"/>
        <source>批量打印证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="71"/>
        <source>%v / %m 本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="72"/>
        <source>正在读取待打印证书…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="75"/>
        <source>开始打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="78"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="82"/>
        <source>打印到：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="87"/>
        <source>待打印的证书（取消勾选的不打印）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="107"/>
        <source>%1&#x3000;%2&#x3000;第%3版&#x3000;办件 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="117"/>
        <source>共 %1 本待打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="145"/>
        <source>停止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="152"/>
        <source>选择保存证书PDF的文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="157"/>
        <source>未解锁签章密钥，未打印任何证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="166"/>
        <source>正在停止：当前这本打印完成后停止…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="178"/>
        <source>已停止：已打印 %1 本；其余 %2 本未打印，也未记为已打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="190"/>
        <source>正在打印第 %1/%2 本：%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="204"/>
        <source>已打印过，批量打印不补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="215"/>
        <source>打印机出错，未打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="218"/>
        <source>打印机在第 %1 本（%2）出错：%3
已打印的 %4 本已记录；这一本及之后的 %5 本未记为已打印，请检查打印机后重新打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="261"/>
        <source>批量打印完成：已打印并记录 %1 本。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="263"/>
        <source>未打印 %1 本：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/batch.py" line="271"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraPanel</name>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="108"/>
        <source>高拍仪设备</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="111"/>
        <source>拍摄分辨率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="113"/>
        <source>拍摄（空格 / F9）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="122"/>
        <source>设备</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="123"/>
        <source>分辨率</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="142"/>
        <source>本机缺少 Qt 多媒体组件，无法使用高拍仪。请联系管理员安装后重试，或改用其他来源。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="146"/>
        <source>没有检测到高拍仪（摄像头）。请检查高拍仪的 USB 线是否插好、电源是否打开；插上后会自动出现在设备列表中。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="167"/>
        <source>高拍仪已断开，已拍摄的页面都已保存。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="168"/>
        <source>请在设备列表中选择另一台高拍仪。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="193"/>
        <source>默认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="224"/>
        <source>正在打开高拍仪……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="226"/>
        <source>把材料放在高拍仪下，按空格键或 F9 拍摄。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="243"/>
        <source>高拍仪出错：{text}。已拍摄的页面都已保存；请重新插拔高拍仪后再试。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="267"/>
        <source>高拍仪还没有准备好，请稍候再按。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="274"/>
        <source>正在保存拍摄的画面……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/camera_panel.py" line="288"/>
        <source>已拍摄，继续放下一页按空格键或 F9。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="66"/>
        <source>扫描材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="77"/>
        <source>正在读取办件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="82"/>
        <source>扫描到哪份材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="86"/>
        <source>材料：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="107"/>
        <source>文件导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="108"/>
        <source>扫描文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="109"/>
        <source>高拍仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="110"/>
        <source>扫描仪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="134"/>
        <source>完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="186"/>
        <source>草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="188"/>
        <source>{number}  {name}  ·  {item}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="205"/>
        <source>“{name}”由系统电子获取，无需扫描。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="207"/>
        <source>事项“{item}”没有材料“{code}”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="211"/>
        <source>请在上方选择要扫描的材料。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="218"/>
        <source>办件已受理，材料不能再更改；这里只能查看。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="231"/>
        <source>扫描材料 — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="232"/>
        <source>身份证放在框内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="250"/>
        <source>{name}（不可用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="306"/>
        <source>“{name}”：{message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="308"/>
        <source>（处理办法：{fix}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="314"/>
        <source>之前已保存的页面不受影响。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="324"/>
        <source>正在处理 {n} 个文件……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/dialog.py" line="352"/>
        <source>正在保存剩余页面，完成后自动关闭……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificatePreviewDialog</name>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="58"/>
        <source>证书预览 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="75"/>
        <source>正在生成证书预览…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="79"/>
        <source>打印（Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="83"/>
        <source>选择打印机…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="86"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="89"/>
        <source>打印到：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="108"/>
        <source>未解锁签章密钥，不能生成带签名二维码的证书。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="125"/>
        <source>（已打印过，再次打印为补打，须填写原因）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="127"/>
        <source>证书 %1（第%2版，%3）预览如上。%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="187"/>
        <source>保存证书PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="187"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="203"/>
        <source>打印失败：%1
证书未记为已打印，可排除故障后重新打印。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="208"/>
        <source>已送打印机，正在记录…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="219"/>
        <source>补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="219"/>
        <source>打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="221"/>
        <source>证书 %1 已%2并记录，打印件已存档：%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/preview.py" line="234"/>
        <source>打印件已送出，但未能记录：%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareTable</name>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="18"/>
        <source>项目</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="18"/>
        <source>登记库（原）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="18"/>
        <source>申请表（新）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="18"/>
        <source>比对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="32"/>
        <source>变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="33"/>
        <source>与登记不符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="34"/>
        <source>新登记</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="35"/>
        <source>更新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/compare_view.py" line="36"/>
        <source>一致</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConditionsPage</name>
    <message>
        <location filename="../../app/ui/intake/conditions_page.py" line="37"/>
        <source>请与申请人逐条核对审批条件。空格键勾选当前条，Ctrl+A 全部勾选并进入下一步，回车进入下一步。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/conditions_page.py" line="44"/>
        <source>审批条件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/conditions_page.py" line="58"/>
        <source>全选(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/conditions_page.py" line="59"/>
        <source>全部勾选并进入下一步（Ctrl+A）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="78"/>
        <source>一次性告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="80"/>
        <source>请一次性列出需要补正的全部材料或内容（依法须一次告知），申请人将收到短信通知。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="98"/>
        <source>其他需要补正的内容（每行一项）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="102"/>
        <source>例如：申请表企业盖章不清晰，请重新盖章</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="104"/>
        <source>告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="121"/>
        <source>请至少勾选或填写一项需要补正的内容。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateUserDialog</name>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="74"/>
        <source>新建用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="74"/>
        <source>创建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="78"/>
        <source>字母、数字、下划线，例如 zhangsan01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="82"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="83"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="84"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="86"/>
        <source>新用户首次登录后应修改密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="100"/>
        <source>请填写用户名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="102"/>
        <source>请填写姓名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="104"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesktopSession</name>
    <message>
        <location filename="../../app/ui/main.py" line="90"/>
        <source>首次启动：正在创建本机账号并生成演示数据，约需十几秒，请稍候…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="92"/>
        <source>正在打开本地数据…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="121"/>
        <source>{unit} · {counter}号窗口 · 本机离线登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main.py" line="132"/>
        <source>本地数据无法打开</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportScreen</name>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="81"/>
        <source>报表导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="86"/>
        <source>当日台账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="87"/>
        <source>办件统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="88"/>
        <source>证书发放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="89"/>
        <source>超期办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="90"/>
        <source>月度统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="102"/>
        <location filename="../../app/ui/excel/export_screen.py" line="200"/>
        <source>全部经办人（本单位）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="110"/>
        <source>全部事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="115"/>
        <source>全部状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="125"/>
        <source>{year}年{month}月</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="131"/>
        <source>报表(&amp;R)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="144"/>
        <source>日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="145"/>
        <source>经办人：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="146"/>
        <source>开始日期（收件/办理）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="147"/>
        <source>结束日期（含当天）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="148"/>
        <source>事项：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="149"/>
        <source>办件状态：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="150"/>
        <source>截至日期：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="151"/>
        <source>月份：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="159"/>
        <source>导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="161"/>
        <source>打开文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="163"/>
        <source>打开所在文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="226"/>
        <source>当天收件、受理或办结的办件，以及各经办人的办理汇总。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="227"/>
        <source>期间内收件的办件：按事项和状态汇总，附办件明细。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="228"/>
        <source>期间内发证、延续、变更、注销的证书：按人员类别汇总，附办理明细。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="229"/>
        <source>截至所选日期已超过应办结日期、仍未办结的办件，超期最久的在前。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="230"/>
        <source>所选月份的收件、办结、按期办结率和证书办理统计，含图表。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="242"/>
        <source>{name}_{start}至{end}.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="254"/>
        <source>导出到文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="256"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="296"/>
        <source>正在导出…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="307"/>
        <source>已导出：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="316"/>
        <source>
处理办法：{fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/export_screen.py" line="318"/>
        <source>无法导出</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="66"/>
        <source>日期“%1”不正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="68"/>
        <source>请按“年-月-日”录入，例如 1986-05-17 或 19860517。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="105"/>
        <source>18位身份证号，输入或刷卡后自动提取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="106"/>
        <source>证书编号，回车提取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="107"/>
        <source>11位手机号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="108"/>
        <source>统一社会信用代码（18位）或组织机构代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="111"/>
        <source>年-月-日，如 1986-05-17</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="127"/>
        <source>（请选择）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="230"/>
        <source>&#x3000;处理办法：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/fields.py" line="236"/>
        <source>处理办法：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilePanel</name>
    <message>
        <location filename="../../app/ui/capture/file_panel.py" line="28"/>
        <source>把文件拖到这里
（{formats}，可一次拖入多个）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/file_panel.py" line="35"/>
        <source>选择文件…（Ctrl+O）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/file_panel.py" line="42"/>
        <source>申请人带来的电子文件：图片直接成为一页，PDF 按页拆开。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/file_panel.py" line="58"/>
        <source>选择要导入的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/file_panel.py" line="60"/>
        <source>图片或 PDF (*.jpg *.jpeg *.png *.tif *.tiff *.bmp *.webp *.pdf);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderPanel</name>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="74"/>
        <source>扫描仪“扫描到文件夹”的目标文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="75"/>
        <source>选择文件夹…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="78"/>
        <location filename="../../app/ui/capture/folder_panel.py" line="191"/>
        <source>开始监视</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="83"/>
        <source>未监视。选择文件夹后按“开始监视”，扫描仪存入的新文件会自动导入当前材料。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="89"/>
        <source>导入记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="101"/>
        <source>导入记录（成功的文件移入“{ok}”，失败的移入“{bad}”并附说明）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="124"/>
        <source>选择扫描文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="142"/>
        <source>请先选择扫描文件夹。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="163"/>
        <source>无法监视：{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="170"/>
        <source>停止监视</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="172"/>
        <source>正在监视“{folder}”：新文件写完后自动导入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="192"/>
        <source>已停止监视。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="230"/>
        <source>扫描文件夹已恢复，继续监视。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="232"/>
        <source>已导入 {file} → {material}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="236"/>
        <source>导入失败 {file}：{message} {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/folder_panel.py" line="247"/>
        <source>{message}（恢复后自动继续）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="40"/>
        <source>确定（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="41"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="42"/>
        <source>取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <location filename="../../app/ui/intake/form_page.py" line="62"/>
        <source>⚠ 本事项须申请人本人到窗口现场签字、原聘用企业现场盖章（不接受事先签好的材料）。请当面核对身份证原件，看着申请人签字、企业盖章后，在下方“已在窗口现场签字盖章”选择“是”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/form_page.py" line="92"/>
        <source>变更内容（左：变更前&#x3000;右：变更后）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/form_page.py" line="97"/>
        <source>变更前</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/form_page.py" line="97"/>
        <source>变更后</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/form_page.py" line="142"/>
        <source>必填</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportReportView</name>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="82"/>
        <source>总行数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="83"/>
        <location filename="../../app/ui/excel/import_report.py" line="162"/>
        <source>新增</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="84"/>
        <location filename="../../app/ui/excel/import_report.py" line="170"/>
        <source>变更</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="85"/>
        <source>未变</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="86"/>
        <source>错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="96"/>
        <location filename="../../app/ui/excel/import_report.py" line="99"/>
        <source>行号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="96"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="96"/>
        <source>记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="96"/>
        <source>内容（原值 → 新值）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="99"/>
        <source>错误说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="100"/>
        <location filename="../../app/ui/excel/import_report.py" line="117"/>
        <source>将要导入的记录（样例）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="103"/>
        <location filename="../../app/ui/excel/import_report.py" line="118"/>
        <source>有错误的行（不会导入）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="127"/>
        <source>已导入{title}：文件“{file}”，工作表“{sheet}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="129"/>
        <source>预览{title}（尚未导入）：文件“{file}”，工作表“{sheet}”，表头在第{row}行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="146"/>
        <source>将要导入的记录（显示 {shown} / 共 {total} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="150"/>
        <source>已导入的记录（显示 {shown} / 共 {total} 条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="155"/>
        <source>有错误的行，未导入（显示 {shown} / 共 {total} 行）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportScreen</name>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="82"/>
        <source>数据导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="89"/>
        <source>数据类型(&amp;K)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="92"/>
        <source>下载模板…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="94"/>
        <source>选择文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="95"/>
        <source>尚未选择文件（也可以把 .xlsx 文件拖到此处）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="98"/>
        <source>重新预览</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="99"/>
        <source>确认导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="110"/>
        <source>打开错误行文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="113"/>
        <source>另存错误行文件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="161"/>
        <source>{title}导入模板.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="163"/>
        <source>保存导入模板</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="163"/>
        <location filename="../../app/ui/excel/import_screen.py" line="293"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="172"/>
        <source>模板已保存：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="180"/>
        <source>选择要导入的文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="180"/>
        <source>Excel 工作簿 (*.xlsx);;所有文件 (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="230"/>
        <source>正在导入…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="230"/>
        <source>正在检查…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="246"/>
        <source>导入完成：新增 {new} 条，变更 {changed} 条，未变 {unchanged} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="250"/>
        <source>；{invalid} 行有错误，未导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="253"/>
        <source>请核对下面的内容，无误后点“确认导入”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="255"/>
        <source>没有需要导入的新数据或变更。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="265"/>
        <source>
处理办法：{fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="267"/>
        <source>无法导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="275"/>
        <source>无法保存文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="293"/>
        <source>另存错误行文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="304"/>
        <source>错误行文件已另存为：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_screen.py" line="322"/>
        <source>有错误的行已写入：{path}（改正后可再次导入）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntakeScreen</name>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="69"/>
        <source>新建办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="139"/>
        <source>操作失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="176"/>
        <source>正在建立草稿…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="183"/>
        <source>草稿已建立</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="203"/>
        <source>无法恢复草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="214"/>
        <source>已恢复草稿（%1）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="248"/>
        <source>本地草稿备份写入失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="271"/>
        <source>草稿已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="271"/>
        <source>已自动保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="286"/>
        <source>删除草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="286"/>
        <source>申请人不再办理，删除本草稿？删除后不能恢复。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="323"/>
        <source>提取失败：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="324"/>
        <source>提取失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="326"/>
        <source>正在提取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="338"/>
        <source>登记库中没有该身份证号的记录，请手工填写申请人信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="339"/>
        <source>未提取到信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="343"/>
        <source>已提取 %1 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="389"/>
        <source>正在提交…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="407"/>
        <source>未能提交，请先处理下列问题：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="414"/>
        <source>提交时发生错误：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/screen.py" line="431"/>
        <source>已提交，申请编号 %1，正在生成凭证…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemPicker</name>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="42"/>
        <source>&lt;h3&gt;新建办件 — 选择事项&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="46"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="50"/>
        <source>输入事项名称或拼音首字母，如 agyx＝安管人员延续、tzsc＝特种作业首次申请；回车选定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="52"/>
        <source>查找事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="72"/>
        <source>▶ 继续未完成的草稿：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/item_picker.py" line="80"/>
        <source>（最近）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <location filename="../../app/ui/excel/progress.py" line="31"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/progress.py" line="34"/>
        <source>取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/progress.py" line="61"/>
        <source>正在取消…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/progress.py" line="75"/>
        <source>%v / %m 行</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <location filename="../../app/ui/lock.py" line="90"/>
        <source>已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="93"/>
        <source>工作站已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="96"/>
        <source>当前用户：{name}（{user}）。请输入密码解锁，未保存的内容不会丢失。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="103"/>
        <source>登录密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="106"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="108"/>
        <source>输入密码后按回车解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="132"/>
        <source>请输入密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/lock.py" line="135"/>
        <source>正在核对…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../app/ui/login.py" line="45"/>
        <source>登录 — 建设从业人员考核窗口受理系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="46"/>
        <source>建设从业人员考核窗口受理系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="49"/>
        <source>本机离线登录，使用本单位分配的账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="55"/>
        <source>例如 clerk01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="59"/>
        <source>区分大小写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="61"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="62"/>
        <source>密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="67"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="70"/>
        <source>登录（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="71"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="72"/>
        <source>退出程序（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="98"/>
        <source>请输入用户名。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="101"/>
        <source>请输入密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/login.py" line="105"/>
        <source>正在登录…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="85"/>
        <source>建设从业人员考核窗口受理系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="134"/>
        <location filename="../../app/ui/main_window.py" line="329"/>
        <source>新建申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="137"/>
        <source>查询办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="138"/>
        <source>刷新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
        <source>立即同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="141"/>
        <source>锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="142"/>
        <source>返回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="143"/>
        <source>常用操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="153"/>
        <source>办件(&amp;J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="156"/>
        <source>窗口(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157"/>
        <source>账户(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="297"/>
        <source>未找到办件 {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="329"/>
        <source>本机尚未安装新建申请模块，请联系管理员升级程序。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="382"/>
        <source>正在同步…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsPage</name>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="33"/>
        <source>未收取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="34"/>
        <source>收取纸质</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="35"/>
        <source>已扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="36"/>
        <source>电子获取（自动）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="71"/>
        <source>空格键切换“未收取 / 收取纸质 / 已扫描”，数字键设置页数，Ctrl+A 必交材料全部已收取并进入下一步。电子获取的材料由系统自动核验，无需收取。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="79"/>
        <source>材料清单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="80"/>
        <source>材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="80"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="80"/>
        <source>页数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="92"/>
        <source>【必交】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="92"/>
        <source>【选交】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="104"/>
        <source>扫描…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="105"/>
        <source>扫描或拍摄这份材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="115"/>
        <source>必交材料全部已收取(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/materials_page.py" line="117"/>
        <source>所有必交的纸质材料标为“收取纸质”并进入下一步（Ctrl+A）；选交材料请逐项用空格键标记</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MaterialsViewer</name>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="77"/>
        <source>%1 第%2页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="84"/>
        <source>该办件没有扫描材料。
纸质材料请在窗口收件时扫描，或核对纸质原件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="85"/>
        <source>申报材料（0页）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="104"/>
        <source>%1&#x3000;第%2页（共%3页，PgUp/PgDn翻页）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="111"/>
        <source>本机未配置材料库，无法显示扫描件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="113"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="122"/>
        <source>扫描件无法读取或已损坏。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/materials_view.py" line="128"/>
        <source>该页扫描件不在本机（尚未同步），请同步后再查看。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewKeyDialog</name>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="58"/>
        <source>新建签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="62"/>
        <source>1至16位字母、数字、下划线或连字符，例如 HN-ZZ-2026A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="66"/>
        <source>至少8个字符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="72"/>
        <source>建议12位以上，混合大小写字母、数字和符号；也可以用一句只有自己知道的话。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="76"/>
        <source>密钥编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="77"/>
        <source>口令</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="78"/>
        <source>再次输入口令</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="79"/>
        <source>口令强度</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="82"/>
        <source>请务必牢记口令：口令无法找回，也没有人能替您重置。遗失口令后只能新建密钥，并把新公钥重新发给各核验工作站。
审核人每次打印证书前都要输入此口令解锁密钥，请当面告知本窗口的审核人，不要写在电脑上。
私钥只以口令加密的形式保存在本机，从不离开本机。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="88"/>
        <source>创建后本工作站改用新密钥签章；旧密钥“{key}”的公钥仍然保留，已打印的证书照样可以核验。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="97"/>
        <location filename="../../app/ui/key_dialogs.py" line="154"/>
        <source>创建</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="100"/>
        <source>创建签章密钥（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="101"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="102"/>
        <source>取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="122"/>
        <source>太短（至少8个字符）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="123"/>
        <source>弱：容易被猜到</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="124"/>
        <source>中等</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="125"/>
        <source>强</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="127"/>
        <source>尚未输入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="154"/>
        <source>正在创建…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="159"/>
        <source>请填写密钥编号。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="161"/>
        <source>口令至少需要8个字符。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="163"/>
        <source>两次输入的口令不一致，请重新输入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/key_dialogs.py" line="165"/>
        <source>口令过于简单（重复的字符），请换一个不易猜到的口令。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageCanvas</name>
    <message>
        <location filename="../../app/ui/capture/page_canvas.py" line="108"/>
        <location filename="../../app/ui/capture/page_canvas.py" line="127"/>
        <source>没有页面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_canvas.py" line="114"/>
        <source>页面放大查看</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageViewer</name>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="64"/>
        <source>放大</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="64"/>
        <source>放大（+ 或 Ctrl+滚轮）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="65"/>
        <source>缩小</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="65"/>
        <source>缩小（- 或 Ctrl+滚轮）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="66"/>
        <source>适合窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="66"/>
        <source>整页显示（0）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="105"/>
        <source>{percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="134"/>
        <source>{name}
第 {n} 页
{kb} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="135"/>
        <source>第 {n} 页
{kb} KB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="185"/>
        <source>还没有页面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="188"/>
        <source>{width}×{height} 像素</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/page_viewer.py" line="196"/>
        <source>正在载入……</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PagesEditor</name>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="56"/>
        <source>上移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="56"/>
        <source>把这一页往前移（Ctrl+↑）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="57"/>
        <source>下移</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="57"/>
        <source>把这一页往后移（Ctrl+↓）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="60"/>
        <source>向右旋转</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="61"/>
        <source>顺时针旋转 90°（R）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="66"/>
        <source>向左旋转</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="67"/>
        <source>逆时针旋转 90°（Shift+R）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="72"/>
        <source>按证件框选取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="73"/>
        <source>用证件框作为裁剪范围（G）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="76"/>
        <source>裁剪</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="76"/>
        <source>裁掉框选范围以外的部分（Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="77"/>
        <location filename="../../app/ui/capture/pages_editor.py" line="207"/>
        <source>删除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="77"/>
        <source>删除这一页（Del）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="112"/>
        <source>身份证放在框内</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="204"/>
        <source>删除页面</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="205"/>
        <source>删除第 {n} 页？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="206"/>
        <source>删除后该页不再属于本办件的材料，需要时请重新扫描。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/pages_editor.py" line="208"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="61"/>
        <location filename="../../app/ui/password_dialog.py" line="93"/>
        <source>修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="66"/>
        <source>首次登录或密码已由管理员重置：请先设置只有您自己知道的新密码，然后才能使用本系统。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="68"/>
        <source>修改您自己的登录密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="75"/>
        <source>当前使用的密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="76"/>
        <source>至少8位，须同时包含字母和数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="77"/>
        <source>再输入一次新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="79"/>
        <source>用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="80"/>
        <source>原密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="81"/>
        <source>新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="82"/>
        <source>再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="85"/>
        <source>密码规则：至少{n}位，须同时包含字母和数字，区分大小写；不能与原密码相同。请勿使用身份证号、手机号或生日。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="96"/>
        <source>保存新密码（回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="98"/>
        <source>退出程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="100"/>
        <source>不修改密码并退出程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="103"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="105"/>
        <source>取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="161"/>
        <source>请输入原密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="163"/>
        <source>请输入新密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="165"/>
        <source>新密码不能与原密码相同。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="167"/>
        <source>两次输入的新密码不一致，请重新输入。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="170"/>
        <source>正在保存…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="199"/>
        <source>修改密码…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="202"/>
        <source>修改密码（Ctrl+Shift+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/password_dialog.py" line="208"/>
        <source>密码已修改，下次登录请使用新密码。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterChoice</name>
    <message>
        <location filename="../../app/ui/printing/targets.py" line="123"/>
        <source>打印机</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/targets.py" line="132"/>
        <source>保存为PDF文件（无打印机时）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="50"/>
        <source>请写清楚原因，以及申请人应如何处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="66"/>
        <source>必须填写原因：原因将以短信发送给申请人。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="47"/>
        <source>材料接收凭证 — 申请编号 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="51"/>
        <source>办件已提交，申请编号 &lt;b&gt;%1&lt;/b&gt;。请打印材料接收凭证交申请人签收。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="54"/>
        <source>凭证已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="76"/>
        <source>打印(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="77"/>
        <source>打印到默认打印机（Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="80"/>
        <source>选择打印机…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="81"/>
        <source>选择打印机和份数后打印（Ctrl+P）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="83"/>
        <source>不打印，关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="84"/>
        <source>凭证已保存，可稍后在办件详情中重新打印（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="96"/>
        <source>本机未连接打印机。凭证已保存为 PDF，可连接打印机后再打印：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="117"/>
        <source>打印机无法开始打印，请检查打印机是否开机、有纸。凭证已保存：%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="142"/>
        <source>凭证未能生成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/receipt_dialog.py" line="143"/>
        <source>办件已提交（申请编号 %1），但材料接收凭证未能生成：%2
可在办件详情中重新打印。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReprintReasonDialog</name>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="12"/>
        <source>补打证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="14"/>
        <source>证书 %1 的当前版本已于 %2 打印过。重新打印须填写原因，原因将记入审计日志。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="22"/>
        <source>卡纸或打印中断</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="23"/>
        <source>打印质量不合格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="24"/>
        <source>证书纸张损坏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="25"/>
        <source>其他（请在下方填写）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="30"/>
        <source>补打原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="36"/>
        <source>补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/reason_dialog.py" line="37"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="112"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="112"/>
        <source>重置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="114"/>
        <source>用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="119"/>
        <source>两次输入的密码不一致。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="121"/>
        <source>请输入新密码。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="20"/>
        <source>退件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="22"/>
        <source>退回办件 %1（%2）。退件原因将以短信发送给申请人，并打印在退件通知书上，请写明如何改正：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="29"/>
        <source>（选择常用原因，或直接填写）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="31"/>
        <source>申请材料扫描件不清晰，无法辨认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="32"/>
        <source>证件照片不符合要求（近期免冠、白底、JPG）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="33"/>
        <source>申请表未按要求签字或加盖企业公章</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="34"/>
        <source>申请表信息与登记信息不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="45"/>
        <source>确认退件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/return_dialog.py" line="47"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../app/ui/review/screen.py" line="64"/>
        <source>审核</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="68"/>
        <source>批量审核通过…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="70"/>
        <source>勾选列表中的延续、补办、注销等简易事项，一次确认全部通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="72"/>
        <source>批量打印证书…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="86"/>
        <source>批量</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="87"/>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="88"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="89"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="90"/>
        <source>收件人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="91"/>
        <source>办理时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="102"/>
        <source>请在上方列表中选择办件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="107"/>
        <source>&lt;b&gt;规则复核&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="133"/>
        <source>退件（Ctrl+R）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="136"/>
        <source>审核通过（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="171"/>
        <source>正在读取…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="197"/>
        <source>简易事项，可批量审核</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="216"/>
        <source>待审核 %1 件（按办理时限排序）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="229"/>
        <source>%1（已超期%2天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="230"/>
        <source>%1（剩%2天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="247"/>
        <source>正在读取办件…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="257"/>
        <source>没有待审核的办件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="268"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&#x3000;%2&#x3000;办件 %3&lt;br&gt;收件：%4&#x3000;%5&#x3000;&#x3000;办理时限：%6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="286"/>
        <source>&lt;b&gt;规则复核&lt;/b&gt;&#x3000;&lt;span style=&apos;color:%1&apos;&gt;✔ 现在复核全部通过&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="293"/>
        <source>&lt;b&gt;规则复核&lt;/b&gt;&#x3000;&lt;span style=&apos;color:%1&apos;&gt;%2 项不通过&lt;/span&gt;，%3 项提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="316"/>
        <source>规则复核有不通过项，不能审核通过；请退件并写明原因。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="319"/>
        <source>审核通过并办结（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="324"/>
        <source>您是该办件的收件人，不能审核自己收件的办件（审批分离）；请交由另一位审核人员审核。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="326"/>
        <source>只有审核人员可以审核办件。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="327"/>
        <source>该办件已不在待审核状态，请按 F5 刷新列表。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="350"/>
        <source>办件 %1 已审核通过并办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="354"/>
        <source>审核通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="355"/>
        <source>办件 %1 已审核通过，证书 %2 已签发。
现在打印证书吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="362"/>
        <source>打印证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="363"/>
        <source>稍后批量打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="404"/>
        <source>批量审核</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/review/screen.py" line="405"/>
        <source>请先在列表“批量”列勾选要一并审核的简易事项（延续、补办、注销）。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="128"/>
        <source>修改角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="128"/>
        <source>保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="130"/>
        <source>用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="132"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulePanel</name>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="29"/>
        <source>规则检查结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="36"/>
        <source>&lt;b&gt;规则检查&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="45"/>
        <source>&#x3000;&lt;span style=&apos;color:#777&apos;&gt;检查中…&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="54"/>
        <source>&lt;b&gt;规则检查&lt;/b&gt;&#x3000;&lt;span style=&apos;color:%1&apos;&gt;✔ 未发现问题，可以提交&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="60"/>
        <source>&lt;b&gt;规则检查&lt;/b&gt;&#x3000;&lt;span style=&apos;color:%1&apos;&gt;%2 项须处理&lt;/span&gt;，&lt;span style=&apos;color:%3&apos;&gt;%4 项提醒&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="75"/>
        <source>处理办法：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/rule_panel.py" line="79"/>
        <source>回车或单击：转到该项</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScannerPanel</name>
    <message>
        <location filename="../../app/ui/capture/scanner_panel.py" line="32"/>
        <source>正在检测扫描仪……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/scanner_panel.py" line="35"/>
        <source>扫描一页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/scanner_panel.py" line="55"/>
        <source>扫描仪已就绪：放好材料、盖好盖板后按“扫描一页”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/scanner_panel.py" line="64"/>
        <source>正在扫描……</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/scanner_panel.py" line="72"/>
        <source>扫描完成，可以放下一页。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourceNotice</name>
    <message>
        <location filename="../../app/ui/capture/source_notice.py" line="37"/>
        <source>{name}不可用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/capture/source_notice.py" line="44"/>
        <source>改用{name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../app/ui/status_bar.py" line="18"/>
        <source>从未</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="48"/>
        <location filename="../../app/ui/status_bar.py" line="89"/>
        <source>未连接中心</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="50"/>
        <source>待同步 — 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="52"/>
        <source>上次同步：—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="67"/>
        <source>用户：{name}（{role}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="76"/>
        <source>{unit}  {counter}号窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="91"/>
        <source>中心需重新登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="95"/>
        <source>无法安全连接中心，请联系管理员（可继续办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="97"/>
        <source>在线</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="99"/>
        <source>离线（可继续办理）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="103"/>
        <source>待同步 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="105"/>
        <source>，需处理 {n} 条</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/status_bar.py" line="109"/>
        <source>上次同步：{when}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ThumbnailStrip</name>
    <message>
        <location filename="../../app/ui/capture/thumbnails.py" line="29"/>
        <source>页面缩略图</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TodayScreen</name>
    <message>
        <location filename="../../app/ui/today.py" line="54"/>
        <source>今日工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="69"/>
        <source>在办件查询中列出“{name}”的办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="75"/>
        <source>办件编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="75"/>
        <source>（草稿）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="76"/>
        <source>事项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="77"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="78"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="79"/>
        <source>办理时限</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="80"/>
        <source>收件时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="87"/>
        <source>办件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="88"/>
        <source>中心答复</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="89"/>
        <source>处理办法</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="90"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="100"/>
        <source>已处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="102"/>
        <source>标记选中的事项已处理（Ctrl+D）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="108"/>
        <source>中心拒绝的变更：请打开办件按“处理办法”办理，完成后点“已处理”。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="135"/>
        <source>{due}（已超期{n}天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="137"/>
        <source>{due}（今天到期）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="138"/>
        <source>{due}（剩{n}天）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="152"/>
        <source>已超期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="152"/>
        <source>即将到期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="152"/>
        <source>退回补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/today.py" line="152"/>
        <source>需要处理</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../app/ui/printing/signer.py" line="40"/>
        <source>解锁签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/signer.py" line="45"/>
        <source>打印证书需要用本工作站的签章密钥为二维码签名。
请输入签章密钥口令（本次登录期间只需输入一次）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/signer.py" line="59"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/signer.py" line="60"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/printing/signer.py" line="74"/>
        <source>正在解锁…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyScreen</name>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="45"/>
        <source>证书核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="49"/>
        <source>用扫码枪扫描证书上的二维码，或打开证书的照片、扫描件（也可直接拖入本窗口）。核验在本机离线完成。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="55"/>
        <source>扫码枪输入（以 CD1: 开头），回车核验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="59"/>
        <source>打开图片…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="65"/>
        <location filename="../../app/ui/verify/screen.py" line="84"/>
        <source>等待扫码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="108"/>
        <source>无法读取文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="115"/>
        <source>选择证书照片或扫描件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="115"/>
        <source>图片或PDF (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="131"/>
        <source>正在核验…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="157"/>
        <source>真证书，现行有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="158"/>
        <source>真证书，但已过期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="159"/>
        <source>真证书，但已注销</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="160"/>
        <source>真证书，但已被撤销（吊销）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="161"/>
        <source>真证书，但已暂扣</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="162"/>
        <source>真证书，但正在跨省转出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="163"/>
        <source>旧版证书，已被新版本取代</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="164"/>
        <source>签名有效，但与登记信息不符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="165"/>
        <source>签名有效，但本机登记库中查无此证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="168"/>
        <source>签名无效：证书可能伪造或被篡改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="169"/>
        <source>无法核验：签名密钥未知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="170"/>
        <source>无法识别：不是本系统的证书二维码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/verify/screen.py" line="178"/>
        <source>无法核验</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="54"/>
        <source>审批条件（Alt+2）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="55"/>
        <source>收取材料（Alt+3）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="56"/>
        <source>填写申请表（Alt+4）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="59"/>
        <source>；Ctrl+PgDown / Ctrl+PgUp 切换步骤</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="70"/>
        <source>暂存并退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="71"/>
        <source>保存草稿后退出，稍后可继续办理（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="72"/>
        <source>删除草稿…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="73"/>
        <source>申请人不再办理时删除本草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="74"/>
        <source>保存草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="75"/>
        <source>立即保存草稿（Ctrl+S）；录入内容也会随时自动保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="76"/>
        <source>提交并打印凭证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="77"/>
        <source>提交收件并打印材料接收凭证（Ctrl+Enter）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="95"/>
        <source>② 审批条件 %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="96"/>
        <source>③ 收取材料 %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/intake/workspace.py" line="97"/>
        <source>④ 申请表 必填 %1/%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="27"/>
        <source>确定（Ctrl+回车）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="29"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/action_dialogs.py" line="32"/>
        <source>取消（Esc）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="63"/>
        <source>至少8位，须同时包含字母和数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="67"/>
        <source>初始密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/user_dialogs.py" line="68"/>
        <source>再次输入</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../app/ui/errors.py" line="28"/>
        <source>操作未能完成：程序内部出错。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="29"/>
        <source>请重试；如果再次出现，请记下时间并联系管理员（详情已写入日志）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="40"/>
        <source>无法办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="43"/>
        <source>处理办法：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/errors.py" line="45"/>
        <source>知道了</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>excel</name>
    <message>
        <location filename="../../app/ui/excel/__init__.py" line="40"/>
        <source>数据导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/__init__.py" line="43"/>
        <source>报表导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="29"/>
        <source>（空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="32"/>
        <source>合格</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/excel/import_report.py" line="33"/>
        <source>不合格</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../app/ui/labels.py" line="16"/>
        <source>草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="17"/>
        <source>收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="18"/>
        <location filename="../../app/ui/labels.py" line="48"/>
        <location filename="../../app/ui/labels.py" line="66"/>
        <source>受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="19"/>
        <source>审核中</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="20"/>
        <source>办结（准予）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="21"/>
        <location filename="../../app/ui/labels.py" line="54"/>
        <location filename="../../app/ui/labels.py" line="72"/>
        <source>退件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="22"/>
        <source>待补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="23"/>
        <location filename="../../app/ui/labels.py" line="49"/>
        <location filename="../../app/ui/labels.py" line="67"/>
        <source>不予受理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="24"/>
        <source>已撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="34"/>
        <source>窗口受理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="35"/>
        <source>审核人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="36"/>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="46"/>
        <location filename="../../app/ui/labels.py" line="64"/>
        <source>提交收件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="47"/>
        <location filename="../../app/ui/labels.py" line="65"/>
        <source>撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="50"/>
        <location filename="../../app/ui/labels.py" line="68"/>
        <source>一次性告知补正</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="51"/>
        <location filename="../../app/ui/labels.py" line="69"/>
        <source>补正后重新提交</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="52"/>
        <location filename="../../app/ui/labels.py" line="70"/>
        <source>开始审核</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="53"/>
        <location filename="../../app/ui/labels.py" line="71"/>
        <source>审核通过（办结）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="62"/>
        <source>新建草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="63"/>
        <source>修改表单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="73"/>
        <source>删除草稿</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="74"/>
        <source>添加材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="75"/>
        <source>打印材料接收凭证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="76"/>
        <source>短信通知已排队发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="77"/>
        <source>未发短信（未登记手机号码）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="78"/>
        <source>短信已发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="79"/>
        <source>短信发送失败，稍后重试</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="80"/>
        <source>短信多次发送失败，已停止</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="81"/>
        <source>短信重新排队发送</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="82"/>
        <source>扫描材料</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="83"/>
        <source>删除材料页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="84"/>
        <source>旋转材料页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="85"/>
        <source>裁剪材料页</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="86"/>
        <source>调整材料页顺序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="87"/>
        <source>打印证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="88"/>
        <source>补打证书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="89"/>
        <source>证书变更前信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="90"/>
        <source>创建签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="91"/>
        <source>解锁签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="92"/>
        <source>签章密钥口令错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="93"/>
        <source>中心拒绝的变更已处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="100"/>
        <source>仅本机（草稿不上传）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="101"/>
        <source>等待同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="102"/>
        <source>已同步</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="103"/>
        <source>中心拒绝，需要处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="110"/>
        <source>未收取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="111"/>
        <source>已收纸质</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="112"/>
        <source>已扫描</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="113"/>
        <source>电子调取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="121"/>
        <source>该身份证号在其他窗口已有未办结的申请：请与申请人核实后撤回本办件，或等待另一件办结。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="124"/>
        <source>办件已在其他窗口被修改：请打开办件，核对最新内容后重新办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="127"/>
        <source>您的账号没有该操作的权限：请联系管理员。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="128"/>
        <source>收件人不能审核自己的办件：请交由另一位审核人。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/labels.py" line="134"/>
        <source>请打开办件核对中心的提示，更正后重新办理；无法处理时请联系中心管理员。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/ui/main.py" line="49"/>
        <source>建设从业人员考核窗口受理系统</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>screens</name>
    <message>
        <location filename="../../app/ui/screens.py" line="31"/>
        <source>今日工作台</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/screens.py" line="34"/>
        <source>办件查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/screens.py" line="39"/>
        <source>用户管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/screens.py" line="45"/>
        <source>工作站设置</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/screens.py" line="66"/>
        <source>签章密钥</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../app/ui/desktop_services.py" line="121"/>
        <source>审核发证</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ui/desktop_services.py" line="122"/>
        <source>证书核验</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
