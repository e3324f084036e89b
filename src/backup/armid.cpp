#include "backup/armid.h"

#include "backup/backupname.h"
#include "backup/foldedname.h"

#include <QVarLengthArray>

#include <algorithm>
#include <iterator>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace RestoreDesk::Backup {

namespace {

// The segments of one id, as views into it: an id has about twenty, so nothing is allocated for
// the segments themselves; only the values the id keeps become strings.
using Segments = QVarLengthArray<QStringView, 32>;

inline bool is(QStringView segment, QLatin1String name)
{
    return isFoldedName(segment, name);
}

// A literal's length is known here: a segment of another length is turned away inline.
template<size_t N>
inline bool is(QStringView segment, const char (&name)[N])
{
    return is(segment, QLatin1String(name, qsizetype(N - 1)));
}

// Segments that name an operation id, in the casing the API documents.
constexpr QLatin1String kOperations[] = { QLatin1String("operationsStatus"),
                                          QLatin1String("operationResults"),
                                          QLatin1String("operations"),
                                          QLatin1String("operationStatus"),
                                          QLatin1String("backupOperations"),
                                          QLatin1String("backupOperationResults"),
                                          QLatin1String("backupValidateOperationsStatuses"),
                                          QLatin1String("backupValidateOperationResults") };

QString operationSegment(QStringView segment)
{
    // Most segments are of no operation's length: is() would turn each name away by its size, but
    // every segment of every id comes here, and the lengths are compared first in one loop.
    const auto sameLength = [&segment](QLatin1String name) { return name.size() == segment.size(); };
    if (std::none_of(std::begin(kOperations), std::end(kOperations), sameLength))
        return {};
    for (const QLatin1String name : kOperations) {
        if (is(segment, name))
            return name;
    }
    return {};
}

// The path part of an id or URL, scheme and host dropped (a view into it); its query or fragment
// is left to split(), which stops there.
QStringView pathOf(QStringView s)
{
    s = s.trimmed();
    // A URL: a scheme of one to nine characters (a letter, then letters, digits, '+', '-' or
    // '.'), then "://". Looked for by hand in the first twelve units (an item's id is some 250
    // characters, and every item's id is read); anything else is taken as an id's path.
    const char16_t *u = s.utf16();
    const auto isAlpha = [](char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); };
    const auto inScheme = [&isAlpha](char16_t c) {
        return isAlpha(c) || (c >= u'0' && c <= u'9') || c == u'+' || c == u'-' || c == u'.';
    };
    const qsizetype window = qMin<qsizetype>(s.size(), 12);
    qsizetype scheme = 0;
    if (window > 0 && isAlpha(u[0])) {
        scheme = 1;
        while (scheme < window && inScheme(u[scheme]))
            ++scheme;
    }
    if (scheme > 0 && scheme < 10 && scheme + 3 <= s.size() && u[scheme] == u':' && u[scheme + 1] == u'/'
        && u[scheme + 2] == u'/') {
        // The host ends at the path, or at a query or fragment when there is no path.
        qsizetype host = scheme + 3;
        while (host < s.size() && u[host] != u'/' && u[host] != u'?' && u[host] != u'#')
            ++host;
        s = host < s.size() && u[host] == u'/' ? s.mid(host) : QStringView(u"/");
    }
    return s;
}

// The first unit of [p, end) that ends a segment ('/') or the path ('?' or '#'); `end` if none.
const char16_t *segmentEnd(const char16_t *p, const char16_t *end)
{
#ifdef __SSE2__
    // Eight units a step: a segment is some fifteen units, and an id some twenty segments.
    const __m128i slash = _mm_set1_epi16(u'/');
    const __m128i query = _mm_set1_epi16(u'?');
    const __m128i fragment = _mm_set1_epi16(u'#');
    for (; end - p >= 8; p += 8) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const __m128i hits = _mm_or_si128(
            _mm_cmpeq_epi16(x, slash), _mm_or_si128(_mm_cmpeq_epi16(x, query), _mm_cmpeq_epi16(x, fragment)));
        if (const int mask = _mm_movemask_epi8(hits))
            return p + qCountTrailingZeroBits(unsigned(mask)) / 2;
    }
#endif
    for (; p != end; ++p) {
        if (*p == u'/' || *p == u'?' || *p == u'#')
            return p;
    }
    return end;
}

// The non-empty segments between slashes, up to a query or fragment ('?' or '#'), if any.
Segments split(QStringView path)
{
    Segments out;
    const char16_t *const begin = path.utf16();
    const char16_t *const end = begin + path.size();
    const char16_t *from = begin;
    while (true) {
        const char16_t *at = segmentEnd(from, end);
        if (at != from)
            out.append(QStringView(from, at - from));
        if (at == end || *at != u'/')
            return out;
        from = at + 1;
    }
}

ArmId invalid()
{
    return ArmId {};
}

} // namespace

ArmId ArmId::parse(const QString &idOrUrl)
{
    return parse(idOrUrl, nullptr);
}

ArmId ArmId::parse(const QString &idOrUrl, const ArmId &like)
{
    return parse(idOrUrl, &like);
}

ArmId ArmId::parse(const QString &idOrUrl, const ArmId *like)
{
    // A value equal to `like`'s shares its string: nothing is allocated for it (nor freed later).
    const auto shared = [like](QStringView v, QString ArmId::*field) {
        if (like && (like->*field) == v)
            return like->*field;
        return v.toString();
    };
    const QStringView path = pathOf(idOrUrl);
    if (!path.startsWith(QLatin1Char('/')))
        return invalid();
    const Segments s = split(path);
    const auto n = s.size();
    ArmId id;
    if (n == 0) {
        id.kind = Kind::Root;
        return id;
    }
    qsizetype i = 0;
    if (is(s.at(0), "subscriptions")) {
        if (n < 2)
            return invalid();
        id.subscription = shared(s.at(1), &ArmId::subscription);
        i = 2;
        if (i < n && is(s.at(i), "resourceGroups")) {
            if (i + 1 >= n)
                return invalid();
            // "resourceGroups/providers/Microsoft.X/…" is a group without a name (the examples
            // have such sourceResourceIds); "resourceGroups/providers/providers/…" is a group
            // named "providers".
            const bool nameless = is(s.at(i + 1), "providers") && i + 2 < n && !is(s.at(i + 2), "providers")
                && s.at(i + 2).contains(QLatin1Char('.'));
            if (!nameless)
                id.resourceGroup = shared(s.at(i + 1), &ArmId::resourceGroup);
            id.namelessResourceGroup = nameless;
            i += nameless ? 1 : 2;
        }
    }
    if (i < n) {
        if (!is(s.at(i), "providers") || i + 3 >= n)
            return invalid();
        const QStringView providerNamespace = s.at(i + 1);
        const QStringView resourceType = s.at(i + 2);
        id.resourceName = shared(s.at(i + 3), &ArmId::resourceName);
        i += 4;
        if (is(providerNamespace, "Microsoft.RecoveryServices") && is(resourceType, "vaults")) {
            id.providerNamespace = QStringLiteral("Microsoft.RecoveryServices");
            id.resourceType = QStringLiteral("vaults");
            id.vault = id.resourceName;
        } else {
            id.providerNamespace = providerNamespace.toString();
            id.resourceType = resourceType.toString();
        }
    }
    id.fabric = QStringLiteral("Azure");
    while (i < n) {
        const QStringView type = s.at(i);
        const QString op = operationSegment(type);
        if (is(type, "backupJobs") && i + 1 < n && is(s.at(i + 1), "operationResults")) {
            // backupJobs/operationResults/{id}: the result of a jobs export, not a job.
            if (i + 2 >= n)
                return invalid();
            id.operationType = QStringLiteral("backupJobs/operationResults");
            id.operation = s.at(i + 2).toString();
            i += 3;
            continue;
        }
        if (i + 1 >= n)
            return invalid(); // a type without a name
        const QStringView value = s.at(i + 1);
        i += 2;
        if (!id.operation.isEmpty())
            return invalid(); // nothing lies below an operation
        if (!op.isEmpty()) {
            id.operationType = op;
            id.operation = value.toString();
            continue;
        }
        if (!id.isUnderVault()) {
            id.children << type.toString() << value.toString();
            continue;
        }
        if (is(type, "backupFabrics")) {
            id.fabric = shared(value, &ArmId::fabric);
            id.fabricInId = true;
        } else if (is(type, "protectionContainers")) {
            id.container = value.toString();
        } else if (is(type, "protectedItems")) {
            id.item = value.toString();
        } else if (is(type, "recoveryPoints")) {
            id.recoveryPoint = value.toString();
        } else if (is(type, "backupPolicies")) {
            id.policy = shared(value, &ArmId::policy);
        } else if (is(type, "backupJobs")) {
            id.job = value.toString();
        } else {
            id.children << type.toString() << value.toString();
        }
    }
    // An item lies in a container, a recovery point in an item; a vault's children hang off a vault.
    if ((!id.item.isEmpty() && id.container.isEmpty()) || (!id.recoveryPoint.isEmpty() && id.item.isEmpty()))
        return invalid();
    if (!id.operation.isEmpty())
        id.kind = Kind::Operation;
    else if (!id.children.isEmpty())
        id.kind = Kind::Child;
    else if (!id.recoveryPoint.isEmpty())
        id.kind = Kind::RecoveryPoint;
    else if (!id.item.isEmpty())
        id.kind = Kind::Item;
    else if (!id.container.isEmpty())
        id.kind = Kind::Container;
    else if (!id.job.isEmpty())
        id.kind = Kind::Job;
    else if (!id.policy.isEmpty())
        id.kind = Kind::Policy;
    else if (id.fabricInId)
        id.kind = Kind::Fabric;
    else if (id.isUnderVault())
        id.kind = Kind::Vault;
    else if (!id.resourceName.isEmpty())
        id.kind = Kind::Resource;
    else if (!id.resourceGroup.isEmpty())
        id.kind = Kind::ResourceGroup;
    else if (!id.subscription.isEmpty())
        id.kind = Kind::Subscription;
    else
        return invalid();
    // Within one (sub)tree only: a policy, a job and a container do not nest in each other.
    const int branches = int(!id.container.isEmpty()) + int(!id.policy.isEmpty()) + int(!id.job.isEmpty());
    if (branches > 1)
        return invalid();
    return id;
}

QString ArmId::subscriptionId() const
{
    return subscription.isEmpty() ? QString() : QStringLiteral("/subscriptions/") + subscription;
}

QString ArmId::resourceGroupId() const
{
    return resourceGroup.isEmpty() ? QString()
                                   : subscriptionId() + QStringLiteral("/resourceGroups/") + resourceGroup;
}

namespace {

// resourceId() of `id` in one buffer, with room for `more` units after it (an id below it).
QString resourceIdOf(const ArmId &id, qsizetype more)
{
    if (id.resourceName.isEmpty())
        return {};
    // Appended, not concatenated step by step or through arg(): the same text (arg() never reads
    // the values it puts in) without a string per step or a format parsed for every id.
    QString out;
    out.reserve(15 + id.subscription.size() + 16 + id.resourceGroup.size() + 13 + id.providerNamespace.size()
                + id.resourceType.size() + id.resourceName.size() + more);
    if (!id.subscription.isEmpty()) {
        out += QLatin1String("/subscriptions/");
        out += id.subscription;
    }
    if (!id.resourceGroup.isEmpty()) {
        out += QLatin1String("/resourceGroups/");
        out += id.resourceGroup;
    } else if (id.namelessResourceGroup) {
        out += QLatin1String("/resourceGroups"); // as given
    }
    out += QLatin1String("/providers/");
    out += id.providerNamespace;
    out += QLatin1Char('/');
    out += id.resourceType;
    out += QLatin1Char('/');
    out += id.resourceName;
    return out;
}

} // namespace

QString ArmId::resourceId() const
{
    return resourceIdOf(*this, 0);
}

QString ArmId::vaultId() const
{
    return vault.isEmpty() ? QString() : resourceId();
}

QString ArmId::policyId() const
{
    return policy.isEmpty() ? QString() : vaultId() + QStringLiteral("/backupPolicies/") + policy;
}

QString ArmId::containerId() const
{
    if (container.isEmpty())
        return {};
    // Room for an item below it too (itemId()): one allocation for the whole id.
    QString out = vault.isEmpty()
        ? QString()
        : resourceIdOf(*this, 37 + fabric.size() + container.size() + 16 + item.size());
    out += QLatin1String("/backupFabrics/");
    out += fabric;
    out += QLatin1String("/protectionContainers/");
    out += container;
    return out;
}

QString ArmId::itemId() const
{
    if (item.isEmpty())
        return {};
    QString out = containerId();
    out += QLatin1String("/protectedItems/");
    out += item;
    return out;
}

QString ArmId::recoveryPointId() const
{
    return recoveryPoint.isEmpty() ? QString()
                                   : itemId() + QStringLiteral("/recoveryPoints/") + recoveryPoint;
}

QString ArmId::jobId() const
{
    return job.isEmpty() ? QString() : vaultId() + QStringLiteral("/backupJobs/") + job;
}

QString ArmId::canonical() const
{
    QString out;
    switch (kind) {
    case Kind::Invalid:
        return {};
    case Kind::Root:
        return QStringLiteral("/");
    case Kind::Subscription:
        return subscriptionId();
    case Kind::ResourceGroup:
        return resourceGroupId();
    default:
        break;
    }
    if (!recoveryPoint.isEmpty())
        out = recoveryPointId();
    else if (!item.isEmpty())
        out = itemId();
    else if (!container.isEmpty())
        out = containerId();
    else if (!policy.isEmpty())
        out = policyId();
    else if (!job.isEmpty())
        out = jobId();
    else if (fabricInId)
        out = vaultId() + QStringLiteral("/backupFabrics/") + fabric;
    else
        out = resourceId();
    for (qsizetype i = 0; i + 1 < children.size(); i += 2)
        out += QLatin1Char('/') + children.at(i) + QLatin1Char('/') + children.at(i + 1);
    if (!operation.isEmpty())
        out += QLatin1Char('/') + operationType + QLatin1Char('/') + operation;
    return out;
}

QStringList ArmId::scopeChain() const
{
    QStringList chain;
    if (!isValid())
        return chain;
    if (!resourceName.isEmpty())
        chain << resourceId();
    if (!resourceGroup.isEmpty())
        chain << resourceGroupId();
    if (!subscription.isEmpty())
        chain << subscriptionId();
    chain << QStringLiteral("/");
    return chain;
}

QString ArmId::containerFriendlyName() const
{
    return container.isEmpty() ? QString() : BackupName::friendlyNameOf(container).toString();
}

QString ArmId::itemFriendlyName() const
{
    return item.isEmpty() ? QString() : BackupName::friendlyNameOf(item).toString();
}

QString ArmId::friendlyName() const
{
    switch (kind) {
    case Kind::Invalid:
        return {};
    case Kind::Root:
        return QStringLiteral("/");
    case Kind::Subscription:
        return subscription;
    case Kind::ResourceGroup:
        return resourceGroup;
    case Kind::Resource:
    case Kind::Vault:
        return resourceName;
    case Kind::Policy:
        return policy;
    case Kind::Fabric:
        return fabric;
    case Kind::Container:
        return containerFriendlyName();
    case Kind::Item:
        return itemFriendlyName();
    case Kind::RecoveryPoint:
        return recoveryPoint;
    case Kind::Job:
        return job;
    case Kind::Operation:
        return operation;
    case Kind::Child:
        return children.isEmpty() ? QString() : children.last();
    }
    return {};
}

QString ArmId::key() const
{
    return lowerId(canonical());
}

bool lowerAsciiInto(QStringView s, char16_t *out)
{
    const char16_t *p = s.utf16();
    const qsizetype n = s.size();
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time; compared as signed (a unit from 0x8000 up is negative).
    const __m128i zero = _mm_setzero_si128();
    const __m128i ascii = _mm_set1_epi16(0x7f);
    const __m128i beforeA = _mm_set1_epi16('A' - 1);
    const __m128i afterZ = _mm_set1_epi16('Z' + 1);
    for (; i + 8 <= n; i += 8) {
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi16(x, zero), _mm_cmpgt_epi16(x, ascii))))
            return false;
        const __m128i isUpper = _mm_and_si128(_mm_cmpgt_epi16(x, beforeA), _mm_cmplt_epi16(x, afterZ));
        x = _mm_add_epi16(x, _mm_and_si128(isUpper, _mm_set1_epi16(0x20)));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), x);
    }
#endif
    for (; i < n; ++i) {
        const char16_t c = p[i];
        if (c >= 0x80)
            return false;
        out[i] = c >= u'A' && c <= u'Z' ? char16_t(c + (u'a' - u'A')) : c;
    }
    return true;
}

QString lowerId(QString s)
{
    // QString::toLower() looks every unit up in Unicode's tables (a listing lowers tens of
    // thousands of ids of some 300 units); for ASCII, lower case is A-Z -> a-z and nothing else.
    const char16_t *p = reinterpret_cast<const char16_t *>(s.constData());
    const qsizetype n = s.size();
    bool upper = false;
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time; compared as signed (a unit from 0x8000 up is negative).
    const __m128i zero = _mm_setzero_si128();
    const __m128i ascii = _mm_set1_epi16(0x7f);
    const __m128i beforeA = _mm_set1_epi16('A' - 1);
    const __m128i afterZ = _mm_set1_epi16('Z' + 1);
    for (; i + 8 <= n; i += 8) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi16(x, zero), _mm_cmpgt_epi16(x, ascii))))
            return std::move(s).toLower();
        upper = upper
            || _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi16(x, beforeA), _mm_cmplt_epi16(x, afterZ)));
    }
#endif
    for (; i < n; ++i) {
        const char16_t c = p[i];
        if (c >= 0x80)
            return std::move(s).toLower();
        upper = upper || (c >= u'A' && c <= u'Z');
    }
    if (!upper)
        return s; // already lower case: shared, not copied
    // Lowered in place (detached when shared): the text is ASCII, each block read before written.
    char16_t *d = reinterpret_cast<char16_t *>(s.data());
    lowerAsciiInto(s, d);
    return s;
}

bool sameArmId(const QString &a, const QString &b)
{
    const ArmId x = ArmId::parse(a);
    const ArmId y = ArmId::parse(b);
    if (x.isValid() && y.isValid())
        return x.key() == y.key();
    auto norm = [](QString s) {
        s = s.trimmed();
        while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
            s.chop(1);
        return lowerId(std::move(s));
    };
    return !x.isValid() && !y.isValid() && norm(a) == norm(b);
}

} // namespace RestoreDesk::Backup
