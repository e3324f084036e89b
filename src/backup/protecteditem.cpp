#include "backup/protecteditem.h"

#include "backup/armreader.h"
#include "backup/armtime.h"
#include "core/jsonkeyset.h"

#include <array>
#include <iterator>
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

// The members read() reads: the item's own, then those of its properties, in the order of kPaths.
enum class Field : quint8 {
    Id,
    Name,
    Properties,
    ProtectedItemType, // the first member of properties
    BackupManagementType,
    WorkloadType,
    FriendlyName,
    ContainerName,
    SourceResourceId,
    PolicyId,
    PolicyName,
    PolicyType,
    LastBackupTime,
    LastBackupStatus,
    LastRecoveryPoint,
    HealthStatus,
    ProtectedItemHealthStatus,
    ProtectionStatus,
    ProtectionState,
    IsScheduledForDeferredDelete,
    ServerName,
    ParentName,
};
constexpr int kTopFields = int(Field::ProtectedItemType);
constexpr int kPropertyFields = int(Field::ParentName) + 1 - kTopFields;

// Each Field's path as ArmReader takes it: a member of the item, or "properties." and a member of
// its properties (the text reader reads no deeper; checked below).
struct FieldPath
{
    Field field;
    const char *path;
};
constexpr FieldPath kPaths[] = {
    { Field::Id, "id" },
    { Field::Name, "name" },
    { Field::Properties, "properties" },
    { Field::ProtectedItemType, "properties.protectedItemType" },
    { Field::BackupManagementType, "properties.backupManagementType" },
    { Field::WorkloadType, "properties.workloadType" },
    { Field::FriendlyName, "properties.friendlyName" },
    { Field::ContainerName, "properties.containerName" },
    { Field::SourceResourceId, "properties.sourceResourceId" },
    { Field::PolicyId, "properties.policyId" },
    { Field::PolicyName, "properties.policyName" },
    { Field::PolicyType, "properties.policyType" },
    { Field::LastBackupTime, "properties.lastBackupTime" },
    { Field::LastBackupStatus, "properties.lastBackupStatus" },
    { Field::LastRecoveryPoint, "properties.lastRecoveryPoint" },
    { Field::HealthStatus, "properties.healthStatus" },
    { Field::ProtectedItemHealthStatus, "properties.protectedItemHealthStatus" },
    { Field::ProtectionStatus, "properties.protectionStatus" },
    { Field::ProtectionState, "properties.protectionState" },
    { Field::IsScheduledForDeferredDelete, "properties.isScheduledForDeferredDelete" },
    { Field::ServerName, "properties.serverName" },
    { Field::ParentName, "properties.parentName" },
};
constexpr char kPropertiesPrefix[] = "properties.";
constexpr int kPropertiesPrefixSize = int(sizeof kPropertiesPrefix) - 1;

constexpr bool hasDot(const char *s, int from)
{
    for (int i = from; s[i]; ++i) {
        if (s[i] == '.')
            return true;
    }
    return false;
}

constexpr bool underProperties(const char *s)
{
    for (int i = 0; i < kPropertiesPrefixSize; ++i) {
        if (s[i] != kPropertiesPrefix[i])
            return false;
    }
    return true;
}

// Each entry at its Field's place; the item's own members without a dot, the others one level
// under "properties".
constexpr bool pathsInOrder()
{
    for (int i = 0; i < int(std::size(kPaths)); ++i) {
        const char *path = kPaths[i].path;
        if (int(kPaths[i].field) != i)
            return false;
        if (i < kTopFields ? hasDot(path, 0) : !underProperties(path) || hasDot(path, kPropertiesPrefixSize))
            return false;
    }
    return true;
}
static_assert(std::size(kPaths) == size_t(kTopFields + kPropertyFields));
static_assert(pathsInOrder(), "kPaths: one entry per Field, in order, at most one level under properties");

constexpr const char *pathOf(Field f)
{
    return kPaths[int(f)].path;
}

// ArmReader, asked by Field (read()'s reads of a parsed object).
class DocumentReader
{
public:
    explicit DocumentReader(ArmReader &r)
        : m_r(r)
    { }
    bool ok() const { return m_r.ok(); }
    void setSubject(const QString &subject) { m_r.setSubject(subject); }
    void failId(const QString &id, const QString &kind) { m_r.failId(id, kind); }
    QString string(Field f, ArmReader::Need need = ArmReader::Optional)
    {
        return m_r.string(pathOf(f), need);
    }
    std::optional<bool> boolean(Field f) { return m_r.boolean(pathOf(f)); }
    QDateTime time(Field f) { return m_r.time(pathOf(f)); }
    void object(Field f, ArmReader::Need need) { m_r.object(pathOf(f), need); }

private:
    ArmReader &m_r;
};

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
QString common(Reader &r, Field f, Recent::Slot slot)
{
    if constexpr (std::is_same_v<Reader, TextReader>)
        return r.string(f, ArmReader::Optional, &recent().texts[slot]);
    else
        return r.string(f);
}

// A member that mostly repeats a string the item has already (its name is the id's last
// segment): the text reader shares `like` when the value is written as it is; Qt's document
// gives its own string anyway.
template<typename Reader>
QString sharing(Reader &r, Field f, const QString &like)
{
    if constexpr (std::is_same_v<Reader, TextReader>)
        return r.string(f, like);
    else
        return r.string(f);
}

// What fromArm reads, from either reader: ArmReader over a parsed object, or TextReader over the
// element's text. One body, so both give the same item.
template<typename Reader>
void read(ProtectedItem &i, Reader &r)
{
    using Kind = ProtectedItem::Kind;
    Recent &last = recent();
    i.id = r.string(Field::Id, ArmReader::Required);
    r.setSubject(i.id);
    i.armId = ArmId::parse(i.id, last.itemId);
    last.itemId = i.armId;
    if (r.ok() && i.armId.kind != ArmId::Kind::Item)
        r.failId(i.id, QStringLiteral("ProtectedItem"));
    i.name = sharing(r, Field::Name, i.armId.item);
    if (i.name.isEmpty())
        i.name = i.armId.item;
    r.object(Field::Properties, ArmReader::Required);
    i.protectedItemType = common(r, Field::ProtectedItemType, Recent::ProtectedItemType);
    i.backupManagementType = common(r, Field::BackupManagementType, Recent::BackupManagementType);
    i.workloadType = common(r, Field::WorkloadType, Recent::WorkloadType);
    i.friendlyName = r.string(Field::FriendlyName);
    if (i.friendlyName.isEmpty())
        i.friendlyName = i.armId.itemFriendlyName();
    i.containerName = r.string(Field::ContainerName);
    i.sourceResourceId = r.string(Field::SourceResourceId);
    i.policyId = common(r, Field::PolicyId, Recent::PolicyId);
    i.policyName = r.string(Field::PolicyName);
    if (i.policyName.isEmpty() && !i.policyId.isEmpty()) {
        if (i.policyId != last.policyId) {
            last.policyName = ArmId::parse(i.policyId).policy;
            last.policyId = i.policyId;
        }
        i.policyName = last.policyName;
    }
    i.policyType = common(r, Field::PolicyType, Recent::PolicyType);
    i.lastBackupTime = r.time(Field::LastBackupTime);
    i.lastBackupStatus = common(r, Field::LastBackupStatus, Recent::LastBackupStatus);
    i.lastRecoveryPoint = r.time(Field::LastRecoveryPoint);
    i.healthText = common(r, Field::HealthStatus, Recent::HealthStatus);
    const QString workloadHealth = common(r, Field::ProtectedItemHealthStatus, Recent::WorkloadHealth);
    i.protectionStatus = common(r, Field::ProtectionStatus, Recent::ProtectionStatus);
    i.health = healthFrom(i.healthText, workloadHealth, i.protectionStatus);
    if (i.healthText.isEmpty())
        i.healthText = workloadHealth.isEmpty() ? i.protectionStatus : workloadHealth;
    i.protectionStateText = common(r, Field::ProtectionState, Recent::ProtectionState);
    i.protectionState = stateFrom(i.protectionStateText);
    i.softDeleted = r.boolean(Field::IsScheduledForDeferredDelete).value_or(false);

    const QString type = i.protectedItemType;
    if (same(type, "Microsoft.Compute/virtualMachines")
        || same(type, "Microsoft.ClassicCompute/virtualMachines")) {
        i.kind = Kind::Vm;
    } else if (same(type, "AzureFileShareProtectedItem")) {
        i.kind = Kind::FileShare;
    } else if (same(type, "AzureVmWorkloadSQLDatabase")) {
        i.kind = Kind::SqlDatabase;
        i.serverName = r.string(Field::ServerName);
        i.parentName = r.string(Field::ParentName);
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
        JsonText::MemberSpan top;
        m_unsure = !JsonText::members(m_text, object, &top, &m_topStorage, m_index);
        if (!m_unsure)
            JsonText::pick(top, topKeys(), m_found, &m_unsure);
    }
    TextReader(const TextReader &) = delete; // its spans may point into its own storage
    TextReader &operator=(const TextReader &) = delete;

    bool ok() const { return !m_unsure; }
    void setSubject(const QString &) { }
    void failId(const QString &, const QString &) { m_unsure = true; }

    // With `recent`: when the value is written as that text, its string (shared, not copied);
    // otherwise the value, kept there for the next item.
    QString string(Field f, ArmReader::Need need = ArmReader::Optional, Recent::Text *recent = nullptr)
    {
        const JsonText::Member *m = member(f);
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

    // `like` (shared, not copied) when the value is written as its text.
    QString string(Field f, const QString &like)
    {
        const JsonText::Member *m = member(f);
        if (m && m->plainValue && m->value.type == JsonText::Value::Type::String && m->value.size() >= 2
            && QLatin1String(m_text.constData() + m->value.begin + 1, m->value.size() - 2) == like)
            return like;
        return string(f);
    }

    std::optional<bool> boolean(Field f)
    {
        const JsonText::Member *m = member(f);
        if (!m)
            return std::nullopt;
        const JsonText::Value &v = m->value;
        if (v.type == JsonText::Value::Type::True || v.type == JsonText::Value::Type::False)
            return v.type == JsonText::Value::Type::True;
        m_unsure = true;
        return std::nullopt;
    }

    QDateTime time(Field f)
    {
        const JsonText::Member *m = member(f);
        if (!m)
            return {};
        std::optional<QDateTime> t;
        const JsonText::Value &v = m->value;
        if (m->plainValue && v.type == JsonText::Value::Type::String && v.size() >= 2) {
            // A plain value is its text: read where the page holds it, with no string made of it.
            const QLatin1String written(m_text.constData() + v.begin + 1, v.size() - 2);
            if (written.isEmpty())
                return {};
            t = parseArmTime(written);
        } else {
            const QString text = string(f);
            if (text.isEmpty())
                return {};
            t = parseArmTime(text);
        }
        if (!t) {
            m_unsure = true;
            return {};
        }
        return *t;
    }

    // Only "properties" is asked for, and only that it is there as an object.
    void object(Field f, ArmReader::Need)
    {
        const JsonText::Member *m = member(f);
        if (!m || m->value.type != JsonText::Value::Type::Object)
            m_unsure = true;
    }

private:
    // The keys of an item and of its properties, as kPaths names them.
    template<int First, int Count>
    static JsonText::KeySet keysOf(int prefix)
    {
        std::array<QByteArrayView, Count> k;
        for (int f = 0; f < Count; ++f)
            k[size_t(f)] = QByteArrayView(kPaths[First + f].path).sliced(prefix);
        return JsonText::KeySet(k);
    }
    static const JsonText::KeySet &topKeys()
    {
        static const JsonText::KeySet keys = keysOf<0, kTopFields>(0);
        return keys;
    }
    static const JsonText::KeySet &propertyKeys()
    {
        static const JsonText::KeySet keys = keysOf<kTopFields, kPropertyFields>(kPropertiesPrefixSize);
        return keys;
    }

    // The member `f` names; nullptr when absent or null. Both objects are looked up whole, once:
    // the item's members when the reader is made, its properties' when the first is asked for.
    const JsonText::Member *member(Field f)
    {
        if (m_unsure)
            return nullptr;
        if (int(f) >= kTopFields && !properties())
            return nullptr;
        const JsonText::Member *m = m_found[int(f)];
        if (!m || m->value.type == JsonText::Value::Type::Null)
            return nullptr;
        return m;
    }

    bool properties()
    {
        if (!m_propertiesRead) {
            m_propertiesRead = true;
            const JsonText::Member *m = m_found[int(Field::Properties)];
            JsonText::MemberSpan properties;
            if (!m || m->value.type != JsonText::Value::Type::Object
                || !JsonText::members(m_text, m->value, &properties, &m_propertiesStorage, m_index))
                m_unsure = true;
            else
                JsonText::pick(properties, propertyKeys(), m_found + kTopFields, &m_unsure);
        }
        return !m_unsure;
    }

    const QByteArray &m_text;
    const JsonText::Index *m_index;
    // What each Field names: the members, where the index holds them (read in place), else in the
    // storage beside them.
    const JsonText::Member *m_found[kTopFields + kPropertyFields] = {};
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
    DocumentReader d(r);
    read(i, d);
    if (!r.ok())
        return r.error();
    return i;
}

std::optional<ProtectedItem> ProtectedItem::fromArmText(const QByteArray &page,
                                                        const JsonText::Value &element,
                                                        const JsonText::Index *index)
{
    ProtectedItem i;
    if (!readArmText(i, page, element, index))
        return std::nullopt;
    return i;
}

bool ProtectedItem::readArmText(ProtectedItem &out, const QByteArray &page, const JsonText::Value &element,
                                const JsonText::Index *index)
{
    if (element.type != JsonText::Value::Type::Object)
        return false;
    TextReader r(page, element, index);
    read(out, r);
    if (!r.ok())
        return false;
    out.raw = RawJson::fromText(QByteArrayView(page).sliced(element.begin, element.size()));
    return true;
}

} // namespace RestoreDesk::Backup
