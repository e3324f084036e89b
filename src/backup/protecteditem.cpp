#include "backup/protecteditem.h"

#include "backup/armreader.h"
#include "backup/armtime.h"

#include <cstring>
#include <type_traits>

namespace RestoreDesk::Backup {

namespace {

bool same(const QString &a, const char *b)
{
    // Case folding keeps the length (one UTF-16 unit for one): strings of other lengths differ.
    // The service writes its names as documented: the exact comparison first, the one that
    // ignores case (folding every unit, as costly as reading the rest of an item) only after it.
    const QLatin1String l(b);
    return a.size() == l.size() && (a == l || a.compare(l, Qt::CaseInsensitive) == 0);
}

ProtectedItem::Health healthFrom(const QString &healthStatus, const QString &workloadHealth,
                                 const QString &protectionStatus)
{
    using Health = ProtectedItem::Health;
    if (same(healthStatus, "Passed"))
        return Health::Passed;
    if (same(healthStatus, "ActionRequired"))
        return Health::ActionRequired;
    if (same(healthStatus, "ActionSuggested"))
        return Health::ActionSuggested;
    if (same(healthStatus, "Invalid"))
        return Health::Invalid;
    // Workload items: Healthy, Unhealthy, NotReachable, IRPending.
    if (same(workloadHealth, "Healthy"))
        return Health::Passed;
    if (same(workloadHealth, "Unhealthy") || same(workloadHealth, "NotReachable"))
        return Health::ActionRequired;
    if (!workloadHealth.isEmpty())
        return Health::Unknown;
    if (healthStatus.isEmpty() && same(protectionStatus, "Healthy"))
        return Health::Passed;
    if (healthStatus.isEmpty() && same(protectionStatus, "Unhealthy"))
        return Health::ActionRequired;
    return Health::Unknown;
}

ProtectedItem::ProtectionState stateFrom(const QString &s)
{
    using State = ProtectedItem::ProtectionState;
    static const struct
    {
        const char *name;
        State state;
    } kStates[] = { { "Protected", State::Protected },
                    { "IRPending", State::IRPending },
                    { "ProtectionError", State::ProtectionError },
                    { "ProtectionStopped", State::ProtectionStopped },
                    { "ProtectionPaused", State::ProtectionPaused },
                    { "BackupsSuspended", State::BackupsSuspended },
                    { "Invalid", State::Invalid } };
    for (const auto &entry : kStates) {
        if (same(s, entry.name))
            return entry.state;
    }
    return State::Unknown;
}

} // namespace

QString ProtectedItem::healthName(Health health)
{
    switch (health) {
    case Health::Passed:
        return QStringLiteral("Passed");
    case Health::ActionSuggested:
        return QStringLiteral("ActionSuggested");
    case Health::ActionRequired:
        return QStringLiteral("ActionRequired");
    case Health::Invalid:
        return QStringLiteral("Invalid");
    case Health::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

namespace {

class TextReader;

// What the last item read on this thread named, kept so that the next one, when it names the
// same (the items of a page mostly do: one subscription, group, vault and policy, a few types
// and states), shares those strings instead of allocating its own, and its policy id is not
// parsed again. Only ever a cache: every value is compared with what it stands for first.
struct Recent
{
    enum Slot {
        ProtectedItemType,
        BackupManagementType,
        WorkloadType,
        PolicyId,
        PolicyType,
        LastBackupStatus,
        HealthStatus,
        WorkloadHealth,
        ProtectionStatus,
        ProtectionState,
        Slots
    };
    // A member's text as written (plain: its value) and the string made of it.
    struct Text
    {
        QByteArray written;
        QString value;
    };
    ArmId itemId;
    QString policyId;
    QString policyName; // ArmId::parse(policyId).policy
    Text texts[Slots];
};

Recent &recent()
{
    thread_local Recent r;
    return r;
}

// A member that many items share: the text reader shares the last equal one (see Recent); Qt's
// document gives its own string anyway.
template<typename Reader>
QString common(Reader &r, const char *path, Recent::Slot slot)
{
    if constexpr (std::is_same_v<Reader, TextReader>)
        return r.string(path, ArmReader::Optional, &recent().texts[slot]);
    else
        return r.string(path);
}

// What fromArm reads, from either reader: ArmReader over a parsed object, or TextReader over the
// element's text. One body, so both give the same item.
template<typename Reader>
void read(ProtectedItem &i, Reader &r)
{
    using Kind = ProtectedItem::Kind;
    Recent &last = recent();
    i.id = r.string("id", ArmReader::Required);
    r.setSubject(i.id);
    i.armId = ArmId::parse(i.id, last.itemId);
    last.itemId = i.armId;
    if (r.ok() && i.armId.kind != ArmId::Kind::Item)
        r.failId(i.id, QStringLiteral("ProtectedItem"));
    i.name = r.string("name");
    if (i.name.isEmpty())
        i.name = i.armId.item;
    r.object("properties", ArmReader::Required);
    i.protectedItemType = common(r, "properties.protectedItemType", Recent::ProtectedItemType);
    i.backupManagementType = common(r, "properties.backupManagementType", Recent::BackupManagementType);
    i.workloadType = common(r, "properties.workloadType", Recent::WorkloadType);
    i.friendlyName = r.string("properties.friendlyName");
    if (i.friendlyName.isEmpty())
        i.friendlyName = i.armId.itemFriendlyName();
    i.containerName = r.string("properties.containerName");
    i.sourceResourceId = r.string("properties.sourceResourceId");
    i.policyId = common(r, "properties.policyId", Recent::PolicyId);
    i.policyName = r.string("properties.policyName");
    if (i.policyName.isEmpty() && !i.policyId.isEmpty()) {
        if (i.policyId != last.policyId) {
            last.policyName = ArmId::parse(i.policyId).policy;
            last.policyId = i.policyId;
        }
        i.policyName = last.policyName;
    }
    i.policyType = common(r, "properties.policyType", Recent::PolicyType);
    i.lastBackupTime = r.time("properties.lastBackupTime");
    i.lastBackupStatus = common(r, "properties.lastBackupStatus", Recent::LastBackupStatus);
    i.lastRecoveryPoint = r.time("properties.lastRecoveryPoint");
    i.healthText = common(r, "properties.healthStatus", Recent::HealthStatus);
    const QString workloadHealth = common(r, "properties.protectedItemHealthStatus", Recent::WorkloadHealth);
    i.protectionStatus = common(r, "properties.protectionStatus", Recent::ProtectionStatus);
    i.health = healthFrom(i.healthText, workloadHealth, i.protectionStatus);
    if (i.healthText.isEmpty())
        i.healthText = workloadHealth.isEmpty() ? i.protectionStatus : workloadHealth;
    i.protectionStateText = common(r, "properties.protectionState", Recent::ProtectionState);
    i.protectionState = stateFrom(i.protectionStateText);
    i.softDeleted = r.boolean("properties.isScheduledForDeferredDelete").value_or(false);

    const QString type = i.protectedItemType;
    if (same(type, "Microsoft.Compute/virtualMachines")
        || same(type, "Microsoft.ClassicCompute/virtualMachines")) {
        i.kind = Kind::Vm;
    } else if (same(type, "AzureFileShareProtectedItem")) {
        i.kind = Kind::FileShare;
    } else if (same(type, "AzureVmWorkloadSQLDatabase")) {
        i.kind = Kind::SqlDatabase;
        i.serverName = r.string("properties.serverName");
        i.parentName = r.string("properties.parentName");
    }
}

// ArmReader's reads for what read() asks, over an element's text (JsonText): the same values
// where the element is one fromArm accepts; where ArmReader would fail (a required member absent,
// a member of another type, a bad time or id) or where the text could be read otherwise by Qt's
// parser (keys written with escapes, a key twice), it is unsure, and fromArm reads the element.
class TextReader
{
public:
    TextReader(const QByteArray &text, const JsonText::Value &object, const JsonText::Index *index)
        : m_text(text)
        , m_index(index)
    {
        m_unsure = !JsonText::members(m_text, object, &m_top, &m_topStorage, m_index);
    }
    TextReader(const TextReader &) = delete; // its spans may point into its own storage
    TextReader &operator=(const TextReader &) = delete;

    bool ok() const { return !m_unsure; }
    void setSubject(const QString &) { }
    void failId(const QString &, const QString &) { m_unsure = true; }

    // With `recent`: when the value is written as that text, its string (shared, not copied);
    // otherwise the value, kept there for the next item.
    QString string(const char *path, ArmReader::Need need = ArmReader::Optional,
                   Recent::Text *recent = nullptr)
    {
        const JsonText::Member *m = member(path);
        if (!m) {
            if (need == ArmReader::Required)
                m_unsure = true;
            return {};
        }
        const JsonText::Value &v = m->value;
        if (v.type != JsonText::Value::Type::String) {
            m_unsure = true;
            return {};
        }
        // A plain value is its text: compared as bytes (memcmp), not with the string.
        const QByteArrayView written = m->plainValue && v.size() >= 2
            ? QByteArrayView(m_text.constData() + v.begin + 1, v.size() - 2)
            : QByteArrayView();
        if (recent && !recent->value.isNull() && m->plainValue && QByteArrayView(recent->written) == written)
            return recent->value;
        auto s = JsonText::string(m_text, *m);
        if (!s) {
            m_unsure = true;
            return {};
        }
        if (recent && m->plainValue)
            *recent = Recent::Text { written.toByteArray(), *s };
        return *std::move(s);
    }

    std::optional<bool> boolean(const char *path)
    {
        const JsonText::Member *m = member(path);
        if (!m)
            return std::nullopt;
        const JsonText::Value &v = m->value;
        if (v.type == JsonText::Value::Type::True || v.type == JsonText::Value::Type::False)
            return v.type == JsonText::Value::Type::True;
        m_unsure = true;
        return std::nullopt;
    }

    QDateTime time(const char *path)
    {
        const QString text = string(path);
        if (text.isEmpty())
            return {};
        const auto t = parseArmTime(text);
        if (!t) {
            m_unsure = true;
            return {};
        }
        return *t;
    }

    // Only "properties" is asked for, and only that it is there as an object.
    void object(const char *path, ArmReader::Need)
    {
        const JsonText::Member *m = member(path);
        if (!m || m->value.type != JsonText::Value::Type::Object)
            m_unsure = true;
    }

private:
    // The member at `path` ("name" or "properties.name"; a deeper path is unsure); nullptr when
    // absent or null. Not inlined: inlined into read(), GCC 12 warns of slices of the short paths
    // ("id") that it cannot reach.
    Q_NEVER_INLINE const JsonText::Member *member(const char *path)
    {
        if (m_unsure)
            return nullptr;
        const QByteArrayView p(path, qsizetype(std::strlen(path)));
        const JsonText::MemberSpan *in = &m_top;
        QByteArrayView key = p;
        constexpr QByteArrayView kProperties("properties.");
        if (p.startsWith(kProperties)) {
            if (!properties())
                return nullptr;
            in = &m_properties;
            key = p.sliced(kProperties.size());
        }
        // Only one level under "properties" is read here; a deeper path (another dot) would be
        // looked up as one literal key ("a.b"), which ArmReader does not do.
        if (key.contains('.'))
            return unsure();
        const JsonText::Member *m = JsonText::find(*in, key, &m_unsure);
        if (m_unsure || !m || m->value.type == JsonText::Value::Type::Null)
            return nullptr;
        return m;
    }

    bool properties()
    {
        if (!m_propertiesRead) {
            m_propertiesRead = true;
            const JsonText::Member *m = JsonText::find(m_top, "properties", &m_unsure);
            if (!m || m->value.type != JsonText::Value::Type::Object
                || !JsonText::members(m_text, m->value, &m_properties, &m_propertiesStorage, m_index))
                m_unsure = true;
        }
        return !m_unsure;
    }

    const JsonText::Member *unsure()
    {
        m_unsure = true;
        return nullptr;
    }

    const QByteArray &m_text;
    const JsonText::Index *m_index;
    // Where the index holds them (read in place), else in the storage beside them.
    JsonText::MemberSpan m_top;
    JsonText::MemberSpan m_properties;
    JsonText::Members m_topStorage;
    JsonText::Members m_propertiesStorage;
    bool m_propertiesRead = false;
    bool m_unsure = false;
};

} // namespace

Result<ProtectedItem> ProtectedItem::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("ProtectedItem"));
    ProtectedItem i;
    i.raw = RawJson(resource);
    read(i, r);
    if (!r.ok())
        return r.error();
    return i;
}

std::optional<ProtectedItem> ProtectedItem::fromArmText(const QByteArray &page,
                                                        const JsonText::Value &element,
                                                        const JsonText::Index *index)
{
    if (element.type != JsonText::Value::Type::Object)
        return std::nullopt;
    TextReader r(page, element, index);
    ProtectedItem i;
    read(i, r);
    if (!r.ok())
        return std::nullopt;
    i.raw = RawJson::fromText(QByteArrayView(page).sliced(element.begin, element.size()));
    return i;
}

} // namespace RestoreDesk::Backup
