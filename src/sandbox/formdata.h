#pragma once

#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace RestoreDesk::Sandbox {

// The fields of an application/x-www-form-urlencoded text, a query string or a form body, read
// the one way the WHATWG URL standard defines: fields split at '&' (empty ones skipped), name and
// value at the first '=', '+' is a space, each valid %XX is decoded exactly once (anything else
// stays as written), the bytes are UTF-8. A name given more than once is listed in repeated()
// and has no value(), so no handler can pick one of several by accident (RFC 6749 §3.1, §3.2).
// Every route of the sandbox reads its parameters through this class. Value type, any thread.
class FormData
{
public:
    // OAuth and OpenID parameter names are case-sensitive; ARM compares them without case.
    enum class Names { CaseSensitive, CaseInsensitive };

    static FormData parse(QByteArrayView encoded, Names names = Names::CaseSensitive);

    bool contains(QStringView name) const;
    QString value(QStringView name) const; // null when absent or repeated
    QStringList repeated() const { return m_repeated; } // names given more than once
    QList<QPair<QString, QString>> fields() const { return m_fields; } // in order, repeats included

    // The form encoding of `fields` ('+' for spaces, as URLSearchParams writes it).
    static QByteArray encode(const QList<QPair<QString, QString>> &fields);

private:
    bool same(QStringView a, QStringView b) const;

    QList<QPair<QString, QString>> m_fields;
    QStringList m_repeated;
    Names m_names = Names::CaseSensitive;
};

} // namespace RestoreDesk::Sandbox
