#pragma once

#include <QTranslator>

namespace RestoreDesk::Text {

// The English singular and plural of the console's counted sentences. They are written once,
// as Qt asks, with "%n" and "(s)" ("%n vault(s)", tr(…, nullptr, count)); Qt shows that text
// as it stands unless a translator gives the forms, so without one an operator would read
// "1 subscription(s)". Installed first by the GUI and the CLI: for a counted sentence (n ≥ 0) it
// drops "(s)" for one and makes it "s" for any other count; every other sentence it leaves to
// the next translator or to the text as written. QtCore only; any thread.
class EnglishPlurals final : public QTranslator
{
public:
    using QTranslator::QTranslator;

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;
    bool isEmpty() const override { return false; }

    // "%n vault(s)" with 1 → "%n vault", with 0 or 2 → "%n vaults" (likewise "match(es)" and
    // "entry(ies)"); a null string when the text has nothing to decide (none of those, or no
    // count). "%n" itself is Qt's to fill in.
    static QString forms(const char *sourceText, int n);
};

} // namespace RestoreDesk::Text
