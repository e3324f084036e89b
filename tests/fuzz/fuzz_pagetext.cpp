// libFuzzer entry, differential: any bytes as a list page, read from its text (PageText,
// ProtectedItem::fromArmText) and by QJsonDocument (Page::fromValue). Where the text reader
// vouches for the page, QJsonDocument must read it too and give the same elements, nextLink and
// items; a difference aborts (a finding). Text the reader does not vouch for is left alone: the
// listing parses it with QJsonDocument. Never a crash either way.
#include "backup/page.h"
#include "backup/protecteditem.h"
#include "core/jsontext.h"
#include "core/pagetext.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <cstdlib>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

namespace {

[[noreturn]] void differ(const char *what)
{
    std::fprintf(stderr, "fuzz_pagetext: the text reader and QJsonDocument differ: %s\n", what);
    std::abort();
}

bool same(const ProtectedItem &a, const ProtectedItem &b)
{
    return a.id == b.id && a.name == b.name && a.kind == b.kind && a.protectedItemType == b.protectedItemType
        && a.backupManagementType == b.backupManagementType && a.workloadType == b.workloadType
        && a.friendlyName == b.friendlyName && a.containerName == b.containerName
        && a.sourceResourceId == b.sourceResourceId && a.policyId == b.policyId
        && a.policyName == b.policyName && a.policyType == b.policyType
        && a.lastBackupTime == b.lastBackupTime && a.lastBackupStatus == b.lastBackupStatus
        && a.lastRecoveryPoint == b.lastRecoveryPoint && a.health == b.health && a.healthText == b.healthText
        && a.protectionState == b.protectionState && a.protectionStateText == b.protectionStateText
        && a.protectionStatus == b.protectionStatus && a.serverName == b.serverName
        && a.parentName == b.parentName && a.softDeleted == b.softDeleted && a.raw.object() == b.raw.object();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<PageText> scanned = PageText::scan(text);
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (const auto top = JsonText::scan(text); top && top->type == JsonText::Value::Type::Object) {
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            differ("scanned text Qt refuses");
        if (JsonText::toJsonValue(text, *top) != QJsonValue(doc.object()))
            differ("values");
    }
    if (!scanned)
        return 0;
    const QJsonObject body = doc.object();
    const QJsonValue next = body.value(QStringLiteral("nextLink"));
    if (!body.value(QStringLiteral("value")).isArray()
        || !(next.isString() || next.isNull() || next.isUndefined()) || scanned->nextLink != next.toString())
        differ("page shape");
    const QJsonArray value = body.value(QStringLiteral("value")).toArray();
    if (scanned->elements.size() != value.size())
        differ("element count");
    const Page<ProtectedItem> want = Page<ProtectedItem>::fromValue(value);
    const Page<ProtectedItem> got = Page<ProtectedItem>::fromText(*scanned);
    if (got.items.size() != want.items.size() || got.rejected.size() != want.rejected.size())
        differ("items");
    for (qsizetype i = 0; i < got.items.size(); ++i) {
        if (!same(got.items.at(i), want.items.at(i)))
            differ("an item");
    }
    for (qsizetype i = 0; i < got.rejected.size(); ++i) {
        const Unreadable &a = got.rejected.at(i);
        const Unreadable &b = want.rejected.at(i);
        if (a.index != b.index || a.raw != b.raw || a.error.code != b.error.code
            || a.error.args != b.error.args || a.error.detail != b.error.detail)
            differ("an unreadable entry");
    }
    return 0;
}
