#include "core/shellwords.h"

namespace RestoreDesk {

Result<QStringList> splitShellWords(const QString &command)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum { Plain, Single, Double } mode = Plain;
    for (qsizetype i = 0; i < command.size(); ++i) {
        const QChar c = command.at(i);
        if (mode == Single) {
            if (c == QLatin1Char('\''))
                mode = Plain;
            else
                word += c;
            continue;
        }
        if (mode == Double) {
            if (c == QLatin1Char('"')) {
                mode = Plain;
            } else if (c == QLatin1Char('\\') && i + 1 < command.size()
                       && QStringLiteral("\"\\$`").contains(command.at(i + 1))) {
                word += command.at(++i);
            } else {
                word += c;
            }
            continue;
        }
        if (c.isSpace()) {
            if (inWord) {
                words << word;
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == QLatin1Char('\''))
            mode = Single;
        else if (c == QLatin1Char('"'))
            mode = Double;
        else if (c == QLatin1Char('\\') && i + 1 < command.size())
            word += command.at(++i);
        else
            word += c;
    }
    if (mode != Plain)
        return Error::make(Error::Kind::Invalid, Codes::UnterminatedQuote,
                           mode == Single ? QStringLiteral("single quote") : QStringLiteral("double quote"));
    if (inWord)
        words << word;
    return words;
}

QStringList browserArguments(const QStringList &argvTemplate, const QString &url)
{
    QStringList out;
    bool placed = false;
    for (QString arg : argvTemplate) {
        if (arg.contains(QLatin1String("{url}"))) {
            arg.replace(QLatin1String("{url}"), url);
            placed = true;
        }
        out << arg;
    }
    if (!placed)
        out << url;
    return out;
}

} // namespace RestoreDesk
