#include "sandbox/formdata.h"

#include "core/hexdigit.h"

#include <QUrl>

namespace RestoreDesk::Sandbox {

namespace {

// WHATWG "percent-decode" after '+' became a space: one pass, so "%252B" gives "%2B".
QString decode(QByteArrayView raw)
{
    QByteArray out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c == '+') {
            out += ' ';
            continue;
        }
        if (c == '%' && i + 2 < raw.size()) {
            const int hi = hexDigit(raw.at(i + 1));
            const int lo = hexDigit(raw.at(i + 2));
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += c;
    }
    return QString::fromUtf8(out);
}

} // namespace

FormData FormData::parse(QByteArrayView encoded, Names names)
{
    FormData data;
    data.m_names = names;
    qsizetype start = 0;
    while (start <= encoded.size()) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView field = encoded.sliced(start, end - start);
        start = end + 1;
        if (field.isEmpty())
            continue;
        const qsizetype eq = field.indexOf('=');
        const QString name = decode(eq < 0 ? field : field.first(eq));
        const QString value = eq < 0 ? QStringLiteral("") : decode(field.sliced(eq + 1));
        if (data.contains(name)) {
            bool listed = false;
            for (const QString &r : std::as_const(data.m_repeated))
                listed = listed || data.same(r, name);
            if (!listed)
                data.m_repeated << name;
        }
        data.m_fields.append({ name, value });
    }
    return data;
}

bool FormData::same(QStringView a, QStringView b) const
{
    return a.compare(b, m_names == Names::CaseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0;
}

bool FormData::contains(QStringView name) const
{
    for (const auto &field : m_fields) {
        if (same(field.first, name))
            return true;
    }
    return false;
}

QString FormData::value(QStringView name) const
{
    for (const QString &r : m_repeated) {
        if (same(r, name))
            return {};
    }
    for (const auto &field : m_fields) {
        if (same(field.first, name))
            return field.second;
    }
    return {};
}

QByteArray FormData::encode(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &field : fields) {
        if (!out.isEmpty())
            out += '&';
        // Spaces are written %20 first, then turned into '+'; a literal '+' is already %2B.
        // Characters a query may carry as they are stay readable ($filter, not %24filter).
        static const QByteArray keep("$'():,;@/!*");
        out += QUrl::toPercentEncoding(field.first, keep).replace("%20", "+");
        out += '=';
        out += QUrl::toPercentEncoding(field.second, keep).replace("%20", "+");
    }
    return out;
}

} // namespace RestoreDesk::Sandbox
